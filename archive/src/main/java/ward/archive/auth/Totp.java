package ward.archive.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as authenticator apps compute them: RFC 6238 over RFC 4226's HOTP,
 * HMAC-SHA-1, 30-second steps, 6 digits, with the secret written in RFC 4648 base32. A code is
 * accepted for the current step and one step either side (clock drift); the step it matched is
 * returned so that the caller can refuse a code used before (RFC 6238 5.2).
 */
public final class Totp {
  /** RFC 6238 4.1: X, the step. */
  public static final long STEP_SECONDS = 30;

  public static final int DIGITS = 6;

  /** 160 bits, the length of an HMAC-SHA-1 key as RFC 4226 4 recommends. */
  private static final int SECRET_BYTES = 20;

  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Totp() {}

  /** A new random secret, base32 without padding (32 characters). */
  public static String newSecret(SecureRandom random) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return base32(secret);
  }

  /** The step that {@code at} falls in. */
  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /** The code an authenticator app holding {@code base32Secret} shows at {@code at}. */
  public static String code(String base32Secret, Instant at) {
    return code(decodeBase32(base32Secret), step(at), DIGITS);
  }

  /** The code of one step (RFC 4226 5.3, truncated to {@code digits}). */
  static String code(byte[] secret, long step, int digits) {
    byte[] mac;
    try {
      Mac hmac = Mac.getInstance("HmacSHA1");
      hmac.init(new SecretKeySpec(secret, "HmacSHA1"));
      mac = hmac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-1 is part of every Java runtime", e);
    }
    int offset = mac[mac.length - 1] & 0x0f;
    int binary =
        ((mac[offset] & 0x7f) << 24)
            | ((mac[offset + 1] & 0xff) << 16)
            | ((mac[offset + 2] & 0xff) << 8)
            | (mac[offset + 3] & 0xff);
    int modulus = 1;
    for (int i = 0; i < digits; i++) {
      modulus *= 10;
    }
    String s = Integer.toString(binary % modulus);
    return "0".repeat(digits - s.length()) + s;
  }

  /**
   * The step whose code {@code code} is, among the step of {@code at} and its two neighbours, or
   * empty. Codes that are not exactly six digits match nothing. The comparison takes the same time
   * whichever digit differs.
   */
  public static OptionalLong match(String base32Secret, String code, Instant at) {
    if (code == null || code.length() != DIGITS || !code.chars().allMatch(Totp::isDigit)) {
      return OptionalLong.empty();
    }
    byte[] secret = decodeBase32(base32Secret);
    long now = step(at);
    long found = Long.MIN_VALUE;
    for (long s = now - 1; s <= now + 1; s++) {
      if (java.security.MessageDigest.isEqual(
          code(secret, s, DIGITS).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          code.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
        found = Math.max(found, s);
      }
    }
    return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The provisioning URI authenticator apps read (the Key Uri Format of Google Authenticator, which
   * the others follow): {@code otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER}.
   */
  public static String uri(String issuer, String account, String base32Secret) {
    return "otpauth://totp/"
        + percent(issuer)
        + ":"
        + percent(account)
        + "?secret="
        + base32Secret
        + "&issuer="
        + percent(issuer)
        + "&algorithm=SHA1&digits="
        + DIGITS
        + "&period="
        + STEP_SECONDS;
  }

  private static String percent(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        b.append(c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", x & 0xff));
      }
    }
    return b.toString();
  }

  /** RFC 4648 6, without padding. */
  static String base32(byte[] data) {
    StringBuilder b = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte x : data) {
      buffer = (buffer << 8) | (x & 0xff);
      bits += 8;
      while (bits >= 5) {
        b.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      b.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return b.toString();
  }

  /** RFC 4648 6; case, spaces and padding are forgiven as apps print secrets in groups. */
  static byte[] decodeBase32(String text) {
    ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8 + 1);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = Character.toUpperCase(text.charAt(i));
      if (c == ' ' || c == '=') {
        continue;
      }
      int v = BASE32.indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("not a base32 secret");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    byte[] bytes = new byte[out.position()];
    out.flip().get(bytes);
    return bytes;
  }
}
