package ward.dicom.json;

import java.io.IOException;

/**
 * JSON that is malformed, is not valid DICOM JSON (PS3.18 Annex F), or exceeds a {@link JsonLimits
 * limit}. It names the character offset at which the problem was found (counted in UTF-16 chars
 * from the start of the input) and the reason.
 */
public final class DicomJsonException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;
  private final String reason;

  public DicomJsonException(long offset, String reason) {
    super("at character " + offset + ": " + reason);
    this.offset = offset;
    this.reason = reason;
  }

  public DicomJsonException(long offset, String reason, Throwable cause) {
    super("at character " + offset + ": " + reason, cause);
    this.offset = offset;
    this.reason = reason;
  }

  /** Offset of the problem from the start of the input, in chars. */
  public long offset() {
    return offset;
  }

  public String reason() {
    return reason;
  }
}
