package ward.net.client;

/** The status codes of DIMSE responses and what they mean (PS3.7 C; PS3.4 B.2.3, C.4). */
public final class Status {
  private Status() {}

  public static final int SUCCESS = 0x0000;
  public static final int PENDING = 0xFF00;
  public static final int PENDING_OPTIONAL_KEYS_UNSUPPORTED = 0xFF01;
  public static final int CANCEL = 0xFE00;

  /** C-GET and C-MOVE: sub-operations complete, one or more failures or warnings. */
  public static final int SUB_OPERATIONS_WITH_FAILURES = 0xB000;

  /** C-STORE: refused, out of resources. */
  public static final int OUT_OF_RESOURCES = 0xA700;

  /** C-STORE: cannot understand. */
  public static final int CANNOT_UNDERSTAND = 0xC000;

  /** The outcome of a status code (PS3.7 C.1). */
  public enum Kind {
    SUCCESS,
    WARNING,
    PENDING,
    CANCEL,
    FAILURE
  }

  public static Kind kindOf(int status) {
    if (status == SUCCESS) {
      return Kind.SUCCESS;
    }
    if (status == PENDING || status == PENDING_OPTIONAL_KEYS_UNSUPPORTED) {
      return Kind.PENDING;
    }
    if (status == CANCEL) {
      return Kind.CANCEL;
    }
    if (status == 0x0001 || status == 0x0107 || status == 0x0116 || (status & 0xF000) == 0xB000) {
      return Kind.WARNING;
    }
    return Kind.FAILURE;
  }

  public static boolean isPending(int status) {
    return kindOf(status) == Kind.PENDING;
  }

  public static boolean isFailure(int status) {
    return kindOf(status) == Kind.FAILURE;
  }

  /** The status in words, with its code: "refused: out of resources (A700)". */
  public static String describe(int status) {
    return meaning(status) + " (" + String.format("%04X", status) + ")";
  }

  private static String meaning(int status) {
    return switch (status) {
      case SUCCESS -> "success";
      case PENDING -> "pending";
      case PENDING_OPTIONAL_KEYS_UNSUPPORTED -> "pending, optional keys not supported";
      case CANCEL -> "cancelled";
      case 0x0001 -> "warning: requested optional attributes are not supported";
      case 0x0107 -> "warning: attribute list error";
      case 0x0116 -> "warning: attribute value out of range";
      case SUB_OPERATIONS_WITH_FAILURES ->
          "warning: coercion of data elements, or sub-operations" + " complete with failures";
      case 0xB006 -> "warning: elements discarded";
      case 0xB007 -> "warning: data set does not match SOP class";
      case 0x0105 -> "failure: no such attribute";
      case 0x0106 -> "failure: invalid attribute value";
      case 0x0110 -> "failure: processing failure";
      case 0x0111 -> "failure: duplicate SOP instance";
      case 0x0112 -> "failure: no such SOP instance";
      case 0x0117 -> "failure: invalid object instance";
      case 0x0118 -> "failure: no such SOP class";
      case 0x0119 -> "failure: class-instance conflict";
      case 0x0120 -> "failure: missing attribute";
      case 0x0121 -> "failure: missing attribute value";
      case 0x0122 -> "refused: SOP class not supported";
      case 0x0124 -> "refused: not authorized";
      case 0x0210 -> "failure: duplicate invocation";
      case 0x0211 -> "failure: unrecognized operation";
      case 0x0212 -> "failure: mistyped argument";
      case 0x0213 -> "failure: resource limitation";
      case 0xA701 -> "refused: out of resources, unable to calculate number of matches";
      case 0xA702 -> "refused: out of resources, unable to perform sub-operations";
      case 0xA801 -> "refused: move destination unknown";
      default -> byRange(status);
    };
  }

  private static String byRange(int status) {
    return switch (status & 0xFF00) {
      case 0xA700 -> "refused: out of resources";
      case 0xA900 -> "failure: data set or identifier does not match SOP class";
      case 0xAA00, 0xAB00 -> "failure: unable to process";
      default ->
          (status & 0xF000) == 0xC000
              ? "failure: cannot understand or unable to process"
              : (status & 0xF000) == 0xB000 ? "warning" : "failure";
    };
  }
}
