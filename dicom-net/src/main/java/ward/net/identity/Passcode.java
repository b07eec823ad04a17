package ward.net.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A passcode as received (UTF-8). It never appears in {@code toString}, and compares in constant
 * time. Verifiers that hash passwords (Argon2id) take {@link #toChars} or {@link #utf8} and should
 * wipe the copy with {@link Arrays#fill} when done.
 */
public final class Passcode {
  private final byte[] utf8;

  private Passcode(byte[] utf8) {
    this.utf8 = utf8;
  }

  /**
   * A passcode from its UTF-8 bytes (copied).
   *
   * @throws IdentityFormatException when the bytes are not UTF-8
   */
  public static Passcode ofUtf8(byte[] utf8) throws IdentityFormatException {
    UserIdentity.utf8(utf8, "passcode");
    return new Passcode(utf8.clone());
  }

  /** A copy of the UTF-8 bytes. */
  public byte[] utf8() {
    return utf8.clone();
  }

  /** A copy of the characters. */
  public char[] toChars() {
    return new String(utf8, StandardCharsets.UTF_8).toCharArray();
  }

  public boolean isEmpty() {
    return utf8.length == 0;
  }

  /** Whether this passcode equals {@code expected}, in time independent of where they differ. */
  public boolean matches(byte[] expectedUtf8) {
    return MessageDigest.isEqual(utf8, expectedUtf8);
  }

  @Override
  public String toString() {
    return "Passcode[hidden]";
  }
}
