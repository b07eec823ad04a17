package ward.archive.web;

import java.time.Instant;

/** The outcome of a login: a token, or a refusal with a reason for the server's own records. */
public sealed interface LoginResult permits LoginResult.Accepted, LoginResult.Refused {

  /** Logged in: the token to present, and when it stops working. */
  record Accepted(String token, Instant expires) implements LoginResult {
    public Accepted {
      if (token == null || token.isEmpty()) {
        throw new IllegalArgumentException("an accepted login has a token");
      }
    }
  }

  /** Not logged in. */
  record Refused(Reason reason) implements LoginResult {}

  /** Why a login was refused. */
  enum Reason {
    /** The name is unknown or the password is wrong; which one is never told. */
    BAD_CREDENTIALS,
    /** The account is locked after too many failures. */
    LOCKED,
    /** Too many attempts from this address or for this name in a short time. */
    RATE_LIMITED
  }
}
