package ward.dicom;

/**
 * Value Representations (PS3.5 6.2). Each knows how it is framed in explicit VR encodings, how its
 * values are padded, how big-endian encodings swap it, and whether its text follows the Specific
 * Character Set.
 */
public enum VR {
  AE(Kind.STRING, false, ' ', 1, false),
  AS(Kind.STRING, false, ' ', 1, false),
  AT(Kind.BINARY_NUMBER, false, '\0', 2, false),
  CS(Kind.STRING, false, ' ', 1, false),
  DA(Kind.STRING, false, ' ', 1, false),
  DS(Kind.STRING, false, ' ', 1, false),
  DT(Kind.STRING, false, ' ', 1, false),
  FD(Kind.BINARY_NUMBER, false, '\0', 8, false),
  FL(Kind.BINARY_NUMBER, false, '\0', 4, false),
  IS(Kind.STRING, false, ' ', 1, false),
  LO(Kind.STRING, false, ' ', 1, true),
  LT(Kind.TEXT, false, ' ', 1, true),
  OB(Kind.BINARY, true, '\0', 1, false),
  OD(Kind.BINARY, true, '\0', 8, false),
  OF(Kind.BINARY, true, '\0', 4, false),
  OL(Kind.BINARY, true, '\0', 4, false),
  OV(Kind.BINARY, true, '\0', 8, false),
  OW(Kind.BINARY, true, '\0', 2, false),
  PN(Kind.STRING, false, ' ', 1, true),
  SH(Kind.STRING, false, ' ', 1, true),
  SL(Kind.BINARY_NUMBER, false, '\0', 4, false),
  SQ(Kind.SEQUENCE, true, '\0', 1, false),
  SS(Kind.BINARY_NUMBER, false, '\0', 2, false),
  ST(Kind.TEXT, false, ' ', 1, true),
  SV(Kind.BINARY_NUMBER, true, '\0', 8, false),
  TM(Kind.STRING, false, ' ', 1, false),
  UC(Kind.STRING, true, ' ', 1, true),
  UI(Kind.STRING, false, '\0', 1, false),
  UL(Kind.BINARY_NUMBER, false, '\0', 4, false),
  UN(Kind.BINARY, true, '\0', 1, false),
  UR(Kind.TEXT, true, ' ', 1, false),
  US(Kind.BINARY_NUMBER, false, '\0', 2, false),
  UT(Kind.TEXT, true, ' ', 1, true),
  UV(Kind.BINARY_NUMBER, true, '\0', 8, false);

  /** How values of a VR are represented. */
  public enum Kind {
    /** Character strings whose values are separated by backslashes. */
    STRING,
    /** Character strings with a single value (backslash is an ordinary character). */
    TEXT,
    /** Fixed-size binary numbers (and AT), one or more per element. */
    BINARY_NUMBER,
    /** Bytes or words, possibly bulk data. */
    BINARY,
    /** Sequence of items. */
    SEQUENCE
  }

  private static final VR[] BY_CODE = new VR[65536];

  static {
    for (VR vr : values()) {
      BY_CODE[vr.code()] = vr;
    }
  }

  private final Kind kind;
  private final boolean longHeader;
  private final byte padding;
  private final int swapUnit;
  private final boolean specificCharacterSet;

  VR(Kind kind, boolean longHeader, char padding, int swapUnit, boolean specificCharacterSet) {
    this.kind = kind;
    this.longHeader = longHeader;
    this.padding = (byte) padding;
    this.swapUnit = swapUnit;
    this.specificCharacterSet = specificCharacterSet;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * True for VRs encoded in explicit VR with two reserved bytes and a 32-bit length (PS3.5 7.1.2).
   */
  public boolean hasLongHeader() {
    return longHeader;
  }

  /** The byte that pads values to an even length. */
  public byte padding() {
    return padding;
  }

  /** Size in bytes of the unit whose byte order differs between little and big endian. */
  public int swapUnit() {
    return swapUnit;
  }

  /** True for VRs whose text is encoded in the Specific Character Set (PS3.5 6.1.2.3). */
  public boolean usesSpecificCharacterSet() {
    return specificCharacterSet;
  }

  public boolean isText() {
    return kind == Kind.STRING || kind == Kind.TEXT;
  }

  /** True for VRs whose values may be large opaque data (bulk data). */
  public boolean isBulkCapable() {
    return kind == Kind.BINARY;
  }

  /** The two-character code as a big-endian 16-bit number, as it appears on the wire. */
  public int code() {
    String name = name();
    return (name.charAt(0) << 8) | name.charAt(1);
  }

  /** The VR for a two-byte code read from the wire, or null when the code is not a known VR. */
  public static VR ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  /** The VR for a two-character name, or null. */
  public static VR ofName(String name) {
    if (name == null || name.length() != 2) {
      return null;
    }
    return ofCode((name.charAt(0) << 8) | name.charAt(1));
  }
}
