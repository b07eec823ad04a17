package ward.archive.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * A patient's request that one of their studies be deleted, and what an administrator decided.
 *
 * @param requester the user name of the patient who asked
 * @param reason the patient's words (at most {@value DeletionRequests#MAX_REASON} characters)
 * @param decidedBy the administrator who approved or rejected it, or null while pending
 * @param decidedAt when, or null while pending
 */
public record DeletionRequest(
    long id,
    String requester,
    String study,
    String reason,
    Instant requestedAt,
    State state,
    String decidedBy,
    Instant decidedAt) {

  /** Where a request stands: pending until an administrator approves or rejects it. */
  public enum State {
    PENDING,
    APPROVED,
    REJECTED
  }

  public DeletionRequest {
    Objects.requireNonNull(requester);
    Objects.requireNonNull(study);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(requestedAt);
    Objects.requireNonNull(state);
  }
}
