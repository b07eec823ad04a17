package ward.bench.archive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/**
 * STOW-RS stores (PS3.18 10.5) one after another over one kept-alive HTTP/1.1 connection, as an
 * uploading application sends them: each request a {@code multipart/related;
 * type="application/dicom"} body of Part 10 files, answered in {@code application/dicom+json}.
 */
final class StowSession {
  /** The Failed SOP Sequence (0008,1198) in a STOW-RS answer: some instance was not stored. */
  static final String FAILED_SOP_SEQUENCE = "00081198";

  private final HttpClient http;
  private final URI studies;
  private final String authorization;

  /**
   * @param baseUrl the DICOMweb root, for example {@code https://127.0.0.1:8443/dicomweb}
   * @param tls the client's TLS context for HTTPS, or null for plain HTTP
   * @param bearerToken sent as {@code Authorization: Bearer}, or null
   */
  StowSession(String baseUrl, SSLContext tls, String bearerToken) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10));
    if (tls != null) {
      b.sslContext(tls);
    }
    this.http = b.build();
    this.studies = URI.create(baseUrl.replaceAll("/+$", "") + "/studies");
    this.authorization = bearerToken == null ? null : "Bearer " + bearerToken;
  }

  /** The body of one request: each file a part, between delimiters (RFC 2046 5.1.1). */
  static List<byte[]> body(List<Path> files, String boundary) throws IOException {
    List<byte[]> parts = new ArrayList<>();
    byte[] head =
        ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    for (Path f : files) {
      parts.add(head);
      parts.add(Files.readAllBytes(f));
      parts.add("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    parts.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return parts;
  }

  /**
   * Whether a STOW-RS answer's Failed SOP Sequence has items: some servers send it empty ({@code
   * {"vr":"SQ"}}) when everything was stored.
   */
  static boolean namesFailures(String answer) {
    int at = answer.indexOf("\"" + FAILED_SOP_SEQUENCE + "\"");
    if (at < 0) {
      return false;
    }
    int open = answer.indexOf('{', at);
    if (open < 0) {
      return false;
    }
    int depth = 0;
    for (int i = open; i < answer.length(); i++) {
      char c = answer.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return answer.substring(open, i).contains("\"Value\"");
      }
    }
    return true; // cut short: count it as failed
  }

  /**
   * Stores the files in one request; returns the bytes sent.
   *
   * @throws IOException when the server answers with anything but 200, or names a failed instance
   */
  long store(List<Path> files) throws IOException {
    String boundary = "ward-bench-" + UUID.randomUUID();
    List<byte[]> body = body(files, boundary);
    long bytes = body.stream().mapToLong(b -> b.length).sum();
    HttpRequest.Builder rq =
        HttpRequest.newBuilder(studies)
            .header(
                "Content-Type",
                "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
            .header("Accept", "application/dicom+json")
            .timeout(Duration.ofSeconds(600))
            .POST(HttpRequest.BodyPublishers.ofByteArrays(body));
    if (authorization != null) {
      rq.header("Authorization", authorization);
    }
    HttpResponse<String> rsp;
    try {
      rsp = http.send(rq.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (rsp.statusCode() != 200 || namesFailures(rsp.body())) {
      String answer = rsp.body();
      throw new IOException(
          "STOW-RS answered "
              + rsp.statusCode()
              + ": "
              + answer.substring(0, Math.min(300, answer.length())));
    }
    return bytes;
  }
}
