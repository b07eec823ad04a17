package ward.net.identity;

/** A user identity sub-item that breaks PS3.7 D.3.3.7.1. The message never quotes a secret. */
public final class IdentityFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public IdentityFormatException(String message) {
    super(message);
  }
}
