package ward.bench.archive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * One kept-alive HTTP/1.1 connection to a DICOMweb root, with the bearer token every request
 * carries: what the QIDO-RS, WADO-RS and STOW-RS sessions share.
 */
final class DicomwebConnection {
  private final HttpClient http;
  private final String root;
  private final String authorization;

  /**
   * @param baseUrl the DICOMweb root, for example {@code https://127.0.0.1:8443/dicomweb}
   * @param tls the client's TLS context for HTTPS, or null for plain HTTP
   * @param bearerToken sent as {@code Authorization: Bearer}, or null
   */
  DicomwebConnection(String baseUrl, SSLContext tls, String bearerToken) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10));
    if (tls != null) {
      b.sslContext(tls);
    }
    this.http = b.build();
    this.root = baseUrl.replaceAll("/+$", "");
    this.authorization = bearerToken == null ? null : "Bearer " + bearerToken;
  }

  /** A request for {@code path} under the root (starting with '/'), with the token if any. */
  HttpRequest.Builder request(String path, Duration timeout) {
    HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create(root + path)).timeout(timeout);
    if (authorization != null) {
      rq.header("Authorization", authorization);
    }
    return rq;
  }

  /** GET {@code path} under the root accepting {@code accept}; the whole answer is read. */
  HttpResponse<byte[]> get(String path, String accept, Duration timeout) throws IOException {
    return send(
        request(path, timeout).header("Accept", accept).GET(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  <T> HttpResponse<T> send(HttpRequest.Builder rq, HttpResponse.BodyHandler<T> body)
      throws IOException {
    try {
      return http.send(rq.build(), body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
