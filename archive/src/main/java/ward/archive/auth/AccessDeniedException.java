package ward.archive.auth;

/** An authenticated principal asked for something its roles do not allow. */
public final class AccessDeniedException extends Exception {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message) {
    super(message);
  }
}
