package ward.dicom;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A value left where it was read from: a region of a file. It is read only when asked for, so a
 * data set with gigabytes of pixel data takes a few hundred bytes of heap.
 *
 * @param file the file holding the value
 * @param offset where the value starts in the file
 * @param length the value's length in bytes
 * @param swapUnit 1 when the bytes are stored as they are meant; 2, 4 or 8 when the file is big
 *     endian and each unit of that size must be reversed to give little-endian bytes
 */
public record BulkData(Path file, long offset, long length, int swapUnit) implements Value.Binary {

  public BulkData {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative offset or length");
    }
    if (swapUnit != 1 && swapUnit != 2 && swapUnit != 4 && swapUnit != 8) {
      throw new IllegalArgumentException("swap unit " + swapUnit);
    }
  }

  /** Opens the value as little-endian bytes. */
  public InputStream openStream() throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    channel.position(offset);
    InputStream in = new Bounded(Channels.newInputStream(channel), length);
    return swapUnit == 1 ? in : new ByteSwappingInputStream(in, swapUnit);
  }

  /** Reads the whole value into memory, refusing values larger than {@code maxBytes}. */
  public byte[] readAll(int maxBytes) throws IOException {
    if (length > maxBytes) {
      throw new IOException("bulk data of " + length + " bytes is larger than " + maxBytes);
    }
    try (InputStream in = openStream()) {
      byte[] b = in.readNBytes((int) length);
      if (b.length != length) {
        throw new IOException(file + " ends inside bulk data at offset " + offset);
      }
      return b;
    }
  }

  /** An input stream that ends after a given number of bytes. */
  static final class Bounded extends FilterInputStream {
    private long remaining;

    Bounded(InputStream in, long limit) {
      super(in);
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(Math.min(n, remaining));
      remaining -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(super.available(), remaining);
    }
  }
}
