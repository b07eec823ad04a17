package ward.dicom;

/**
 * One UID registered in PS3.6 Annex A.
 *
 * @param uid the UID
 * @param keyword the keyword, empty for the few retired UIDs PS3.6 gives none
 * @param name the name, possibly empty for the same retired UIDs
 * @param type the kind of UID as PS3.6 names it: "Transfer Syntax", "SOP Class", "Well-known SOP
 *     Instance", "Coding Scheme" and others
 * @param retired whether PS3.6 marks the UID retired
 */
public record UidEntry(String uid, String keyword, String name, String type, boolean retired) {

  /** The type PS3.6 gives transfer syntaxes. */
  public static final String TRANSFER_SYNTAX = "Transfer Syntax";

  public boolean isTransferSyntax() {
    return TRANSFER_SYNTAX.equals(type);
  }
}
