package ward.archive.index;

/** The index failed (the database, not the query). */
public final class IndexException extends Exception {
  private static final long serialVersionUID = 1L;

  public IndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
