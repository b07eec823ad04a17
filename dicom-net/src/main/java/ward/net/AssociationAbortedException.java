package ward.net;

import java.io.IOException;

/** The association ended abnormally: aborted by either side, or the connection broke. */
public final class AssociationAbortedException extends IOException {
  private static final long serialVersionUID = 1L;

  public AssociationAbortedException(String message) {
    super(message);
  }
}
