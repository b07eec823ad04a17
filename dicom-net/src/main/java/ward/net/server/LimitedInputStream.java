package ward.net.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A data set arriving from the network, as handed to a handler: counts bytes against a limit and
 * remembers whether a failure came from the network (the association is then gone) or from the
 * limit (the server aborts). Closing it does nothing: the server drains what is left.
 */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private final byte[] buffer;
  private long count;
  private boolean exceeded;
  private IOException networkFailure;

  LimitedInputStream(InputStream in, long limit) {
    this(in, limit, new byte[8192]);
  }

  /**
   * @param buffer what {@link #transferTo} and {@link #drain} copy through; the association's,
   *     reused from message to message (one message is read at a time)
   */
  LimitedInputStream(InputStream in, long limit, byte[] buffer) {
    super(in);
    this.limit = limit;
    this.buffer = buffer;
  }

  @Override
  public int read() throws IOException {
    check();
    int b;
    try {
      b = in.read();
    } catch (IOException e) {
      networkFailure = e;
      throw e;
    }
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    check();
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      networkFailure = e;
      throw e;
    }
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  /**
   * Copies through the whole buffer: it is filled across PDV boundaries before each write, so the
   * destination gets a few large writes per data set rather than one per PDV (or per 8 KiB).
   */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    long total = 0;
    boolean end = false;
    while (!end) {
      int n = 0;
      while (n < buffer.length) {
        int k = read(buffer, n, buffer.length - n);
        if (k < 0) {
          end = true;
          break;
        }
        n += k;
      }
      if (n > 0) {
        out.write(buffer, 0, n);
        total += n;
      }
    }
    return total;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(n, 8192)];
    long left = n;
    while (left > 0) {
      int k = read(buf, 0, (int) Math.min(left, buf.length));
      if (k < 0) {
        break;
      }
      left -= k;
    }
    return n - left;
  }

  @Override
  public int available() {
    return 0;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // the server drains and owns the underlying stream
  }

  private void check() throws IOException {
    if (networkFailure != null) {
      throw networkFailure;
    }
    if (exceeded) {
      throw new IOException("the data set is larger than " + limit + " bytes");
    }
  }

  private void counted(int n) throws IOException {
    count += n;
    if (count > limit) {
      exceeded = true;
      throw new IOException("the data set is larger than " + limit + " bytes");
    }
  }

  /** Reads what is left, within the limit. */
  void drain() throws IOException {
    while (read(buffer, 0, buffer.length) >= 0) {
      // discarded
    }
  }

  boolean exceeded() {
    return exceeded;
  }

  long limit() {
    return limit;
  }

  IOException networkFailure() {
    return networkFailure;
  }
}
