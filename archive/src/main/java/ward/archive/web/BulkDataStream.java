package ward.archive.web;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import ward.archive.index.StoredInstance;
import ward.archive.storage.BlobStore;
import ward.dicom.BulkData;
import ward.dicom.Value;

/**
 * The bytes of values in memory or left in the stored object, one after the other, in little endian
 * order. Each value left in the object is read by opening the object and skipping to it.
 */
final class BulkDataStream extends InputStream {
  private final BlobStore blobs;
  private final StoredInstance instance;
  private final List<Value.Binary> pieces;
  private int next;
  private InputStream current;
  private int swapUnit = 1;
  private final byte[] unit = new byte[8];
  private int unitPos;
  private int unitLen;

  BulkDataStream(BlobStore blobs, StoredInstance instance, List<Value.Binary> pieces) {
    this.blobs = blobs;
    this.instance = instance;
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
    while (true) {
      if (current == null && !openNext()) {
        return -1;
      }
      if (swapUnit > 1) {
        // Big endian: hand out each unit reversed.
        if (unitPos == unitLen) {
          unitLen = current.readNBytes(unit, 0, swapUnit);
          unitPos = 0;
          if (unitLen == 0) {
            closeCurrent();
            continue;
          }
          if (unitLen == swapUnit) {
            for (int lo = 0, hi = swapUnit - 1; lo < hi; lo++, hi--) {
              byte t = unit[lo];
              unit[lo] = unit[hi];
              unit[hi] = t;
            }
          }
        }
        int n = Math.min(len, unitLen - unitPos);
        System.arraycopy(unit, unitPos, b, off, n);
        unitPos += n;
        return n;
      }
      int n = current.read(b, off, len);
      if (n >= 0) {
        return n;
      }
      closeCurrent();
    }
  }

  private boolean openNext() throws IOException {
    if (next == pieces.size()) {
      return false;
    }
    Value.Binary piece = pieces.get(next++);
    if (piece instanceof Value.Bytes bytes) {
      current = new ByteArrayInputStream(bytes.bytes());
      swapUnit = 1;
    } else {
      BulkData region = (BulkData) piece;
      InputStream object = blobs.open(instance.blob());
      try {
        object.skipNBytes(region.offset());
      } catch (IOException e) {
        object.close();
        throw e;
      }
      current = new Bounded(object, region.length());
      swapUnit = region.swapUnit();
    }
    unitPos = 0;
    unitLen = 0;
    return true;
  }

  private void closeCurrent() throws IOException {
    current.close();
    current = null;
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      closeCurrent();
    }
  }

  /** The first {@code length} bytes of a stream. */
  private static final class Bounded extends FilterInputStream {
    private long left;

    Bounded(InputStream in, long length) {
      super(in);
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left == 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
