package ward.archive.web.multipart;

import java.io.IOException;

/** A multipart body Ward will not read, with the reason and the HTTP status that fits it. */
public final class MultipartException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why a body was refused. */
  public enum Reason {
    /** The Content-Type is not multipart/related. */
    NOT_MULTIPART_RELATED(415),
    /** The Content-Type cannot be parsed, or its boundary is missing or invalid. */
    BAD_CONTENT_TYPE(400),
    /** The body breaks the multipart syntax (RFC 2046 5.1.1). */
    MALFORMED(400),
    /** The body ends before its closing boundary: it was cut short. */
    MISSING_CLOSE_DELIMITER(400),
    /** A part's headers, or the preamble, are longer than the limit. */
    HEADERS_TOO_LARGE(413),
    /** More parts than the limit. */
    TOO_MANY_PARTS(413),
    /** A part's body is longer than the limit. */
    PART_TOO_LARGE(413);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** 400, 413 or 415. */
    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Reason reason;

  public MultipartException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
