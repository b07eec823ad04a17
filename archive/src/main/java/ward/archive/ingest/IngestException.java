package ward.archive.ingest;

/** An instance was refused; nothing of it is stored. The message says why, for the client. */
public final class IngestException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an instance was refused; each entry point maps it to its own status. */
  public enum Reason {
    /** Not parseable as DICOM within the limits. */
    MALFORMED,
    /** Parseable, but a required attribute is missing or ill-formed. */
    INVALID,
    /** The data set does not match what the request announced (SOP class or instance). */
    MISMATCH,
    /** Refused for what it carries (an executable preamble); kept in quarantine, if one is kept. */
    QUARANTINED,
    /** Already stored, and the duplicate policy refuses another copy. */
    DUPLICATE,
    /** The archive could not store it (disk, database). */
    STORAGE_FAILURE
  }

  private final Reason reason;

  public IngestException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public IngestException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
