package ward.net.server;

/**
 * A DIMSE status (PS3.7 Annex C) with its optional error comment, as a service handler answers.
 *
 * @param code the status code
 * @param errorComment a short explanation for the peer, or null; sent as (0000,0902) with failures
 *     and warnings, trimmed to the 64 characters an LO value holds
 */
public record Status(int code, String errorComment) {

  public static final int SUCCESS = 0x0000;
  public static final int PENDING = 0xFF00;

  /** Pending, and some optional keys of the identifier were not supported (PS3.4 C.4.1.1.4). */
  public static final int PENDING_OPTIONAL_KEYS_UNSUPPORTED = 0xFF01;

  public static final int CANCEL = 0xFE00;

  /** Warning: sub-operations complete, one or more failures or warnings (PS3.4 C.4.2.1.5). */
  public static final int SUB_OPERATIONS_WITH_FAILURES = 0xB000;

  public static final int COERCION_OF_DATA_ELEMENTS = 0xB000;
  public static final int ELEMENTS_DISCARDED = 0xB006;
  public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING = 0xB007;

  public static final int OUT_OF_RESOURCES = 0xA700;

  /** Out of resources: unable to calculate the number of matches (C-GET, C-MOVE). */
  public static final int UNABLE_TO_CALCULATE_MATCHES = 0xA701;

  /** Out of resources: unable to perform sub-operations (C-GET, C-MOVE). */
  public static final int UNABLE_TO_PERFORM_SUB_OPERATIONS = 0xA702;

  public static final int MOVE_DESTINATION_UNKNOWN = 0xA801;

  /** Data set (C-STORE) or identifier (C-FIND, C-GET, C-MOVE) does not match the SOP class. */
  public static final int DOES_NOT_MATCH_SOP_CLASS = 0xA900;

  /** Cannot understand (C-STORE) or unable to process (C-FIND, C-GET, C-MOVE). */
  public static final int UNABLE_TO_PROCESS = 0xC000;

  public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
  public static final int UNRECOGNIZED_OPERATION = 0x0211;

  /** Success without comment. */
  public static final Status OK = new Status(SUCCESS, null);

  private static final int MAX_COMMENT = 64;

  public Status {
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("a status is 16 bits: " + code);
    }
    errorComment = errorComment == null ? null : sanitize(errorComment);
  }

  public static Status of(int code, String errorComment) {
    return new Status(code, errorComment);
  }

  public boolean isSuccess() {
    return code == SUCCESS;
  }

  public boolean isPending() {
    return code == PENDING || code == PENDING_OPTIONAL_KEYS_UNSUPPORTED;
  }

  /** Warning statuses: 0001, 0107, 0116 and Bxxx (PS3.7 C.1). */
  public boolean isWarning() {
    return code == 0x0001 || code == 0x0107 || code == 0x0116 || (code & 0xF000) == 0xB000;
  }

  public boolean isCancel() {
    return code == CANCEL;
  }

  public boolean isFailure() {
    return !isSuccess() && !isPending() && !isWarning() && !isCancel();
  }

  /** An LO value: printable ASCII without backslash, at most 64 characters. */
  private static String sanitize(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_COMMENT));
    for (int i = 0; i < s.length() && b.length() < MAX_COMMENT; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7F && c != '\\' ? c : '?');
    }
    return b.toString().strip();
  }

  @Override
  public String toString() {
    return String.format("%04X", code) + (errorComment == null ? "" : " " + errorComment);
  }
}
