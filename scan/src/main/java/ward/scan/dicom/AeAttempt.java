package ward.scan.dicom;

/**
 * One association request and its answer.
 *
 * @param calledAe the called AE title tried
 * @param withIdentity whether an invented user identity was presented
 * @param outcome what came back
 * @param result for a rejection, the result (1 permanent, 2 transient), else 0
 * @param source for a rejection, the source (PS3.8 Table 9-21), else 0
 * @param reason for a rejection, the reason, else 0
 * @param detail the answer in words
 */
public record AeAttempt(
    String calledAe,
    boolean withIdentity,
    Outcome outcome,
    int result,
    int source,
    int reason,
    String detail) {

  /** The answer to an A-ASSOCIATE-RQ. */
  public enum Outcome {
    ACCEPTED,
    REJECTED,
    ABORTED,
    NO_ANSWER,
    FAILED
  }

  /** PS3.8 9.3.4: source 1 (service user), reason 7. */
  public boolean calledAeNotRecognized() {
    return outcome == Outcome.REJECTED && source == 1 && reason == 7;
  }

  /** PS3.8 9.3.4: source 1 (service user), reason 3. */
  public boolean callingAeNotRecognized() {
    return outcome == Outcome.REJECTED && source == 1 && reason == 3;
  }
}
