package ward.bench.archive;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * QIDO-RS study searches (PS3.18 10.6) one after another over one kept-alive HTTP/1.1 connection,
 * as a web viewer's study list makes them: the latency of a search, not of connecting or of the TLS
 * handshake.
 */
final class QidoSession {
  private static final String STUDY_UID_TAG = "\"0020000D\"";

  private final DicomwebConnection connection;

  /** See {@link DicomwebConnection#DicomwebConnection}. */
  QidoSession(String baseUrl, SSLContext tls, String bearerToken) {
    this.connection = new DicomwebConnection(baseUrl, tls, bearerToken);
  }

  /**
   * One search; the whole answer is read.
   *
   * @return the number of studies in the answer
   * @throws IOException when the server answers with anything but 200 or 204
   */
  int search(String query) throws IOException {
    HttpResponse<byte[]> rsp =
        connection.get("/studies?" + query, "application/dicom+json", Duration.ofSeconds(60));
    if (rsp.statusCode() == 204) {
      return 0;
    }
    if (rsp.statusCode() != 200) {
      throw new IOException("QIDO-RS answered " + rsp.statusCode() + " to " + query);
    }
    return countStudies(new String(rsp.body(), StandardCharsets.UTF_8));
  }

  /** The number of results of a DICOM JSON study search: one Study Instance UID each. */
  static int countStudies(String json) {
    String upper = json.toUpperCase(Locale.ROOT);
    int count = 0;
    for (int i = upper.indexOf(STUDY_UID_TAG); i >= 0; i = upper.indexOf(STUDY_UID_TAG, i + 1)) {
      count++;
    }
    return count;
  }
}
