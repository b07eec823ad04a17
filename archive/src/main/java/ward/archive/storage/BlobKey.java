package ward.archive.storage;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The name of a stored object: 128 random bits in lower-case hex, never derived from anything a
 * peer sent (UIDs, AE titles, file names), so no input can steer where an object lands.
 */
public record BlobKey(String value) {
  private static final Pattern FORM = Pattern.compile("[0-9a-f]{32}");
  private static final SecureRandom RANDOM = new SecureRandom();

  public BlobKey {
    if (value == null || !FORM.matcher(value).matches()) {
      throw new IllegalArgumentException("not a blob key: " + value);
    }
  }

  /** A fresh random key. */
  public static BlobKey random() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return new BlobKey(HexFormat.of().formatHex(b));
  }

  @Override
  public String toString() {
    return value;
  }
}
