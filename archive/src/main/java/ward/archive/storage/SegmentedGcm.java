package ward.archive.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The layout of an encrypted object: AES-256-GCM over fixed-size segments, so objects of any size
 * stream in and out, and a part of one can be read without the rest.
 *
 * <pre>
 *   header   "WARDENC1" (8 bytes), plaintext segment size (4 bytes, big endian), 4 zero bytes
 *   segment* ciphertext of up to segment-size bytes followed by its 16-byte tag
 * </pre>
 *
 * Every object has a key of its own, so nonces only need to be unique within one object: the nonce
 * of segment i is three zero bytes, a last-segment flag (1 on the last segment, 0 before it), and i
 * as 8 bytes big endian (the STREAM construction). The header is authenticated with every segment.
 * So a changed byte, segments swapped, dropped or repeated, and an object cut short all fail
 * authentication. An empty object is one empty last segment.
 */
final class SegmentedGcm {
  static final byte[] MAGIC = "WARDENC1".getBytes(StandardCharsets.US_ASCII);
  static final int HEADER_BYTES = 16;
  static final int TAG_BYTES = 16;
  static final int DEFAULT_SEGMENT = 64 * 1024;
  static final int MAX_SEGMENT = 1 << 20;

  private SegmentedGcm() {}

  static byte[] header(int segmentSize) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
    b.put(MAGIC).putInt(segmentSize).putInt(0);
    return b.array();
  }

  /** The segment size a header names, or -1 when it is not a header of this layout. */
  static int segmentSize(byte[] header) {
    if (header.length != HEADER_BYTES
        || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return -1;
    }
    ByteBuffer b = ByteBuffer.wrap(header, MAGIC.length, 8);
    int size = b.getInt();
    int zero = b.getInt();
    return zero == 0 && size > 0 && size <= MAX_SEGMENT ? size : -1;
  }

  static Cipher cipher(int mode, SecretKey key, byte[] header, long index, boolean last)
      throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    nonce[3] = (byte) (last ? 1 : 0);
    ByteBuffer.wrap(nonce, 4, 8).putLong(index);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
    c.updateAAD(header);
    return c;
  }

  /** How many segments an encrypted body of {@code bodyBytes} has, or -1 if none can. */
  static long segments(long bodyBytes, int segmentSize) {
    long sealed = (long) segmentSize + TAG_BYTES;
    if (bodyBytes < TAG_BYTES) {
      return -1;
    }
    long n = (bodyBytes + sealed - 1) / sealed;
    long last = bodyBytes - (n - 1) * sealed;
    return last < TAG_BYTES ? -1 : n;
  }

  /** The plaintext size of an encrypted object of {@code totalBytes}, or -1 if malformed. */
  static long plaintextSize(long totalBytes, int segmentSize) {
    long body = totalBytes - HEADER_BYTES;
    long n = segments(body, segmentSize);
    return n < 0 ? -1 : body - n * TAG_BYTES;
  }
}
