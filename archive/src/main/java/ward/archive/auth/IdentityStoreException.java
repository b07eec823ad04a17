package ward.archive.auth;

import java.sql.SQLException;

/**
 * The database behind users, tokens and entities failed. Authentication that meets it refuses:
 * nobody is let in because the database could not be asked.
 */
public final class IdentityStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IdentityStoreException(String what, SQLException cause) {
    super(what + ": " + cause.getMessage(), cause);
  }
}
