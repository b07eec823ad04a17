package ward.archive.web.multipart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/related} body (RFC 2387, RFC 2046 5.1; PS3.18 8.6.1.2) part by part from
 * a stream, holding one 64 KiB buffer however large the parts are. Each part's body is a stream
 * that ends where the next boundary starts; the CRLF before a boundary belongs to the boundary, not
 * to the body.
 *
 * <p>Tolerated: a preamble before the first boundary, an epilogue after the last (never read),
 * spaces or tabs after a boundary, header lines ending in a bare LF, folded header lines. Refused,
 * with a {@link MultipartException} that names the reason: a body that ends before the closing
 * boundary, a boundary followed by anything but "--" or a line end, header lines that are not
 * {@code name: value}, a header named twice, and anything beyond the {@link MultipartLimits}.
 *
 * <p>A reader is for one body and one thread.
 */
public final class MultipartReader {
  private static final int BUFFER = 64 * 1024;
  // RFC 2046 5.1.1: bchars.
  private static final String BOUNDARY_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=? ";

  private final InputStream in;
  private final MediaType contentType;
  private final MultipartLimits limits;
  private final byte[] delimiter;
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private int lim;
  private boolean eof;
  private boolean closed;
  private int parts;
  private PartBody current;
  // The current part's bytes run at least to here in the buffer (see PartBody.scan).
  private int safeEnd;

  private MultipartReader(InputStream in, MediaType contentType, MultipartLimits limits) {
    this.in = in;
    this.contentType = contentType;
    this.limits = limits;
    String boundary = contentType.parameter("boundary");
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    // The first boundary may open the body without a CRLF before it: read as if one were there.
    buf[0] = '\r';
    buf[1] = '\n';
    lim = 2;
  }

  /**
   * Starts reading a body.
   *
   * @param contentTypeHeader the request's Content-Type header
   * @throws MultipartException when the header is not {@code multipart/related} with a valid
   *     boundary
   */
  public static MultipartReader open(
      InputStream body, String contentTypeHeader, MultipartLimits limits)
      throws MultipartException {
    MediaType type;
    try {
      type = MediaType.parse(contentTypeHeader);
    } catch (IllegalArgumentException e) {
      throw new MultipartException(MultipartException.Reason.BAD_CONTENT_TYPE, e.getMessage());
    }
    if (!type.is("multipart/related")) {
      throw new MultipartException(
          MultipartException.Reason.NOT_MULTIPART_RELATED,
          "the body is " + type.type() + "/" + type.subtype() + ", not multipart/related");
    }
    checkBoundary(type.parameter("boundary"));
    return new MultipartReader(body, type, limits);
  }

  private static void checkBoundary(String b) throws MultipartException {
    String problem = null;
    if (b == null) {
      problem = "the Content-Type has no boundary parameter";
    } else if (b.isEmpty() || b.length() > 70) {
      problem = "a boundary must be 1 to 70 characters long, not " + b.length();
    } else if (b.endsWith(" ")) {
      problem = "a boundary must not end with a space";
    } else {
      for (int i = 0; i < b.length(); i++) {
        if (BOUNDARY_CHARS.indexOf(b.charAt(i)) < 0) {
          problem = "a boundary must not hold the character '" + b.charAt(i) + "'";
          break;
        }
      }
    }
    if (problem != null) {
      throw new MultipartException(MultipartException.Reason.BAD_CONTENT_TYPE, problem);
    }
  }

  /** The body's Content-Type, parsed. */
  public MediaType contentType() {
    return contentType;
  }

  /** The {@code type} parameter: the media type of the root part (RFC 2387 3.1), or null. */
  public String type() {
    return contentType.parameter("type");
  }

  /**
   * The next part, or null after the closing boundary. The previous part's body, if not read to its
   * end, is skipped (and still counted against the part size limit).
   */
  public Part next() throws IOException {
    if (closed) {
      return null;
    }
    if (current == null) {
      skipPreamble();
    } else {
      current.skipRest();
    }
    current = null;
    if (afterDelimiter()) {
      closed = true;
      return null;
    }
    if (parts == limits.maxParts()) {
      throw new MultipartException(
          MultipartException.Reason.TOO_MANY_PARTS,
          "the body has more than " + limits.maxParts() + " parts");
    }
    parts++;
    Map<String, String> headers = readHeaders();
    current = new PartBody(parts);
    safeEnd = pos;
    return new Part(parts, headers, current);
  }

  private void skipPreamble() throws IOException {
    long skipped = 0;
    while (true) {
      fill(delimiter.length);
      int at = indexOfDelimiter();
      if (at >= 0) {
        skipped += at - pos;
        pos = at + delimiter.length;
        break;
      }
      if (eof) {
        throw new MultipartException(
            MultipartException.Reason.MISSING_CLOSE_DELIMITER,
            "the body holds no boundary '" + contentType.parameter("boundary") + "'");
      }
      int keep = delimiter.length - 1;
      skipped += lim - pos - keep;
      pos = lim - keep;
      if (skipped > limits.maxHeaderBytes()) {
        break;
      }
    }
    if (skipped > limits.maxHeaderBytes() + 2) {
      throw new MultipartException(
          MultipartException.Reason.HEADERS_TOO_LARGE,
          "the preamble before the first boundary is longer than " + limits.maxHeaderBytes());
    }
  }

  /**
   * Reads what follows a boundary: "--" closes the body; otherwise optional spaces and a line end
   * open a part. Returns true for the closing boundary.
   */
  private boolean afterDelimiter() throws IOException {
    fill(2);
    if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
      pos += 2;
      return true; // transport padding and the epilogue are never read
    }
    int padding = 0;
    while (true) {
      int b = readByte("after a boundary");
      if (b == ' ' || b == '\t') {
        if (++padding > limits.maxHeaderBytes()) {
          throw malformed("a boundary is followed by more than " + padding + " spaces");
        }
        continue;
      }
      if (b == '\r') {
        b = readByte("after a boundary");
      }
      if (b == '\n') {
        return false;
      }
      throw malformed(
          "a boundary is followed by 0x"
              + Integer.toHexString(b)
              + " instead of a line end or '--'; boundaries must not appear inside parts");
    }
  }

  private Map<String, String> readHeaders() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    int total = 0;
    String last = null;
    while (true) {
      StringBuilder line = new StringBuilder();
      while (true) {
        int b = readByte("in the headers of part " + parts);
        if (++total > limits.maxHeaderBytes()) {
          throw new MultipartException(
              MultipartException.Reason.HEADERS_TOO_LARGE,
              "the headers of part " + parts + " are longer than " + limits.maxHeaderBytes());
        }
        if (b == '\n') {
          break;
        }
        line.append((char) b); // ISO-8859-1, as HTTP header bytes are read
      }
      if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
        line.setLength(line.length() - 1);
      }
      if (line.length() == 0) {
        return headers;
      }
      char first = line.charAt(0);
      if ((first == ' ' || first == '\t') && last != null) {
        // An obsolete folded line continues the previous header (RFC 5322 2.2.3).
        headers.put(last, (headers.get(last) + " " + line.toString().strip()).strip());
        continue;
      }
      int colon = line.indexOf(":");
      String name = colon > 0 ? line.substring(0, colon) : "";
      if (name.isEmpty() || !isToken(name)) {
        throw malformed("part " + parts + " has a header line that is not 'name: value'");
      }
      last = name.toLowerCase(Locale.ROOT);
      if (headers.put(last, line.substring(colon + 1).strip()) != null) {
        throw malformed("part " + parts + " names the header " + name + " twice");
      }
    }
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!MediaType.isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private int readByte(String where) throws IOException {
    if (pos == lim) {
      fill(1);
      if (pos == lim) {
        throw new MultipartException(
            MultipartException.Reason.MISSING_CLOSE_DELIMITER,
            "the body ends " + where + ", before its closing boundary");
      }
    }
    return buf[pos++] & 0xFF;
  }

  /** Makes at least {@code n} bytes available unless the input ends first. */
  private void fill(int n) throws IOException {
    if (lim - pos >= n || eof) {
      return;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    while (lim < n) {
      int r = in.read(buf, lim, buf.length - lim);
      if (r < 0) {
        eof = true;
        return;
      }
      lim += r;
    }
  }

  /** Where the delimiter starts in the buffered bytes, or -1. */
  private int indexOfDelimiter() {
    int last = lim - delimiter.length;
    outer:
    for (int i = pos; i <= last; i++) {
      if (buf[i] != '\r') {
        continue;
      }
      for (int k = 1; k < delimiter.length; k++) {
        if (buf[i + k] != delimiter[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private MultipartException malformed(String message) {
    return new MultipartException(MultipartException.Reason.MALFORMED, message);
  }

  /** A part's body: the bytes up to the next delimiter. */
  private final class PartBody extends InputStream {
    private final int number;
    private long read;
    private boolean done;

    PartBody(int number) {
      this.number = number;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done || current != this) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      if (pos == safeEnd && !scan()) {
        pos += delimiter.length;
        done = true;
        return -1;
      }
      int n = Math.min(len, safeEnd - pos);
      read += n;
      if (read > limits.maxPartBytes()) {
        throw new MultipartException(
            MultipartException.Reason.PART_TOO_LARGE,
            "part " + number + " is longer than " + limits.maxPartBytes() + " bytes");
      }
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    /**
     * Finds how far the body runs in the buffer: to a delimiter, or to the last bytes that could
     * start one. Each byte is scanned about once, so reading a byte at a time stays linear. Returns
     * false when the delimiter is next.
     */
    private boolean scan() throws IOException {
      fill(delimiter.length);
      int at = indexOfDelimiter();
      if (at == pos) {
        return false;
      }
      if (at >= 0) {
        safeEnd = at;
      } else if (eof) {
        throw new MultipartException(
            MultipartException.Reason.MISSING_CLOSE_DELIMITER,
            "the body ends inside part " + number + ", before its closing boundary");
      } else {
        safeEnd = lim - (delimiter.length - 1);
      }
      return true;
    }

    @Override
    public int available() {
      return done || current != this ? 0 : safeEnd - pos;
    }

    void skipRest() throws IOException {
      byte[] scratch = new byte[8192];
      while (read(scratch, 0, scratch.length) >= 0) {
        // discard
      }
    }
  }
}
