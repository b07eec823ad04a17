package ward.dicom;

import java.io.IOException;

/**
 * Input that is not valid DICOM, or that exceeds a limit that protects the process. It names the
 * byte offset at which the problem was found and the reason, in words a person can act on.
 */
public final class DicomFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;
  private final String reason;

  public DicomFormatException(long offset, String reason) {
    super("at byte " + offset + ": " + reason);
    this.offset = offset;
    this.reason = reason;
  }

  public DicomFormatException(long offset, String reason, Throwable cause) {
    super("at byte " + offset + ": " + reason, cause);
    this.offset = offset;
    this.reason = reason;
  }

  /** Offset from the start of the input (for deflated data sets: of the inflated stream). */
  public long offset() {
    return offset;
  }

  public String reason() {
    return reason;
  }
}
