package ward.cli;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the JVM's AES-GCM and SHA-256 compiled with their processor instructions before the first
 * images arrive. HotSpot swaps in those instructions only once the calling methods are compiled,
 * and a call that encrypts a whole TLS record or a 64 KiB storage segment is counted once: an
 * archive fresh from start ran AES-GCM at about 50 MB/s instead of 3 GB/s for its first few hundred
 * megabytes, which cost about 10 ms of CPU per 0.5 MB CT image (TLS in, encryption at rest, the
 * digest). Thousands of small calls get there in about half a second of one core. It runs on a
 * thread of its own at low priority, so the listeners open at once.
 */
final class CryptoWarmup {
  private static final Logger LOG = LoggerFactory.getLogger("ward.cli");

  /** HotSpot compiles a method with C2 after about 5,000 calls; more makes sure. */
  static final int CALLS = 6_000;

  private static final int BYTES = 1024;

  private CryptoWarmup() {}

  /** Starts the warm-up on a daemon thread and returns at once. */
  static Thread start() {
    Thread t = new Thread(CryptoWarmup::runQuietly, "ward-crypto-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
    return t;
  }

  private static void runQuietly() {
    try {
      run(CALLS);
    } catch (GeneralSecurityException | RuntimeException e) {
      // Only speed is at stake: the same calls serve the archive whether or not this ran.
      LOG.debug("crypto warm-up stopped: {}", e.toString());
    }
  }

  /**
   * Encrypts and decrypts {@code calls} small messages with AES-256-GCM as byte arrays and as
   * buffers (the storage layer uses the first, TLS the second) and digests them with SHA-256.
   * Returns a value that depends on every result, so no call can be left out.
   */
  static long run(int calls) throws GeneralSecurityException {
    byte[] keyBytes = new byte[32];
    SecureRandom random = new SecureRandom();
    random.nextBytes(keyBytes);
    SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
    byte[] plain = new byte[BYTES];
    byte[] sealed = new byte[BYTES + 16];
    byte[] opened = new byte[BYTES];
    ByteBuffer plainBuffer = ByteBuffer.allocate(BYTES);
    ByteBuffer sealedBuffer = ByteBuffer.allocate(BYTES + 16);
    ByteBuffer openedBuffer = ByteBuffer.allocate(BYTES);
    byte[] nonce = new byte[12];
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    long check = 0;
    for (int i = 0; i < calls; i++) {
      ByteBuffer.wrap(nonce, 4, 8).putLong(i);
      GCMParameterSpec spec = new GCMParameterSpec(128, nonce);

      Cipher enc = Cipher.getInstance("AES/GCM/NoPadding");
      enc.init(Cipher.ENCRYPT_MODE, key, spec);
      enc.updateAAD(nonce);
      int n = enc.doFinal(plain, 0, plain.length, sealed, 0);
      Cipher dec = Cipher.getInstance("AES/GCM/NoPadding");
      dec.init(Cipher.DECRYPT_MODE, key, spec);
      dec.updateAAD(nonce);
      check += dec.doFinal(sealed, 0, n, opened, 0);

      // A second nonce space for the buffer calls: a key and nonce are never used twice.
      nonce[0] = 1;
      spec = new GCMParameterSpec(128, nonce);
      enc = Cipher.getInstance("AES/GCM/NoPadding");
      enc.init(Cipher.ENCRYPT_MODE, key, spec);
      plainBuffer.clear();
      sealedBuffer.clear();
      enc.doFinal(plainBuffer, sealedBuffer);
      sealedBuffer.flip();
      dec = Cipher.getInstance("AES/GCM/NoPadding");
      dec.init(Cipher.DECRYPT_MODE, key, spec);
      openedBuffer.clear();
      check += dec.doFinal(sealedBuffer, openedBuffer);
      nonce[0] = 0;

      sha256.update(opened);
      if (i % 64 == 63) {
        check += sha256.digest()[0];
      }
    }
    return check;
  }
}
