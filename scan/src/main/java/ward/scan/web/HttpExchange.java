package ward.scan.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import ward.scan.target.Endpoint;
import ward.scan.tls.ProbeTls;

/**
 * One HTTP/1.1 GET (RFC 9112) over a new connection, plain or TLS, with a bounded answer: the
 * scanner's own small client, so that what is sent is exactly what the log says and any server
 * certificate is accepted for judging.
 */
final class HttpExchange {
  private HttpExchange() {}

  /** The most bytes of an answer read. */
  static final int MAX_BODY = 1 << 20;

  private static final int MAX_HEADER_LINE = 8192;

  /** An answer: the status, the headers (names in lower case) and the body. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  static final String ACCEPT_JSON =
      "application/dicom+json, application/json, text/html;q=0.5, */*;q=0.1";

  static Response get(Endpoint e, boolean tls, String path, String basicAuth, int timeoutMillis)
      throws IOException {
    return get(e, tls, path, basicAuth, ACCEPT_JSON, timeoutMillis);
  }

  static Response get(
      Endpoint e, boolean tls, String path, String basicAuth, String accept, int timeoutMillis)
      throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(e.address(), e.port()), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      if (tls) {
        SSLSocket ssl =
            (SSLSocket)
                ProbeTls.socketFactory()
                    .createSocket(s, e.address().getHostAddress(), e.port(), true);
        ssl.setSoTimeout(timeoutMillis);
        ssl.startHandshake();
        s = ssl;
      }
      String host = e.key();
      StringBuilder rq = new StringBuilder();
      rq.append("GET ").append(path).append(" HTTP/1.1\r\n");
      rq.append("Host: ").append(host).append("\r\n");
      rq.append("User-Agent: ward-scan\r\n");
      rq.append("Accept: ").append(accept).append("\r\n");
      if (basicAuth != null) {
        rq.append("Authorization: Basic ")
            .append(Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)))
            .append("\r\n");
      }
      rq.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(rq.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return read(s.getInputStream());
    } finally {
      s.close();
    }
  }

  /**
   * Reads an answer (RFC 9112 4-7): status line, headers, a body by length, chunks or to the end.
   */
  static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not HTTP: " + (statusLine == null ? "no answer" : "bad status line"));
    }
    String[] parts = statusLine.split(" ", 3);
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (RuntimeException ex) {
      throw new IOException("not HTTP: bad status line", ex);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String h;
    int count = 0;
    while ((h = line(in)) != null && !h.isEmpty()) {
      if (++count > 200) {
        throw new IOException("too many headers");
      }
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(
            h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
      }
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = chunked(in);
    } else {
      long length = -1;
      try {
        length = Long.parseLong(headers.getOrDefault("content-length", "-1"));
      } catch (NumberFormatException ignored) {
        // read to the end
      }
      body = readUpTo(in, length < 0 ? MAX_BODY : (int) Math.min(length, MAX_BODY));
    }
    return new Response(status, headers, body);
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() < MAX_BODY) {
      String size = line(in);
      if (size == null) {
        break;
      }
      int semi = size.indexOf(';');
      int n;
      try {
        n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size", e);
      }
      if (n <= 0) {
        break;
      }
      out.write(readUpTo(in, Math.min(n, MAX_BODY - out.size())));
      line(in);
    }
    return out.toByteArray();
  }

  private static byte[] readUpTo(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (out.size() < max) {
      int n = in.read(buf, 0, Math.min(buf.length, max - out.size()));
      if (n < 0) {
        break;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** A line without its CRLF; null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = b.length();
        if (n > 0 && b.charAt(n - 1) == '\r') {
          b.setLength(n - 1);
        }
        return b.toString();
      }
      if (b.length() >= MAX_HEADER_LINE) {
        throw new IOException("header line too long");
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }
}
