package ward.net.client;

import java.io.IOException;

/** The peer answered a request with a failure status. */
public final class DimseStatusException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public DimseStatusException(String operation, int status, String errorComment) {
    super(
        operation
            + " failed: "
            + Status.describe(status)
            + (errorComment == null || errorComment.isBlank() ? "" : ": " + errorComment.strip()));
    this.status = status;
  }

  public int status() {
    return status;
  }
}
