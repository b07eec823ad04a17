package ward.bench.archive;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * WADO-RS study retrievals (PS3.18 10.4) one after another over one kept-alive HTTP/1.1 connection,
 * as a viewer loads a study: every instance of the study in one {@code multipart/related;
 * type="application/dicom"} answer (PS3.18 8.6.1.2), read to its end.
 */
final class WadoSession {
  private static final Pattern BOUNDARY =
      Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);

  /** One study retrieved: the bytes of the whole answer and the number of its parts. */
  record Retrieved(long bytes, int parts) {}

  private final DicomwebConnection connection;

  /** See {@link DicomwebConnection#DicomwebConnection}. */
  WadoSession(String baseUrl, SSLContext tls, String bearerToken) {
    this.connection = new DicomwebConnection(baseUrl, tls, bearerToken);
  }

  /**
   * Retrieves one study, reading the whole answer.
   *
   * @throws IOException when the server answers with anything but 200, or without a multipart
   *     boundary
   */
  Retrieved study(String studyUid) throws IOException {
    HttpResponse<byte[]> rsp =
        connection.get(
            "/studies/" + studyUid,
            "multipart/related; type=\"application/dicom\"",
            Duration.ofSeconds(600));
    if (rsp.statusCode() != 200) {
      throw new IOException("WADO-RS answered " + rsp.statusCode() + " for study " + studyUid);
    }
    String type = rsp.headers().firstValue("Content-Type").orElse("");
    Matcher m = BOUNDARY.matcher(type);
    if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/related") || !m.find()) {
      throw new IOException("WADO-RS answered Content-Type " + type + " for study " + studyUid);
    }
    byte[] body = rsp.body();
    return new Retrieved(body.length, countParts(body, m.group(1)));
  }

  /**
   * The number of body parts: delimiter lines ({@code --boundary} at the start of a line) that are
   * not the close delimiter ({@code --boundary--}), RFC 2046 5.1.1.
   */
  static int countParts(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    int parts = 0;
    for (int i = indexOf(body, delimiter, 0); i >= 0; i = indexOf(body, delimiter, i + 1)) {
      boolean lineStart = i == 0 || body[i - 1] == '\n';
      int end = i + delimiter.length;
      boolean close = end + 1 < body.length && body[end] == '-' && body[end + 1] == '-';
      if (lineStart && !close) {
        parts++;
      }
    }
    return parts;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
