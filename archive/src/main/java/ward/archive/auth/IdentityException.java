package ward.archive.auth;

/**
 * A change to users, tokens or registered entities that cannot be made as asked: an invalid name, a
 * password that breaks the policy, a duplicate, an unknown name, a spent setup token. The message
 * is meant for the administrator who asked and never quotes a password or token.
 */
public final class IdentityException extends Exception {
  private static final long serialVersionUID = 1L;

  public IdentityException(String message) {
    super(message);
  }
}
