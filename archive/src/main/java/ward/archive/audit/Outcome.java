package ward.archive.audit;

/** PS3.15 A.5.1 EventOutcomeIndicator: how the audited event ended. */
public enum Outcome {
  SUCCESS(0),
  MINOR_FAILURE(4),
  SERIOUS_FAILURE(8),
  MAJOR_FAILURE(12);

  private final int code;

  Outcome(int code) {
    this.code = code;
  }

  /** The indicator's value in the message. */
  public int code() {
    return code;
  }

  /** The outcome whose indicator is {@code code}. */
  public static Outcome of(int code) {
    for (Outcome o : values()) {
      if (o.code == code) {
        return o;
      }
    }
    throw new IllegalArgumentException("no event outcome indicator " + code);
  }
}
