package ward.archive.web.multipart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes a {@code multipart/related} body (RFC 2387; PS3.18 8.7.3.3.2) part by part, copying each
 * part's bytes from a stream as it goes. The boundary is 128 random bits: a part cannot be scanned
 * for it without holding it, and the chance that one holds it is negligible.
 */
public final class MultipartWriter {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] CRLF = {'\r', '\n'};

  private final OutputStream out;
  private final String type;
  private final String boundary;
  private boolean first = true;
  private boolean finished;

  /**
   * @param out where the body goes; flushed by {@link #finish}, never closed
   * @param type the media type of the parts, the {@code type} parameter (for example {@code
   *     application/dicom})
   */
  public MultipartWriter(OutputStream out, String type) {
    this(out, type, randomBoundary());
  }

  MultipartWriter(OutputStream out, String type, String boundary) {
    this.out = out;
    this.type = checkHeaderValue(type);
    this.boundary = boundary;
  }

  private static String randomBoundary() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return "ward-" + HexFormat.of().formatHex(b);
  }

  public String boundary() {
    return boundary;
  }

  /** The Content-Type header for the body: {@code multipart/related; type="..."; boundary=...}. */
  public String contentType() {
    return "multipart/related; type=\""
        + type.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"; boundary="
        + boundary;
  }

  /**
   * Writes a part.
   *
   * @param contentType the part's Content-Type
   * @param contentLocation the part's Content-Location, or null for none
   * @param body the part's bytes, read to its end (not closed)
   */
  public void part(String contentType, String contentLocation, InputStream body)
      throws IOException {
    if (finished) {
      throw new IllegalStateException("the body is already finished");
    }
    StringBuilder head = new StringBuilder();
    if (!first) {
      head.append("\r\n");
    }
    first = false;
    head.append("--").append(boundary).append("\r\n");
    head.append("Content-Type: ").append(checkHeaderValue(contentType)).append("\r\n");
    if (contentLocation != null) {
      head.append("Content-Location: ").append(checkHeaderValue(contentLocation)).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    body.transferTo(out);
  }

  /** Writes the closing boundary and flushes. Calling it again does nothing. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    if (!first) {
      out.write(CRLF);
    }
    out.write(("--" + boundary + "--").getBytes(StandardCharsets.US_ASCII));
    out.write(CRLF);
    out.flush();
  }

  /** Header values are ASCII without control characters, so none can end the header early. */
  private static String checkHeaderValue(String v) {
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("a header value is required");
    }
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (ch < 0x20 || ch > 0x7E) {
        throw new IllegalArgumentException(
            "a header value must be printable ASCII: " + v.replaceAll("[^\\x20-\\x7E]", "?"));
      }
    }
    return v;
  }
}
