package ward.net.client;

import java.nio.file.Path;

/**
 * What became of one file sent with C-STORE.
 *
 * @param file the file
 * @param sopInstanceUid its SOP instance UID, or null when it was not read
 * @param status the C-STORE-RSP status, or -1 when no response was received
 * @param problem why it was not stored (or the warning), for people; null on success
 * @param transferSyntaxUid the transfer syntax it was sent in, or null when it was not sent
 */
public record StoreResult(
    Path file, String sopInstanceUid, int status, String problem, String transferSyntaxUid) {

  /** Stored, possibly with a warning. */
  public boolean stored() {
    return status >= 0
        && (Status.kindOf(status) == Status.Kind.SUCCESS
            || Status.kindOf(status) == Status.Kind.WARNING);
  }

  public boolean warning() {
    return status >= 0 && Status.kindOf(status) == Status.Kind.WARNING;
  }

  static StoreResult notSent(Path file, String sopInstanceUid, String why) {
    return new StoreResult(file, sopInstanceUid, -1, why, null);
  }
}
