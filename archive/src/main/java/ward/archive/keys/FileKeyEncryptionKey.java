package ward.archive.keys;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit key-encryption key held in memory (read from a key file by {@link KeyRing}). Keys are
 * wrapped with AES-256-GCM: a random 96-bit nonce, then the sealed key and its 128-bit tag, with
 * the context as additional authenticated data.
 */
final class FileKeyEncryptionKey implements KeyEncryptionKey {
  static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final SecretKey key;

  FileKeyEncryptionKey(String id, byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("a key-encryption key has 256 bits");
    }
    this.id = id;
    this.key = new SecretKeySpec(key, "AES");
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] wrap(byte[] plain, byte[] context) throws GeneralSecurityException {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(context);
    byte[] sealed = c.doFinal(plain);
    byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
    System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
    return out;
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] context) throws GeneralSecurityException {
    if (wrapped.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new GeneralSecurityException("a wrapped key is too short");
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
    c.updateAAD(context);
    return c.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
  }
}
