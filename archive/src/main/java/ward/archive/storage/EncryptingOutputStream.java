package ward.archive.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;

/**
 * Encrypts what is written to it into {@link SegmentedGcm} segments on {@code out}. A segment is
 * sealed once the next byte shows it is not the last; {@link #finish} seals the last one. Closing
 * does not close {@code out}.
 */
final class EncryptingOutputStream extends OutputStream {
  private final OutputStream out;
  private final SecretKey key;
  private final byte[] header;
  private final byte[] plain;
  private final byte[] sealed;
  private int filled;
  private long index;
  private long plaintextBytes;
  private boolean finished;

  EncryptingOutputStream(OutputStream out, SecretKey key, int segmentSize) throws IOException {
    this.out = out;
    this.key = key;
    this.header = SegmentedGcm.header(segmentSize);
    this.plain = new byte[segmentSize];
    this.sealed = new byte[segmentSize + SegmentedGcm.TAG_BYTES];
    out.write(header);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("the object is already finished");
    }
    while (len > 0) {
      if (filled == plain.length) {
        seal(false);
      }
      int n = Math.min(len, plain.length - filled);
      System.arraycopy(b, off, plain, filled, n);
      filled += n;
      off += n;
      len -= n;
      plaintextBytes += n;
    }
  }

  /** Seals the last segment; returns the number of plaintext bytes written. */
  long finish() throws IOException {
    if (!finished) {
      seal(true);
      finished = true;
    }
    return plaintextBytes;
  }

  private void seal(boolean last) throws IOException {
    try {
      Cipher c = SegmentedGcm.cipher(Cipher.ENCRYPT_MODE, key, header, index, last);
      int n = c.doFinal(plain, 0, filled, sealed, 0);
      out.write(sealed, 0, n);
    } catch (GeneralSecurityException e) {
      throw new IOException("could not encrypt: " + e.getMessage(), e);
    }
    index++;
    filled = 0;
  }

  @Override
  public void flush() {
    // Segments are written as they are sealed; nothing partial may leave.
  }
}
