package ward.net.client;

import java.util.List;

/**
 * The outcome of a C-GET or C-MOVE.
 *
 * @param status the final response's status
 * @param errorComment the peer's error comment, or null
 * @param completed sub-operations the peer counts as completed
 * @param failed sub-operations the peer counts as failed
 * @param warning sub-operations the peer counts as completed with a warning
 * @param failedInstances the Failed SOP Instance UID List the peer returned, if any
 * @param received for C-GET: instances this side received and kept
 * @param refused for C-GET: instances this side received but could not keep
 */
public record RetrieveResult(
    int status,
    String errorComment,
    int completed,
    int failed,
    int warning,
    List<String> failedInstances,
    int received,
    int refused) {

  public RetrieveResult {
    failedInstances = List.copyOf(failedInstances);
  }

  /** Success, with no sub-operation failed on either side. */
  public boolean ok() {
    Status.Kind k = Status.kindOf(status);
    return (k == Status.Kind.SUCCESS || k == Status.Kind.WARNING) && failed == 0 && refused == 0;
  }
}
