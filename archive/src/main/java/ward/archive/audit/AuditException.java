package ward.archive.audit;

/** The audit trail could not record or read: what cannot be audited must not be done. */
public final class AuditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
