package ward.dicom;

/**
 * A data element tag: group and element number packed in one int, as (gggg,eeee).
 *
 * <p>Most of the code handles tags as plain ints for speed; this type gives them names and
 * formatting where they are shown to people.
 */
public record Tag(int value) implements Comparable<Tag> {

  public static final int ITEM = 0xFFFEE000;
  public static final int ITEM_DELIMITATION = 0xFFFEE00D;
  public static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
  public static final int PIXEL_DATA = 0x7FE00010;
  public static final int FLOAT_PIXEL_DATA = 0x7FE00008;
  public static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;
  public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
  public static final int TRANSFER_SYNTAX_UID = 0x00020010;

  public static Tag of(int group, int element) {
    return new Tag((group << 16) | (element & 0xFFFF));
  }

  public int group() {
    return value >>> 16;
  }

  public int element() {
    return value & 0xFFFF;
  }

  /** Odd groups are private (PS3.5 7.8), except the groups 0001, 0003, 0005 and 0007 (illegal). */
  public boolean isPrivate() {
    return isPrivate(value);
  }

  public static boolean isPrivate(int tag) {
    return (tag & 0x00010000) != 0;
  }

  /** A private creator element (gggg,0010-00FF) of an odd group. */
  public static boolean isPrivateCreator(int tag) {
    int element = tag & 0xFFFF;
    return isPrivate(tag) && element >= 0x10 && element <= 0xFF;
  }

  /** Group length elements (gggg,0000). */
  public static boolean isGroupLength(int tag) {
    return (tag & 0xFFFF) == 0;
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  public static String toString(int tag) {
    char[] c = new char[11];
    c[0] = '(';
    c[5] = ',';
    c[10] = ')';
    for (int i = 0; i < 4; i++) {
      c[1 + i] = HEX[(tag >>> (28 - 4 * i)) & 0xF];
      c[6 + i] = HEX[(tag >>> (12 - 4 * i)) & 0xF];
    }
    return new String(c);
  }

  /** Eight hex digits, upper case, as DICOM JSON writes tags (PS3.18 F.2.1.1). */
  public static String toHex(int tag) {
    char[] c = new char[8];
    for (int i = 0; i < 8; i++) {
      c[i] = HEX[(tag >>> (28 - 4 * i)) & 0xF];
    }
    return new String(c);
  }

  @Override
  public int compareTo(Tag other) {
    return Integer.compareUnsigned(value, other.value);
  }

  @Override
  public String toString() {
    return toString(value);
  }
}
