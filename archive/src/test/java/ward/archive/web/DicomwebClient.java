package ward.archive.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ward.archive.web.multipart.MultipartLimits;
import ward.archive.web.multipart.MultipartReader;
import ward.archive.web.multipart.MultipartWriter;
import ward.archive.web.multipart.Part;
import ward.dicom.DataSet;
import ward.dicom.Part10Head;
import ward.dicom.json.DicomJson;
import ward.dicom.json.JsonReadOptions;

/** What the DICOMweb tests do as a client: build STOW bodies, split multipart answers. */
final class DicomwebClient {
  private DicomwebClient() {}

  /** One part of a multipart answer. */
  @SuppressWarnings("ArrayRecordComponent")
  record ReceivedPart(Map<String, String> headers, byte[] body) {
    String contentType() {
      return headers.get("content-type");
    }
  }

  /** A STOW-RS body of Part 10 files, and its Content-Type. */
  @SuppressWarnings("ArrayRecordComponent")
  record Body(String contentType, byte[] bytes) {}

  static Body stowBody(List<Path> files) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MultipartWriter writer = new MultipartWriter(out, "application/dicom");
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        writer.part("application/dicom", null, in);
      }
    }
    writer.finish();
    return new Body(writer.contentType(), out.toByteArray());
  }

  static HttpRequest stow(WebFixture web, String path, String token, Body body) {
    return web.request(path, token)
        .header("Content-Type", body.contentType())
        .header("Accept", "application/dicom+json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
        .build();
  }

  /** The parts of a multipart/related answer. */
  static List<ReceivedPart> parts(HttpResponse<byte[]> response) throws IOException {
    return parts(response.headers().firstValue("Content-Type").orElseThrow(), response.body());
  }

  static List<ReceivedPart> parts(String contentType, byte[] body) throws IOException {
    MultipartReader reader =
        MultipartReader.open(new ByteArrayInputStream(body), contentType, MultipartLimits.DEFAULT);
    List<ReceivedPart> parts = new ArrayList<>();
    for (Part p = reader.next(); p != null; p = reader.next()) {
      parts.add(new ReceivedPart(p.headers(), p.body().readAllBytes()));
    }
    return parts;
  }

  /** The bytes of a Part 10 object's data set: everything after its file meta information. */
  static byte[] dataSetBytes(byte[] part10) throws IOException {
    InputStream in = new ByteArrayInputStream(part10);
    Part10Head head = Part10Head.read(in);
    return head.dataSet(in).readAllBytes();
  }

  /** A DICOM JSON array, Bulk Data URIs read as empty values. */
  static List<DataSet> jsonArray(byte[] json) throws IOException {
    return DicomJson.readArray(
        new String(json, java.nio.charset.StandardCharsets.UTF_8),
        JsonReadOptions.DEFAULT.withBulkDataResolver((path, vr, uri) -> ward.dicom.Value.EMPTY));
  }

  static DataSet jsonObject(byte[] json) throws IOException {
    return DicomJson.read(
        new String(json, java.nio.charset.StandardCharsets.UTF_8), JsonReadOptions.DEFAULT);
  }
}
