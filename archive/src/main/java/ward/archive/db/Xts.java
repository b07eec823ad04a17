package ward.archive.db;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * XTS-AES-256 (IEEE 1619, NIST SP 800-38E) over sectors of {@value #SECTOR} bytes: the
 * length-preserving, position-bound encryption of disks, so that a database page can be rewritten
 * in place. Sector {@code n}'s tweak is AES under the tweak key of {@code n} as 16 bytes little
 * endian; each 16-byte block is XORed with the tweak times α^j in GF(2^128), encrypted under the
 * data key, and XORed again. The AES itself is the JDK's, which runs on the processor's AES
 * instructions: one call encrypts a whole sector.
 *
 * <p>Not thread-safe: one instance per user at a time.
 */
final class Xts {
  static final int SECTOR = 4096;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final Cipher encrypt;
  private final Cipher decrypt;
  private final Cipher tweak;
  private final byte[] masks = new byte[SECTOR];
  private final byte[] sectorNumber = new byte[16];

  /**
   * @param dataKey 32 bytes
   * @param tweakKey 32 bytes, not the data key
   */
  Xts(byte[] dataKey, byte[] tweakKey) throws GeneralSecurityException {
    if (dataKey.length != 32 || tweakKey.length != 32) {
      throw new IllegalArgumentException("XTS-AES-256 takes two 256-bit keys");
    }
    if (java.security.MessageDigest.isEqual(dataKey, tweakKey)) {
      throw new IllegalArgumentException("the tweak key must differ from the data key");
    }
    SecretKeySpec data = new SecretKeySpec(dataKey, "AES");
    encrypt = Cipher.getInstance("AES/ECB/NoPadding");
    encrypt.init(Cipher.ENCRYPT_MODE, data);
    decrypt = Cipher.getInstance("AES/ECB/NoPadding");
    decrypt.init(Cipher.DECRYPT_MODE, data);
    tweak = Cipher.getInstance("AES/ECB/NoPadding");
    tweak.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(tweakKey, "AES"));
  }

  /** Encrypts sector {@code n} in place: {@value #SECTOR} bytes of {@code b} from {@code off}. */
  void encrypt(long n, byte[] b, int off) {
    apply(encrypt, n, b, off);
  }

  /** Decrypts sector {@code n} in place. */
  void decrypt(long n, byte[] b, int off) {
    apply(decrypt, n, b, off);
  }

  private void apply(Cipher cipher, long n, byte[] b, int off) {
    try {
      masks(n);
      xorMasks(b, off);
      if (cipher.doFinal(b, off, SECTOR, b, off) != SECTOR) {
        throw new IllegalStateException("AES/ECB did not return a whole sector");
      }
      xorMasks(b, off);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES failed on a whole sector: " + e.getMessage(), e);
    }
  }

  /** The 256 tweak masks of sector {@code n}: T, Tα, Tα², … (little-endian doubling). */
  private void masks(long n) throws ShortBufferException, GeneralSecurityException {
    LONGS.set(sectorNumber, 0, n);
    LONGS.set(sectorNumber, 8, 0L);
    tweak.doFinal(sectorNumber, 0, 16, masks, 0);
    long lo = (long) LONGS.get(masks, 0);
    long hi = (long) LONGS.get(masks, 8);
    for (int i = 16; i < SECTOR; i += 16) {
      long carry = hi >> 63; // all ones when the top bit is set
      hi = (hi << 1) | (lo >>> 63);
      lo = (lo << 1) ^ (carry & 0x87);
      LONGS.set(masks, i, lo);
      LONGS.set(masks, i + 8, hi);
    }
  }

  private void xorMasks(byte[] b, int off) {
    for (int i = 0; i < SECTOR; i += 8) {
      LONGS.set(b, off + i, (long) LONGS.get(b, off + i) ^ (long) LONGS.get(masks, i));
    }
  }
}
