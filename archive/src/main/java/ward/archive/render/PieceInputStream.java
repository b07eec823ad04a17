package ward.archive.render;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads pieces in order: from memory, or from the source, opened once and skipped forward from one
 * piece to the next (pieces of a frame lie in ascending order).
 */
final class PieceInputStream extends InputStream {
  private final InstanceSource source;
  private final List<Piece> pieces;
  private InputStream in;
  private long inPosition;
  private int index;
  private long done;

  PieceInputStream(InstanceSource source, List<Piece> pieces) {
    this.source = source;
    this.pieces = pieces;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (index < pieces.size()) {
      Piece p = pieces.get(index);
      if (done == p.length()) {
        index++;
        done = 0;
        continue;
      }
      int n = (int) Math.min(len, p.length() - done);
      if (p.memory() != null) {
        System.arraycopy(p.memory(), (int) (p.offset() + done), b, off, n);
      } else {
        moveTo(p.offset() + done);
        n = in.read(b, off, n);
        if (n < 0) {
          throw new EOFException("the instance ends inside its pixel data");
        }
        inPosition += n;
      }
      done += n;
      return n;
    }
    return -1;
  }

  private void moveTo(long position) throws IOException {
    if (in == null || position < inPosition) {
      close();
      in = source.open();
      inPosition = 0;
    }
    in.skipNBytes(position - inPosition);
    inPosition = position;
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      InputStream s = in;
      in = null;
      s.close();
    }
  }
}
