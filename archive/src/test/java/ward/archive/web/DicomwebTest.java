package ward.archive.web;

import static org.assertj.core.api.Assertions.assertThat;
import static ward.archive.web.DicomwebClient.dataSetBytes;
import static ward.archive.web.DicomwebClient.jsonArray;
import static ward.archive.web.DicomwebClient.jsonObject;
import static ward.archive.web.DicomwebClient.parts;
import static ward.archive.web.DicomwebClient.stow;
import static ward.archive.web.DicomwebClient.stowBody;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.auth.Principal;
import ward.archive.auth.Role;
import ward.archive.web.DicomwebClient.ReceivedPart;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.Tags;
import ward.dicom.testing.Oracles;

/**
 * DICOMweb end to end over real HTTPS: files from pydicom's corpus and files made by dcmtk are
 * stored with STOW-RS, found with QIDO-RS, read back with WADO-RS and WADO-URI (compared with what
 * was sent and with pydicom), and deleted; curl stores and retrieves too. Every refusal the brief
 * names is checked.
 */
@Tag("oracle")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class DicomwebTest {
  private static final String MULTIPART_DICOM = "multipart/related; type=\"application/dicom\"";

  @TempDir static Path dir;

  private WebFixture web;
  private String uploader;
  private String reader;
  private String admin;
  private final Map<String, Path> files = new TreeMap<>();
  private final Map<String, DataSet> sent = new TreeMap<>();
  private HttpResponse<byte[]> firstStow;

  @BeforeAll
  void storeTheCorpus() throws Exception {
    web = new WebFixture(dir, 2 << 20);
    uploader = web.authenticator.tokenFor("ursula.upload", Role.UPLOADER);
    reader = web.authenticator.tokenFor("rita.reader", Role.READER);
    admin = web.authenticator.tokenFor("adam.admin", Role.ADMINISTRATOR);
    Path corpus = Oracles.pydicomDataDir().resolve("test_files");
    for (String name :
        List.of("CT_small.dcm", "MR_small.dcm", "SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_rle_2frame.dcm")) {
      files.put(name, corpus.resolve(name));
    }
    files.put("jane.dcm", Dcmtk.secondaryCapture(dir, "jane", "Doe^Jane", "WARD-0001", "20240115"));
    files.put(
        "john.dcm",
        Dcmtk.relabelled(
            dir, corpus.resolve("MR_small.dcm"), "john", "Doe^John", "WARD-0002", "20240220"));
    // rtdose.dcm's meta information names another SOP instance than its data set: Ward refuses
    // it as it is (see below), so the multi-frame tests use a copy dcmodify gave new, consistent
    // UIDs.
    files.put(
        "dose.dcm",
        Dcmtk.relabelled(
            dir, corpus.resolve("rtdose.dcm"), "dose", "Roe^Dora", "WARD-0003", "20230805"));
    for (Map.Entry<String, Path> f : files.entrySet()) {
      sent.put(f.getKey(), DicomReader.readFile(f.getValue()).dataSet());
    }
    firstStow =
        web.send(
            stow(web, "/dicomweb/studies", uploader, stowBody(new ArrayList<>(files.values()))));
  }

  @AfterAll
  void stop() {
    web.close();
  }

  private DataSet sent(String name) {
    return sent.get(name);
  }

  private String uid(String name, int tag) {
    return sent(name).getString(tag).strip();
  }

  private String instancePath(String name) {
    return "/dicomweb/studies/"
        + uid(name, Tags.StudyInstanceUID)
        + "/series/"
        + uid(name, Tags.SeriesInstanceUID)
        + "/instances/"
        + uid(name, Tags.SOPInstanceUID);
  }

  private HttpResponse<byte[]> get(String path, String token, String accept) throws Exception {
    HttpRequest.Builder b = web.request(path, token).GET();
    if (accept != null) {
      b.header("Accept", accept);
    }
    return web.send(b.build());
  }

  // ---------------------------------------------------------------- STOW-RS

  @Test
  void stowStoresEveryPartAndAnswersWithTheirRetrieveUrls() throws Exception {
    assertThat(firstStow.statusCode()).isEqualTo(200);
    assertThat(firstStow.headers().firstValue("Content-Type")).hasValue("application/dicom+json");
    DataSet answer = jsonObject(firstStow.body());
    assertThat(answer.contains(Tags.FailedSOPSequence)).isFalse();
    List<DataSet> referenced = answer.getSequence(Tags.ReferencedSOPSequence);
    assertThat(referenced).hasSize(files.size());
    Set<String> sops = new HashSet<>();
    for (DataSet item : referenced) {
      sops.add(item.getString(Tags.ReferencedSOPInstanceUID));
      assertThat(item.getString(Tags.RetrieveURL))
          .startsWith(web.base + "/dicomweb/studies/")
          .endsWith("/instances/" + item.getString(Tags.ReferencedSOPInstanceUID));
    }
    for (String name : files.keySet()) {
      assertThat(sops).contains(uid(name, Tags.SOPInstanceUID));
      assertThat(web.index.instance(uid(name, Tags.SOPInstanceUID))).as(name).isPresent();
    }
  }

  @Test
  void stowOfAnInstanceAlreadyStoredFailsWithDuplicateReason() throws Exception {
    HttpResponse<byte[]> r =
        web.send(
            stow(web, "/dicomweb/studies", uploader, stowBody(List.of(files.get("CT_small.dcm")))));

    assertThat(r.statusCode()).isEqualTo(409);
    DataSet failed = jsonObject(r.body()).getSequence(Tags.FailedSOPSequence).get(0);
    assertThat(failed.getInt(Tags.FailureReason, -1)).isEqualTo(0x0111);
    assertThat(failed.getString(Tags.ReferencedSOPInstanceUID))
        .isEqualTo(uid("CT_small.dcm", Tags.SOPInstanceUID));
  }

  @Test
  void stowRefusesAFileWhoseMetaInformationContradictsItsDataSet() throws Exception {
    Path rtdose = Oracles.pydicomDataDir().resolve("test_files").resolve("rtdose.dcm");

    HttpResponse<byte[]> r =
        web.send(stow(web, "/dicomweb/studies", uploader, stowBody(List.of(rtdose))));

    assertThat(r.statusCode()).isEqualTo(409);
    DataSet failed = jsonObject(r.body()).getSequence(Tags.FailedSOPSequence).get(0);
    assertThat(failed.getInt(Tags.FailureReason, -1)).isEqualTo(0xA900);
    assertThat(failed.getString(Tags.ReferencedSOPInstanceUID))
        .isEqualTo("1.2.999.999.99.9.9999.9999.20030818153516");
  }

  @Test
  void stowToAStudyFailsThePartsOfOtherStudies() throws Exception {
    Path fresh =
        Dcmtk.relabelled(
            dir, files.get("CT_small.dcm"), "other", "Roe^Rick", "WARD-0009", "20240301");
    String target = "1.2.826.0.1.3680043.9.7433.42";

    HttpResponse<byte[]> r =
        web.send(stow(web, "/dicomweb/studies/" + target, uploader, stowBody(List.of(fresh))));

    assertThat(r.statusCode()).isEqualTo(409);
    DataSet failed = jsonObject(r.body()).getSequence(Tags.FailedSOPSequence).get(0);
    assertThat(failed.getInt(Tags.FailureReason, -1)).isEqualTo(0xA900);
    assertThat(
            web.index.instance(
                DicomReader.readFile(fresh).dataSet().getString(Tags.SOPInstanceUID)))
        .isEmpty();
  }

  @Test
  void stowWithSomePartsFailingAnswers202AndNamesTheFailure() throws Exception {
    Path fresh =
        Dcmtk.relabelled(
            dir, files.get("dose.dcm"), "partial", "Roe^Rosa", "WARD-0010", "20240302");
    Path garbage = dir.resolve("garbage.dcm");
    Files.write(garbage, "this is not DICOM".repeat(20).getBytes(StandardCharsets.US_ASCII));

    HttpResponse<byte[]> r =
        web.send(stow(web, "/dicomweb/studies", uploader, stowBody(List.of(fresh, garbage))));

    assertThat(r.statusCode()).isEqualTo(202);
    DataSet answer = jsonObject(r.body());
    assertThat(answer.getSequence(Tags.ReferencedSOPSequence)).hasSize(1);
    assertThat(answer.getSequence(Tags.FailedSOPSequence).get(0).getInt(Tags.FailureReason, -1))
        .isEqualTo(0xC000);
  }

  @Test
  void stowRefusesMalformedMultipart() throws Exception {
    byte[] cut = Arrays.copyOf(stowBody(List.of(files.get("CT_small.dcm"))).bytes(), 5000);
    HttpResponse<String> r =
        web.sendForText(
            web.request("/dicomweb/studies", uploader)
                .header(
                    "Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(cut))
                .build());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("{\"error\":");
  }

  @Test
  void stowRefusesBodiesThatAreNotMultipartDicom() throws Exception {
    byte[] file = Files.readAllBytes(files.get("CT_small.dcm"));
    HttpResponse<String> plain =
        web.sendForText(
            web.request("/dicomweb/studies", uploader)
                .header("Content-Type", "application/dicom")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                .build());
    DicomwebClient.Body body = stowBody(List.of(files.get("CT_small.dcm")));
    HttpResponse<String> json =
        web.sendForText(
            web.request("/dicomweb/studies", uploader)
                .header(
                    "Content-Type",
                    body.contentType().replace("application/dicom", "application/dicom+json"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                .build());

    assertThat(plain.statusCode()).isEqualTo(415);
    assertThat(json.statusCode()).isEqualTo(415);
  }

  @Test
  void stowRefusesBodiesOverTheSizeLimit() throws Exception {
    // Refused on its Content-Length, before it is read. curl asks with "Expect: 100-continue" and
    // gets the answer instead of sending the body.
    Path big = dir.resolve("big-body");
    Files.write(big, new byte[3 << 20]);

    String status =
        curl(
            "-X",
            "POST",
            "-H",
            "Content-Type: multipart/related; type=\"application/dicom\"; boundary=b0",
            "--data-binary",
            "@" + big,
            "-o",
            dir.resolve("discarded").toString(),
            web.base + "/dicomweb/studies");

    assertThat(status).isEqualTo("413");
  }

  @Test
  void stowRefusesAChunkedBodyThatGrowsPastTheSizeLimit() throws Exception {
    // Without a Content-Length only counting can stop it. curl sends it chunked and, unlike the
    // JDK's client, reads an answer that comes before the body is sent.
    byte[] head =
        "--b0\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    Path big = dir.resolve("chunked-body");
    Files.write(big, Arrays.copyOf(head, 3 << 20)); // no closing boundary: only the limit ends it

    String status =
        curl(
            "-X",
            "POST",
            "-H",
            "Transfer-Encoding: chunked",
            "-H",
            "Expect:",
            "-H",
            "Content-Type: multipart/related; type=\"application/dicom\"; boundary=b0",
            "--data-binary",
            "@" + big,
            "-o",
            dir.resolve("discarded").toString(),
            web.base + "/dicomweb/studies");

    assertThat(status).isEqualTo("413");
  }

  @Test
  void aBodyCutShortAfterStoredPartsStillReportsThoseParts() throws Exception {
    Path fresh =
        Dcmtk.relabelled(
            dir, files.get("CT_small.dcm"), "before-cut", "Coe^Carl", "WARD-0013", "20240305");
    DicomwebClient.Body whole = stowBody(List.of(fresh, files.get("MR_small.dcm")));
    byte[] cut = Arrays.copyOf(whole.bytes(), whole.bytes().length - 2000);

    HttpResponse<byte[]> r =
        web.send(
            web.request("/dicomweb/studies", uploader)
                .header("Content-Type", whole.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(cut))
                .build());

    assertThat(r.statusCode()).isEqualTo(202);
    DataSet answer = jsonObject(r.body());
    assertThat(answer.getSequence(Tags.ReferencedSOPSequence))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.getString(Tags.ReferencedSOPInstanceUID))
                    .isEqualTo(
                        DicomReader.readFile(fresh).dataSet().getString(Tags.SOPInstanceUID)));
    assertThat(answer.getSequence(Tags.FailedSOPSequence).get(0).getInt(Tags.FailureReason, -1))
        .isEqualTo(0xC000);
  }

  // ---------------------------------------------------------------- QIDO-RS

  @Test
  void qidoFindsStudiesByPatientNameWildcard() throws Exception {
    List<DataSet> found = qido("/dicomweb/studies?PatientName=doe*");

    assertThat(found)
        .extracting(d -> d.getString(Tags.PatientID))
        .containsExactlyInAnyOrder("WARD-0001", "WARD-0002");
    for (DataSet d : found) {
      assertThat(d.getString(Tags.RetrieveURL))
          .isEqualTo(web.base + "/dicomweb/studies/" + d.getString(Tags.StudyInstanceUID));
      assertThat(d.getString(Tags.InstanceAvailability)).isEqualTo("ONLINE");
      assertThat(d.getInt(Tags.NumberOfStudyRelatedInstances, -1)).isEqualTo(1);
    }
  }

  @Test
  void qidoFindsStudiesByStudyDateRangeAndByTag() throws Exception {
    assertThat(qido("/dicomweb/studies?StudyDate=20240101-20240131"))
        .extracting(d -> d.getString(Tags.PatientName))
        .containsExactly("Doe^Jane");
    assertThat(qido("/dicomweb/studies?00100020=WARD-0002"))
        .extracting(d -> d.getString(Tags.StudyInstanceUID))
        .containsExactly(uid("john.dcm", Tags.StudyInstanceUID));
  }

  @Test
  void qidoFindsStudiesByModalitiesInStudy() throws Exception {
    assertThat(qido("/dicomweb/studies?ModalitiesInStudy=MR"))
        .extracting(d -> d.getString(Tags.StudyInstanceUID))
        .containsExactlyInAnyOrder(
            uid("MR_small.dcm", Tags.StudyInstanceUID), uid("john.dcm", Tags.StudyInstanceUID));
  }

  @Test
  void qidoPagesWithLimitAndOffsetAndAddsIncludedFields() throws Exception {
    String all = "/dicomweb/studies?includefield=StudyDescription&PatientID=";
    List<DataSet> first = qido(all + "&limit=4&offset=0");
    List<DataSet> rest = qido(all + "&limit=4&offset=4");

    assertThat(first).hasSize(4);
    Set<String> studies = new HashSet<>();
    for (DataSet d : first) {
      studies.add(d.getString(Tags.StudyInstanceUID));
    }
    for (DataSet d : rest) {
      studies.add(d.getString(Tags.StudyInstanceUID));
    }
    for (String name : files.keySet()) {
      assertThat(studies).contains(uid(name, Tags.StudyInstanceUID));
    }
    DataSet ct = null;
    for (DataSet d : qido("/dicomweb/studies?includefield=00081030&PatientID=1CT1")) {
      ct = d;
    }
    assertThat(ct).isNotNull();
    assertThat(ct.getString(Tags.StudyDescription))
        .isEqualTo(sent("CT_small.dcm").getString(Tags.StudyDescription));
  }

  @Test
  void qidoSearchesSeriesAndInstancesWithinAndAcrossStudies() throws Exception {
    String study = uid("CT_small.dcm", Tags.StudyInstanceUID);
    String series = uid("CT_small.dcm", Tags.SeriesInstanceUID);

    assertThat(qido("/dicomweb/studies/" + study + "/series"))
        .singleElement()
        .satisfies(d -> assertThat(d.getString(Tags.Modality)).isEqualTo("CT"))
        .satisfies(
            d ->
                assertThat(d.getString(Tags.RetrieveURL))
                    .isEqualTo(web.base + "/dicomweb/studies/" + study + "/series/" + series));
    assertThat(qido("/dicomweb/studies/" + study + "/series/" + series + "/instances"))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.getString(Tags.SOPInstanceUID))
                    .isEqualTo(uid("CT_small.dcm", Tags.SOPInstanceUID)))
        .satisfies(d -> assertThat(d.getInt(Tags.Rows, -1)).isEqualTo(128));
    assertThat(qido("/dicomweb/series?Modality=RTDOSE"))
        .singleElement()
        .satisfies(d -> assertThat(d.getString(Tags.PatientID)).isEqualTo("WARD-0003"));
    assertThat(qido("/dicomweb/instances?PatientID=WARD-0001"))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.getString(Tags.SOPInstanceUID))
                    .isEqualTo(uid("jane.dcm", Tags.SOPInstanceUID)));
  }

  @Test
  void qidoAnswers204WhenNothingMatchesAndWarnsThatFuzzyMatchingIsNotDone() throws Exception {
    HttpResponse<byte[]> none =
        get("/dicomweb/studies?PatientName=Nobody*&fuzzymatching=true", reader, null);

    assertThat(none.statusCode()).isEqualTo(204);
    assertThat(none.headers().firstValue("Warning"))
        .hasValueSatisfying(w -> assertThat(w).startsWith("299 ").contains("fuzzymatching"));
  }

  @Test
  void qidoRefusesUnknownAttributesAndMalformedValues() throws Exception {
    for (String query :
        List.of(
            "PatientNmae=Doe*",
            "00400275.00400009=1",
            "StudyDate=2024-99",
            "limit=0",
            "limit=abc",
            "StudyInstanceUID=1.2.3.x",
            "includefield=NoSuchThing")) {
      HttpResponse<String> r =
          web.sendForText(web.request("/dicomweb/studies?" + query, reader).GET().build());
      assertThat(r.statusCode()).as(query).isEqualTo(400);
      assertThat(r.body()).as(query).startsWith("{\"error\":");
    }
  }

  @Test
  void qidoAnswersOnlyInJson() throws Exception {
    assertThat(
            get("/dicomweb/studies", reader, "multipart/related; type=\"application/dicom+xml\"")
                .statusCode())
        .isEqualTo(406);
  }

  private List<DataSet> qido(String path) throws Exception {
    HttpResponse<byte[]> r = get(path, reader, "application/dicom+json");
    if (r.statusCode() == 204) {
      return List.of();
    }
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/dicom+json");
    return jsonArray(r.body());
  }

  // ---------------------------------------------------------------- WADO-RS

  @Test
  void wadoReturnsEveryInstanceWithTheDataSetItWasSent() throws Exception {
    for (String name : files.keySet()) {
      HttpResponse<byte[]> r = get(instancePath(name), reader, MULTIPART_DICOM);

      assertThat(r.statusCode()).as(name).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith(MULTIPART_DICOM + "; boundary="));
      ReceivedPart part = parts(r).get(0);
      byte[] original = Files.readAllBytes(files.get(name));
      assertThat(part.contentType())
          .isEqualTo(
              "application/dicom; transfer-syntax="
                  + DicomReader.readFile(files.get(name)).transferSyntax().uid());
      assertThat(Arrays.copyOf(part.body(), 128)).as("zeroed preamble").containsOnly(0);
      assertThat(dataSetBytes(part.body())).as(name).isEqualTo(dataSetBytes(original));
    }
  }

  @Test
  void wadoReturnsTheInstancesOfAStudyAndOfASeries() throws Exception {
    String study = uid("SC_rgb_jpeg_dcmtk.dcm", Tags.StudyInstanceUID);
    HttpResponse<byte[]> r = get("/dicomweb/studies/" + study, reader, MULTIPART_DICOM);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(parts(r))
        .extracting(p -> p.contentType())
        .containsExactly(
            "application/dicom; transfer-syntax=1.2.840.10008.1.2.4.50",
            "application/dicom; transfer-syntax=1.2.840.10008.1.2.5");
    assertThat(
            get(
                    "/dicomweb/studies/"
                        + study
                        + "/series/"
                        + uid("SC_rgb_jpeg_dcmtk.dcm", Tags.SeriesInstanceUID),
                    reader,
                    "*/*")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void wadoRefusesToTranscode() throws Exception {
    HttpResponse<byte[]> r =
        get(
            instancePath("SC_rgb_jpeg_dcmtk.dcm"),
            reader,
            MULTIPART_DICOM + "; transfer-syntax=1.2.840.10008.1.2.1");
    assertThat(r.statusCode()).isEqualTo(406);
  }

  @Test
  void metadataReadsBackWithWardAndWithPydicom() throws Exception {
    HttpResponse<byte[]> r =
        get(instancePath("CT_small.dcm") + "/metadata", reader, "application/dicom+json");

    assertThat(r.statusCode()).isEqualTo(200);
    DataSet metadata = jsonArray(r.body()).get(0);
    DataSet original = sent("CT_small.dcm");
    for (int tag :
        new int[] {
          Tags.PatientName, Tags.SOPInstanceUID, Tags.StudyDate, Tags.ImagePositionPatient
        }) {
      assertThat(metadata.getString(tag)).isEqualTo(original.getString(tag));
    }
    assertThat(metadata.getInt(Tags.Rows, -1)).isEqualTo(128);
    String json = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(json)
        .contains(
            "\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\""
                + web.base
                + instancePath("CT_small.dcm")
                + "/bulkdata/7FE00010\"}");

    Path file = dir.resolve("ct-metadata.json");
    Files.write(file, r.body());
    String out =
        Oracles.run(
            List.of(
                Oracles.PYTHON,
                "-c",
                "import json, sys\n"
                    + "from pydicom import Dataset\n"
                    + "d = Dataset.from_json(json.load(open(sys.argv[1]))[0],"
                    + " bulk_data_uri_handler=lambda uri: b'')\n"
                    + "print(d.PatientName, d.SOPInstanceUID, d.Rows, d.Columns, d.StudyDate)\n",
                file.toString()),
            null);
    assertThat(out.strip())
        .isEqualTo(
            original.getString(Tags.PatientName)
                + " "
                + original.getString(Tags.SOPInstanceUID)
                + " 128 128 "
                + original.getString(Tags.StudyDate));
  }

  @Test
  void pixelDataBulkDataIsTheFrames() throws Exception {
    HttpResponse<byte[]> r = get(instancePath("CT_small.dcm") + "/bulkdata/7FE00010", reader, null);

    assertThat(r.statusCode()).isEqualTo(200);
    List<ReceivedPart> parts = parts(r);
    assertThat(parts).hasSize(1);
    assertThat(parts.get(0).body()).isEqualTo(sent("CT_small.dcm").getBytes(Tags.PixelData));
  }

  @Test
  void framesOfAMultiFrameInstanceEqualPydicomsPixelArray() throws Exception {
    Path expected = dir.resolve("dose-frames.raw");
    Oracles.run(
        List.of(
            Oracles.PYTHON,
            "-c",
            "import sys, pydicom\n"
                + "a = pydicom.dcmread(sys.argv[1]).pixel_array\n"
                + "open(sys.argv[2], 'wb').write(a.astype(a.dtype.newbyteorder('<')).tobytes())\n",
            files.get("dose.dcm").toString(),
            expected.toString()),
        null);
    byte[] pydicom = Files.readAllBytes(expected);
    int frames = sent("dose.dcm").getInt(Tags.NumberOfFrames, 0);
    assertThat(frames).isEqualTo(15);
    StringBuilder list = new StringBuilder();
    for (int n = 1; n <= frames; n++) {
      list.append(n == 1 ? "" : ",").append(n);
    }

    HttpResponse<byte[]> r =
        get(
            instancePath("dose.dcm") + "/frames/" + list,
            reader,
            "multipart/related; type=\"application/octet-stream\"");

    assertThat(r.statusCode()).isEqualTo(200);
    List<ReceivedPart> parts = parts(r);
    assertThat(parts).hasSize(frames);
    int frameBytes = pydicom.length / frames;
    for (int n = 1; n <= frames; n++) {
      ReceivedPart p = parts.get(n - 1);
      assertThat(p.contentType())
          .isEqualTo("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1");
      assertThat(p.body())
          .as("frame " + n)
          .isEqualTo(Arrays.copyOfRange(pydicom, (n - 1) * frameBytes, n * frameBytes));
    }
    HttpResponse<byte[]> reversed = get(instancePath("dose.dcm") + "/frames/3,1", reader, null);
    assertThat(parts(reversed).get(0).body())
        .isEqualTo(Arrays.copyOfRange(pydicom, 2 * frameBytes, 3 * frameBytes));
    assertThat(get(instancePath("dose.dcm") + "/frames/16", reader, null).statusCode())
        .isEqualTo(404);
    assertThat(get(instancePath("dose.dcm") + "/frames/0", reader, null).statusCode())
        .isEqualTo(400);
  }

  @Test
  void rleFramesEqualPydicomsEncapsulatedFrames() throws Exception {
    Path expected = dir.resolve("rle-frames");
    Oracles.run(
        List.of(
            Oracles.PYTHON,
            "-c",
            "import sys, pydicom\n"
                + "from pydicom.encaps import generate_pixel_data_frame\n"
                + "d = pydicom.dcmread(sys.argv[1])\n"
                + "for i, f in enumerate(generate_pixel_data_frame(d.PixelData, 2)):\n"
                + "    open(sys.argv[2] + str(i + 1), 'wb').write(f)\n",
            files.get("SC_rgb_rle_2frame.dcm").toString(),
            expected.toString()),
        null);

    HttpResponse<byte[]> r =
        get(instancePath("SC_rgb_rle_2frame.dcm") + "/frames/1,2", reader, null);

    assertThat(r.statusCode()).isEqualTo(200);
    List<ReceivedPart> parts = parts(r);
    assertThat(parts).hasSize(2);
    for (int n = 1; n <= 2; n++) {
      assertThat(parts.get(n - 1).contentType())
          .isEqualTo("image/dicom-rle; transfer-syntax=1.2.840.10008.1.2.5");
      assertThat(parts.get(n - 1).body())
          .isEqualTo(Files.readAllBytes(dir.resolve("rle-frames" + n)));
    }
  }

  @Test
  void jpegFramesAreServedAsStoredWithTheirMediaType() throws Exception {
    String path = instancePath("SC_rgb_jpeg_dcmtk.dcm") + "/frames/1";
    HttpResponse<byte[]> r = get(path, reader, "multipart/related; type=\"image/jpeg\"");

    assertThat(r.statusCode()).isEqualTo(200);
    ReceivedPart frame = parts(r).get(0);
    assertThat(frame.contentType()).isEqualTo("image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(frame.body()));
    assertThat(image.getWidth()).isEqualTo(100);
    assertThat(image.getHeight()).isEqualTo(100);
    assertThat(
            get(path, reader, "multipart/related; type=\"application/octet-stream\"").statusCode())
        .isEqualTo(406);
  }

  @Test
  void renderedIsADecodableImageOfTheRightSize() throws Exception {
    String ct = instancePath("CT_small.dcm");
    HttpResponse<byte[]> jpeg = get(ct + "/rendered", reader, null);
    HttpResponse<byte[]> small =
        get(ct + "/rendered?viewport=64,64&window=40,400", reader, "image/jpeg");
    HttpResponse<byte[]> png = get(ct + "/rendered", reader, "image/png");
    HttpResponse<byte[]> frame = get(instancePath("dose.dcm") + "/frames/3/rendered", reader, null);

    assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(size(jpeg)).containsExactly(128, 128);
    assertThat(size(small)).containsExactly(64, 64);
    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(size(png)).containsExactly(128, 128);
    assertThat(size(frame)).containsExactly(10, 10);
    assertThat(get(ct + "/rendered", reader, "image/gif").statusCode()).isEqualTo(406);
    assertThat(get(ct + "/rendered?quality=101", reader, null).statusCode()).isEqualTo(400);
    assertThat(get(ct + "/rendered?window=40", reader, null).statusCode()).isEqualTo(400);
  }

  private static int[] size(HttpResponse<byte[]> r) throws IOException {
    assertThat(r.statusCode()).isEqualTo(200);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertThat(image).isNotNull();
    return new int[] {image.getWidth(), image.getHeight()};
  }

  // ---------------------------------------------------------------- WADO-URI

  @Test
  void wadoUriReturnsTheStoredObjectOrARenderedImage() throws Exception {
    String query =
        "/dicomweb/wado?requestType=WADO&studyUID="
            + uid("MR_small.dcm", Tags.StudyInstanceUID)
            + "&seriesUID="
            + uid("MR_small.dcm", Tags.SeriesInstanceUID)
            + "&objectUID="
            + uid("MR_small.dcm", Tags.SOPInstanceUID);
    HttpResponse<byte[]> object =
        get(
            query
                + "&contentType="
                + URLEncoder.encode("application/dicom", StandardCharsets.UTF_8),
            reader,
            null);
    HttpResponse<byte[]> image = get(query + "&rows=32", reader, null);

    assertThat(object.statusCode()).isEqualTo(200);
    assertThat(object.headers().firstValue("Content-Type")).hasValue("application/dicom");
    assertThat(dataSetBytes(object.body()))
        .isEqualTo(dataSetBytes(Files.readAllBytes(files.get("MR_small.dcm"))));
    assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(size(image)).containsExactly(32, 32);
    assertThat(get(query.replace("requestType=WADO", "requestType=XYZ"), reader, null).statusCode())
        .isEqualTo(400);
    assertThat(get(query + "&anonymize=yes", reader, null).statusCode()).isEqualTo(400);
  }

  // ---------------------------------------------------------------- curl as a client

  @Test
  void curlStoresAndRetrievesAnInstance() throws Exception {
    Path file =
        Dcmtk.relabelled(
            dir, files.get("CT_small.dcm"), "curl", "Poe^Paula", "WARD-0011", "20240303");
    DicomwebClient.Body body = stowBody(List.of(file));
    Path bodyFile = dir.resolve("curl-body");
    Files.write(bodyFile, body.bytes());
    Path answer = dir.resolve("curl-answer.json");

    String status =
        curl(
            "-X",
            "POST",
            "-H",
            "Content-Type: " + body.contentType(),
            "-H",
            "Accept: application/dicom+json",
            "--data-binary",
            "@" + bodyFile,
            "-o",
            answer.toString(),
            web.base + "/dicomweb/studies");

    assertThat(status).isEqualTo("200");
    DataSet stored = jsonObject(Files.readAllBytes(answer));
    String url = stored.getSequence(Tags.ReferencedSOPSequence).get(0).getString(Tags.RetrieveURL);

    Path retrieved = dir.resolve("curl-retrieved");
    Path headers = dir.resolve("curl-headers");
    String wado =
        curl(
            "-H",
            "Accept: " + MULTIPART_DICOM,
            "-D",
            headers.toString(),
            "-o",
            retrieved.toString(),
            url);

    assertThat(wado).isEqualTo("200");
    String contentType = null;
    for (String line : Files.readAllLines(headers, StandardCharsets.ISO_8859_1)) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
        contentType = line.substring(line.indexOf(':') + 1).strip();
      }
    }
    List<ReceivedPart> parts = parts(contentType, Files.readAllBytes(retrieved));
    assertThat(dataSetBytes(parts.get(0).body())).isEqualTo(dataSetBytes(Files.readAllBytes(file)));
    // The same port in plain HTTP: no HTTP answer (curl sees TLS bytes, or nothing).
    assertThat(
            curl(
                "-o",
                dir.resolve("discarded").toString(),
                web.base.replace("https:", "http:") + "/api/health"))
        .startsWith("failed");
  }

  private String curl(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "curl",
                "-sS",
                "--max-time",
                "20",
                "--cacert",
                web.pki.caCertificate().toString(),
                "-H",
                "Authorization: Bearer " + uploaderOrReader(args),
                "-w",
                "%{http_code}"));
    command.addAll(List.of(args));
    try {
      return Oracles.run(command, null).strip();
    } catch (IllegalStateException e) {
      return "failed: " + e.getMessage(); // curl exits non-zero when no HTTP answer came
    }
  }

  private String uploaderOrReader(String... args) {
    return Arrays.asList(args).contains("POST") ? uploader : reader;
  }

  // ---------------------------------------------------------------- access

  @Test
  void readersCannotDeleteAndUploadersCannotQueryOrRetrieve() throws Exception {
    String study = "/api/studies/" + uid("CT_small.dcm", Tags.StudyInstanceUID);
    HttpResponse<String> delete = web.sendForText(web.request(study, reader).DELETE().build());
    HttpResponse<byte[]> query = get("/dicomweb/studies", uploader, null);
    HttpResponse<byte[]> retrieve = get(instancePath("CT_small.dcm"), uploader, null);

    assertThat(delete.statusCode()).isEqualTo(403);
    assertThat(query.statusCode()).isEqualTo(403);
    assertThat(retrieve.statusCode()).isEqualTo(403);
    assertThat(get("/dicomweb/studies", null, null).statusCode()).isEqualTo(401);
    assertThat(get("/dicomweb/studies", "forged-token", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aPatientSeesOnlyTheirOwnStudies() throws Exception {
    String patient =
        web.authenticator.tokenFor(
            new Principal(
                "jane.doe", Principal.Kind.USER, Set.of(Role.PATIENT), Set.of("WARD-0001")));

    HttpResponse<byte[]> studies = get("/dicomweb/studies", patient, null);
    HttpResponse<byte[]> own = get(instancePath("jane.dcm"), patient, null);
    HttpResponse<byte[]> other = get(instancePath("john.dcm"), patient, null);
    HttpResponse<byte[]> otherUri =
        get(
            "/dicomweb/wado?requestType=WADO&contentType=application%2Fdicom&studyUID="
                + uid("john.dcm", Tags.StudyInstanceUID)
                + "&seriesUID="
                + uid("john.dcm", Tags.SeriesInstanceUID)
                + "&objectUID="
                + uid("john.dcm", Tags.SOPInstanceUID),
            patient,
            null);

    assertThat(jsonArray(studies.body()))
        .extracting(d -> d.getString(Tags.PatientID))
        .containsExactly("WARD-0001");
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(otherUri.statusCode()).isEqualTo(404);
  }

  @Test
  void malformedUidsInPathsAreRefused() throws Exception {
    for (String path :
        List.of(
            "/dicomweb/studies/1.2.x.4",
            "/dicomweb/studies/01.2/series",
            "/dicomweb/studies/1.2/series/" + "9".repeat(70),
            "/dicomweb/studies/..%2F..%2Fetc/metadata",
            "/dicomweb/studies/1.2/series/1.2.3/instances/1.2.3.4/frames/1,x")) {
      HttpResponse<byte[]> r = get(path, reader, null);
      assertThat(r.statusCode()).as(path).isIn(400, 404);
      assertThat(r.statusCode()).as(path).isNotEqualTo(200);
    }
    assertThat(get("/dicomweb/studies/1.2.x.4", reader, null).statusCode()).isEqualTo(400);
    assertThat(web.send(web.request("/api/studies/1.2.x", admin).DELETE().build()).statusCode())
        .isEqualTo(400);
  }

  // ---------------------------------------------------------------- delete

  @Test
  void deleteRemovesTheStudyFromQueryAndRetrieve() throws Exception {
    Path file =
        Dcmtk.relabelled(
            dir, files.get("MR_small.dcm"), "gone", "Loe^Lena", "WARD-0012", "20240304");
    assertThat(
            web.send(stow(web, "/dicomweb/studies", uploader, stowBody(List.of(file))))
                .statusCode())
        .isEqualTo(200);
    DataSet ds = DicomReader.readFile(file).dataSet();
    String study = ds.getString(Tags.StudyInstanceUID);
    String sop = ds.getString(Tags.SOPInstanceUID);
    String instance =
        "/dicomweb/studies/"
            + study
            + "/series/"
            + ds.getString(Tags.SeriesInstanceUID)
            + "/instances/"
            + sop;
    assertThat(get(instance, reader, null).statusCode()).isEqualTo(200);
    var blob = web.index.instance(sop).orElseThrow().blob();

    HttpResponse<String> deleted =
        web.sendForText(web.request("/api/studies/" + study, admin).DELETE().build());

    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.body()).isEqualTo("{\"removed\":1}");
    assertThat(get("/dicomweb/studies?StudyInstanceUID=" + study, reader, null).statusCode())
        .isEqualTo(204);
    assertThat(get(instance, reader, null).statusCode()).isEqualTo(404);
    assertThat(web.blobs.exists(blob)).isFalse();
    assertThat(
            web.sendForText(web.request("/api/studies/" + study, admin).DELETE().build())
                .statusCode())
        .isEqualTo(404);
  }

  // ---------------------------------------------------------------- audit

  private static List<String> members(String json, String member) {
    List<String> found = new ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"" + member + "\":\"([^\"]*)\"").matcher(json);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  @Test
  void theAuditTrailShowsWhoStoredQueriedReadAndDeletedAStudy() throws Exception {
    Path file =
        Dcmtk.relabelled(
            dir, files.get("CT_small.dcm"), "audited", "Aud^Ida", "WARD-0013", "20240401");
    DataSet ds = DicomReader.readFile(file).dataSet();
    String study = ds.getString(Tags.StudyInstanceUID);
    String instance =
        "/dicomweb/studies/"
            + study
            + "/series/"
            + ds.getString(Tags.SeriesInstanceUID)
            + "/instances/"
            + ds.getString(Tags.SOPInstanceUID);
    assertThat(
            web.send(stow(web, "/dicomweb/studies", uploader, stowBody(List.of(file))))
                .statusCode())
        .isEqualTo(200);
    assertThat(get("/dicomweb/studies?PatientID=WARD-0013", reader, null).statusCode())
        .isEqualTo(200);
    assertThat(get(instance, reader, null).statusCode()).isEqualTo(200);
    assertThat(get(instance + "/metadata", reader, null).statusCode()).isEqualTo(200);
    assertThat(get(instance + "/rendered", reader, "image/png").statusCode()).isEqualTo(200);
    assertThat(
            web.sendForText(web.request("/api/studies/" + study, admin).DELETE().build())
                .statusCode())
        .isEqualTo(200);

    String auditor = web.authenticator.tokenFor("audrey.auditor", Role.AUDITOR);
    HttpResponse<String> r =
        web.sendForText(web.request("/api/audit?study=" + study, auditor).GET().build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(members(r.body(), "event"))
        .containsExactly(
            "DICOM Instances Transferred",
            "Query",
            "DICOM Instances Transferred",
            "DICOM Instances Accessed",
            "DICOM Instances Accessed",
            "DICOM Study Deleted");
    assertThat(members(r.body(), "user"))
        .containsExactly(
            "ursula.upload",
            "rita.reader",
            "rita.reader",
            "rita.reader",
            "rita.reader",
            "adam.admin");
    assertThat(members(r.body(), "address")).hasSize(6).containsOnly("127.0.0.1");
    assertThat(members(r.body(), "patient")).contains("WARD-0013");

    HttpResponse<String> patient =
        web.sendForText(web.request("/api/audit/patient/WARD-0013", auditor).GET().build());
    assertThat(members(patient.body(), "event")).hasSize(6);

    // the patient sees the same accesses to their own study, without the messages
    String own =
        web.authenticator.tokenFor(
            new Principal("ida", Principal.Kind.USER, Set.of(Role.PATIENT), Set.of("WARD-0013")));
    HttpResponse<String> mine = web.sendForText(web.request("/api/audit/mine", own).GET().build());
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(members(mine.body(), "user")).containsExactlyElementsOf(members(r.body(), "user"));
    assertThat(mine.body()).doesNotContain("\"message\"").doesNotContain("WARD-0001");
    // but not the trail of others
    assertThat(
            web.sendForText(web.request("/api/audit?study=" + study, own).GET().build())
                .statusCode())
        .isEqualTo(403);

    HttpResponse<String> verify =
        web.sendForText(web.request("/api/audit/verify", auditor).GET().build());
    assertThat(verify.body()).startsWith("{\"intact\":true,");
  }
}
