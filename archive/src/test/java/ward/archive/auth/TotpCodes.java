package ward.archive.auth;

import java.time.Instant;

/** The current code of a secret, as an authenticator app would show it: for tests elsewhere. */
public final class TotpCodes {
  private TotpCodes() {}

  public static String now(String base32Secret) {
    return at(base32Secret, Instant.now());
  }

  public static String at(String base32Secret, Instant at) {
    return Totp.code(Totp.decodeBase32(base32Secret), Totp.step(at), Totp.DIGITS);
  }
}
