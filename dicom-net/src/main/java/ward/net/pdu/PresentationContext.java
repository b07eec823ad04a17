package ward.net.pdu;

import java.util.List;

/** Presentation context items (PS3.8 9.3.2.2 and 9.3.3.2). */
public final class PresentationContext {
  private PresentationContext() {}

  public static final int ACCEPTANCE = 0;
  public static final int USER_REJECTION = 1;
  public static final int NO_REASON = 2;
  public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
  public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

  /** A proposed context: an abstract syntax and the transfer syntaxes the requestor offers. */
  public record Proposed(int id, String abstractSyntax, List<String> transferSyntaxes) {
    public Proposed {
      transferSyntaxes = List.copyOf(transferSyntaxes);
    }
  }

  /**
   * The acceptor's answer for one context: a result and, when accepted, the transfer syntax.
   * Rejected contexts carry the transfer syntax sub-item too, but its value is not significant.
   */
  public record Result(int id, int result, String transferSyntax) {
    public boolean accepted() {
      return result == ACCEPTANCE;
    }

    public static String describe(int result) {
      return switch (result) {
        case ACCEPTANCE -> "accepted";
        case USER_REJECTION -> "rejected by the user";
        case NO_REASON -> "rejected, no reason";
        case ABSTRACT_SYNTAX_NOT_SUPPORTED -> "abstract syntax not supported";
        case TRANSFER_SYNTAXES_NOT_SUPPORTED -> "transfer syntaxes not supported";
        default -> "result " + result;
      };
    }
  }
}
