package ward.archive.web;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the HTTPS server listens and what it accepts.
 *
 * @param host the address to bind (an IP literal or a host name)
 * @param port the port; 0 picks a free one (see {@link WebServer#port()})
 * @param privateKeyPem the server's private key, unencrypted PKCS#8 PEM
 * @param certificateChainPem the server's certificate chain, end entity first, PEM
 * @param maxStowBytes the largest STOW-RS request body; larger ones are answered 413
 * @param maxRequestBytes the largest body of every other request (login, setup)
 * @param publicBaseUrl the origin clients reach the server at ({@code https://pacs.example:8443}),
 *     used in Retrieve URLs and Bulk Data URIs; null to use the request's Host header once it is
 *     checked to be a plain host name or address
 * @param sessionLifetimeSeconds how long the session cookie lives in the browser; the token's own
 *     expiry still applies
 * @param ohifDir an OHIF Viewer build (its {@code dist} folder) served at {@code /ohif/} on this
 *     origin, or null
 */
public record WebSettings(
    String host,
    int port,
    Path privateKeyPem,
    Path certificateChainPem,
    long maxStowBytes,
    long maxRequestBytes,
    String publicBaseUrl,
    long sessionLifetimeSeconds,
    Path ohifDir) {

  /** Settings without an OHIF Viewer. */
  public WebSettings(
      String host,
      int port,
      Path privateKeyPem,
      Path certificateChainPem,
      long maxStowBytes,
      long maxRequestBytes,
      String publicBaseUrl,
      long sessionLifetimeSeconds) {
    this(
        host,
        port,
        privateKeyPem,
        certificateChainPem,
        maxStowBytes,
        maxRequestBytes,
        publicBaseUrl,
        sessionLifetimeSeconds,
        null);
  }

  /** A STOW-RS body of a large study: 4 GiB. */
  public static final long DEFAULT_MAX_STOW_BYTES = 4L << 30;

  /** Login and setup bodies: 16 KiB. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 16 << 10;

  public WebSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    Objects.requireNonNull(certificateChainPem, "certificateChainPem");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port);
    }
    if (maxStowBytes < 1 || maxRequestBytes < 1 || sessionLifetimeSeconds < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (publicBaseUrl != null && !publicBaseUrl.matches("https://[A-Za-z0-9.\\-\\[\\]:]+")) {
      throw new IllegalArgumentException(
          "publicBaseUrl must be https://host[:port] without a path: " + publicBaseUrl);
    }
  }

  /** Default limits, Host-derived URLs, sessions of eight hours. */
  public static WebSettings of(String host, int port, Path privateKeyPem, Path chainPem) {
    return new WebSettings(
        host,
        port,
        privateKeyPem,
        chainPem,
        DEFAULT_MAX_STOW_BYTES,
        DEFAULT_MAX_REQUEST_BYTES,
        null,
        8 * 3600);
  }

  public WebSettings withMaxStowBytes(long bytes) {
    return new WebSettings(
        host,
        port,
        privateKeyPem,
        certificateChainPem,
        bytes,
        maxRequestBytes,
        publicBaseUrl,
        sessionLifetimeSeconds,
        ohifDir);
  }

  public WebSettings withPublicBaseUrl(String url) {
    return new WebSettings(
        host,
        port,
        privateKeyPem,
        certificateChainPem,
        maxStowBytes,
        maxRequestBytes,
        url,
        sessionLifetimeSeconds,
        ohifDir);
  }

  public WebSettings withOhifDir(Path dir) {
    return new WebSettings(
        host,
        port,
        privateKeyPem,
        certificateChainPem,
        maxStowBytes,
        maxRequestBytes,
        publicBaseUrl,
        sessionLifetimeSeconds,
        dir);
  }
}
