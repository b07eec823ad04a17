package ward.dicom;

import java.io.IOException;
import java.io.InputStream;

/** Reverses the byte order of each unit of 2, 4 or 8 bytes: big endian to little and back. */
final class ByteSwappingInputStream extends InputStream {
  private final InputStream in;
  private final int unit;
  private final byte[] buffer = new byte[8192];
  private int pos;
  private int limit;

  ByteSwappingInputStream(InputStream in, int unit) {
    this.in = in;
    this.unit = unit;
  }

  @Override
  public int read() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    return buffer[pos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == limit && !fill()) {
      return -1;
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buffer, pos, b, off, n);
    pos += n;
    return n;
  }

  private boolean fill() throws IOException {
    int n = in.readNBytes(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    ByteOrderSwap.swap(buffer, 0, n - n % unit, unit);
    pos = 0;
    limit = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
