package ward.archive.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that refuses to be read past a limit, whatever its Content-Length said (a chunked
 * body has none): the read that crosses it throws {@link TooLarge}, which the caller answers 413.
 */
final class BoundedBody extends FilterInputStream {
  private final long limit;
  private long read;

  BoundedBody(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  /** The body went past the limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("the body is larger than " + limit + " bytes");
    }
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long k = in.skip(n);
    count(k);
    return k;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(long n) throws TooLarge {
    read += n;
    if (read > limit) {
      throw new TooLarge(limit);
    }
  }
}
