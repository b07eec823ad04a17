package ward.net.server;

/**
 * Thrown by a service handler to answer with a specific failure status (for example {@link
 * Status#DOES_NOT_MATCH_SOP_CLASS} for an identifier it cannot use). Any other exception from a
 * handler becomes {@link Status#UNABLE_TO_PROCESS} with a generic comment.
 */
public final class DimseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Status status;

  public DimseException(Status status) {
    super(status.toString());
    this.status = status;
  }

  public DimseException(int code, String errorComment) {
    this(Status.of(code, errorComment));
  }

  public Status status() {
    return status;
  }
}
