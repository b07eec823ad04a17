package ward.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A buffered byte source that knows its position and never trusts a length it was told: every read
 * that runs past the end of the input fails with the offset where it happened.
 */
final class DicomInput {
  private static final int BUFFER = 1 << 16;

  /** Values are read in chunks of at most this size, so a false length cannot allocate much. */
  private static final int CHUNK = 1 << 20;

  private InputStream in;
  private final byte[] buf;
  private int pos;
  private int lim;

  /** Stream position of buf[0]. */
  private long base;

  /** Total length of the input when known (a file), else -1. */
  private long knownLength;

  private boolean inflated;

  DicomInput(InputStream in, long knownLength) {
    this.in = in;
    this.knownLength = knownLength;
    // small inputs (command sets, small files) do not need the full buffer
    this.buf =
        new byte
            [knownLength >= 0 && knownLength < BUFFER ? Math.max(256, (int) knownLength) : BUFFER];
  }

  long position() {
    return base + pos;
  }

  boolean inflated() {
    return inflated;
  }

  /** Bytes left when the input's length is known, else Long.MAX_VALUE. */
  long remainingKnown() {
    return knownLength < 0 ? Long.MAX_VALUE : knownLength - position();
  }

  /** Makes at least n bytes (n <= 132) available; returns false when the input ends first. */
  boolean request(int n) throws IOException {
    if (lim - pos >= n) {
      return true;
    }
    if (n > buf.length) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      base += pos;
      lim -= pos;
      pos = 0;
    }
    while (lim < n) {
      int r = in.read(buf, lim, buf.length - lim);
      if (r < 0) {
        return false;
      }
      lim += r;
    }
    return true;
  }

  boolean atEnd() throws IOException {
    return !request(1);
  }

  private void require(int n, String what) throws IOException {
    if (!request(n)) {
      throw new DicomFormatException(position(), "input ends inside " + what);
    }
  }

  /** Peeks at byte i from the current position; requires a prior successful request. */
  int peek(int i) {
    return buf[pos + i] & 0xFF;
  }

  int u16(boolean bigEndian, String what) throws IOException {
    require(2, what);
    int a = buf[pos] & 0xFF;
    int b = buf[pos + 1] & 0xFF;
    pos += 2;
    return bigEndian ? (a << 8) | b : (b << 8) | a;
  }

  /** Reads a 32-bit value; lengths use it, so the caller treats it as unsigned. */
  int u32(boolean bigEndian, String what) throws IOException {
    require(4, what);
    int a = buf[pos] & 0xFF;
    int b = buf[pos + 1] & 0xFF;
    int c = buf[pos + 2] & 0xFF;
    int d = buf[pos + 3] & 0xFF;
    pos += 4;
    return bigEndian ? (a << 24) | (b << 16) | (c << 8) | d : (d << 24) | (c << 16) | (b << 8) | a;
  }

  int tag(boolean bigEndian, String what) throws IOException {
    int group = u16(bigEndian, what);
    int element = u16(bigEndian, what);
    return (group << 16) | element;
  }

  /** Reads the value of an element; its description is built only if the read fails. */
  byte[] readValue(long length, int tag) throws IOException {
    if (length <= remainingKnown() && length <= lim - pos) {
      byte[] out = new byte[(int) length];
      System.arraycopy(buf, pos, out, 0, out.length);
      pos += out.length;
      return out;
    }
    return readBytes(length, "the value of " + Tag.toString(tag));
  }

  /** Reads exactly {@code length} bytes, growing the array as data arrives. */
  byte[] readBytes(long length, String what) throws IOException {
    if (length > remainingKnown()) {
      throw new DicomFormatException(
          position(),
          what
              + " claims "
              + length
              + " bytes but only "
              + remainingKnown()
              + " remain in the input");
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new DicomFormatException(position(), what + " of " + length + " bytes is too large");
    }
    int n = (int) length;
    byte[] out = new byte[Math.min(n, CHUNK)];
    int filled = 0;
    while (filled < n) {
      if (filled == out.length) {
        out = Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
      }
      if (pos == lim && !request(1)) {
        throw new DicomFormatException(
            position(), "input ends after " + filled + " of the " + n + " bytes of " + what);
      }
      int k = Math.min(out.length - filled, lim - pos);
      System.arraycopy(buf, pos, out, filled, k);
      pos += k;
      filled += k;
    }
    return out;
  }

  /** Skips exactly {@code length} bytes. */
  void skip(long length, String what) throws IOException {
    if (length > remainingKnown()) {
      throw new DicomFormatException(
          position(),
          what
              + " claims "
              + length
              + " bytes but only "
              + remainingKnown()
              + " remain in the input");
    }
    long left = length;
    int k = (int) Math.min(left, lim - pos);
    pos += k;
    left -= k;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new DicomFormatException(position() + (length - left), "input ends inside " + what);
        }
        s = 1;
      }
      left -= s;
      base += s;
    }
  }

  /** A stream over the next {@code length} bytes; whatever the caller leaves unread is skipped. */
  InputStream slice(long length) {
    return new InputStream() {
      long left = length;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        if (pos == lim && !request(1)) {
          throw new DicomFormatException(position(), "input ends inside bulk data");
        }
        int k = (int) Math.min(Math.min(len, lim - pos), left);
        System.arraycopy(buf, pos, b, off, k);
        pos += k;
        left -= k;
        return k;
      }

      @Override
      public long skip(long n) throws IOException {
        long k = Math.min(n, left);
        DicomInput.this.skip(k, "bulk data");
        left -= k;
        return k;
      }

      @Override
      public void close() throws IOException {
        if (left > 0) {
          skip(left);
        }
      }
    };
  }

  /**
   * From here on, reads inflate a raw deflate stream (PS3.5 A.5), with positions counted in
   * inflated bytes. Inflation is bounded in total size and ratio.
   */
  void startInflating(long maxInflated, int maxRatio) {
    InputStream rest =
        new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOfRange(buf, pos, lim)), in);
    CountingInputStream compressed = new CountingInputStream(rest);
    InputStream inflater = new InflaterInputStream(compressed, new Inflater(true), 1 << 14);
    long start = position();
    this.in = new InflationGuard(inflater, compressed, maxInflated, maxRatio, start);
    this.base = position();
    this.pos = 0;
    this.lim = 0;
    this.knownLength = -1;
    this.inflated = true;
  }

  private static final class CountingInputStream extends java.io.FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /** Refuses deflate bombs: too many inflated bytes in all, or too many per compressed byte. */
  private static final class InflationGuard extends InputStream {
    private final InputStream inflater;
    private final CountingInputStream compressed;
    private final long maxInflated;
    private final int maxRatio;
    private final long start;
    private long inflatedCount;

    InflationGuard(
        InputStream inflater,
        CountingInputStream compressed,
        long maxInflated,
        int maxRatio,
        long start) {
      this.inflater = inflater;
      this.compressed = compressed;
      this.maxInflated = maxInflated;
      this.maxRatio = maxRatio;
      this.start = start;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = inflater.read(b, off, len);
      } catch (java.util.zip.ZipException e) {
        throw new DicomFormatException(
            start + inflatedCount, "deflated data set is corrupt: " + e.getMessage(), e);
      } catch (java.io.EOFException e) {
        throw new DicomFormatException(start + inflatedCount, "deflated data set is truncated", e);
      }
      if (n > 0) {
        inflatedCount += n;
        if (inflatedCount > maxInflated) {
          throw new DicomFormatException(
              start + inflatedCount,
              "deflated data set inflates beyond the limit of " + maxInflated + " bytes");
        }
        if (inflatedCount > (1 << 20) && inflatedCount > (long) maxRatio * compressed.count) {
          throw new DicomFormatException(
              start + inflatedCount,
              "deflated data set expands more than " + maxRatio + " times: refused as a bomb");
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      inflater.close();
    }
  }
}
