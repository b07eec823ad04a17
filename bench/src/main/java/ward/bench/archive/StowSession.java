package ward.bench.archive;

import java.io.IOException;
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

  private final DicomwebConnection connection;

  /** See {@link DicomwebConnection#DicomwebConnection}. */
  StowSession(String baseUrl, SSLContext tls, String bearerToken) {
    this.connection = new DicomwebConnection(baseUrl, tls, bearerToken);
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
    HttpResponse<String> rsp =
        connection.send(
            connection
                .request("/studies", Duration.ofSeconds(600))
                .header(
                    "Content-Type",
                    "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArrays(body)),
            HttpResponse.BodyHandlers.ofString());
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
