package ward.archive.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;

/**
 * Reads an object written by {@link EncryptingOutputStream}, authenticating each segment before any
 * of its bytes are returned. The total length is known in advance, so the last segment is known and
 * an object cut at a segment boundary fails too. {@link #skip} passes over whole segments without
 * reading them.
 */
final class DecryptingInputStream extends InputStream {
  private final InputStream in;
  private final SecretKey key;
  private final BlobKey object;
  private final byte[] header;
  private final int segmentSize;
  private final long segments;
  private final long lastSealedBytes;
  private final byte[] sealed;
  private final byte[] plain;
  private int pos;
  private int limit;
  private long next; // the index of the next segment to read

  DecryptingInputStream(InputStream in, long totalBytes, SecretKey key, BlobKey object)
      throws IOException {
    this.in = in;
    this.key = key;
    this.object = object;
    this.header = in.readNBytes(SegmentedGcm.HEADER_BYTES);
    this.segmentSize = SegmentedGcm.segmentSize(header);
    if (segmentSize < 0) {
      in.close();
      throw new TamperedObjectException(object, "is not an encrypted object (bad header)");
    }
    long body = totalBytes - SegmentedGcm.HEADER_BYTES;
    this.segments = SegmentedGcm.segments(body, segmentSize);
    if (segments < 0) {
      in.close();
      throw new TamperedObjectException(object, "has a malformed length: it was cut or extended");
    }
    long sealedSize = (long) segmentSize + SegmentedGcm.TAG_BYTES;
    this.lastSealedBytes = body - (segments - 1) * sealedSize;
    this.sealed = new byte[segmentSize + SegmentedGcm.TAG_BYTES];
    this.plain = new byte[segmentSize];
  }

  private boolean fill() throws IOException {
    while (pos == limit) {
      if (next >= segments) {
        return false;
      }
      boolean last = next == segments - 1;
      int want = last ? (int) lastSealedBytes : sealed.length;
      int got = in.readNBytes(sealed, 0, want);
      if (got != want) {
        throw new TamperedObjectException(object, "ends early at segment " + next);
      }
      try {
        Cipher c = SegmentedGcm.cipher(Cipher.DECRYPT_MODE, key, header, next, last);
        limit = c.doFinal(sealed, 0, want, plain, 0);
      } catch (GeneralSecurityException e) {
        throw new TamperedObjectException(object, "failed authentication at segment " + next, e);
      }
      pos = 0;
      next++;
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return plain[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(plain, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    long skipped = Math.min(n, limit - pos);
    pos += (int) skipped;
    long sealedSize = (long) segmentSize + SegmentedGcm.TAG_BYTES;
    // Whole segments before the last are passed over unread.
    while (pos == limit && n - skipped >= segmentSize && next < segments - 1) {
      try {
        in.skipNBytes(sealedSize);
      } catch (EOFException e) {
        throw new TamperedObjectException(object, "ends early at segment " + next, e);
      }
      next++;
      skipped += segmentSize;
    }
    while (skipped < n && fill()) {
      int k = (int) Math.min(n - skipped, limit - pos);
      pos += k;
      skipped += k;
    }
    return skipped;
  }

  @Override
  public int available() {
    return limit - pos;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
