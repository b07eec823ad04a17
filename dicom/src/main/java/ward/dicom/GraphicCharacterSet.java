package ward.dicom;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The graphic character sets that DICOM's ISO 2022 code extensions designate to G0 (invoked in GL,
 * bytes 21-7E) or G1 (invoked in GR, bytes A1-FE): PS3.3 Tables C.12-2 to C.12-4, PS3.5 6.1.2.5.
 *
 * <p>Mapping tables are taken from the JDK's charsets (module {@code jdk.charsets}) the first time
 * a set is used, with the few entries where Python's codecs differ patched to Python's mapping, so
 * that Ward reads text the way pydicom does whatever the JDK version.
 */
enum GraphicCharacterSet {
  ASCII(true, Layout.ASCII, "(B", null),
  /** JIS X 0201 Romaji (ISO-IR 14); decoded as ASCII, as pydicom (Python's shift_jis) does. */
  JIS_X0201_ROMAN(true, Layout.ASCII, "(J", null),
  /** JIS X 0201 Katakana (ISO-IR 13); also reads Shift_JIS double-byte characters like pydicom. */
  JIS_X0201_KATAKANA(false, Layout.KATAKANA, ")I", "Shift_JIS"),
  LATIN1(false, Layout.SINGLE_96, "-A", "ISO-8859-1"),
  LATIN2(false, Layout.SINGLE_96, "-B", "ISO-8859-2"),
  LATIN3(false, Layout.SINGLE_96, "-C", "ISO-8859-3"),
  LATIN4(false, Layout.SINGLE_96, "-D", "ISO-8859-4"),
  GREEK(false, Layout.SINGLE_96, "-F", "ISO-8859-7"),
  ARABIC(false, Layout.SINGLE_96, "-G", "ISO-8859-6"),
  HEBREW(false, Layout.SINGLE_96, "-H", "ISO-8859-8"),
  CYRILLIC(false, Layout.SINGLE_96, "-L", "ISO-8859-5"),
  LATIN5(false, Layout.SINGLE_96, "-M", "ISO-8859-9"),
  THAI(false, Layout.SINGLE_96, "-T", "TIS-620"),
  LATIN9(false, Layout.SINGLE_96, "-b", "ISO-8859-15"),
  JIS_X0208(true, Layout.DOUBLE_94, "$B", "x-JIS0208"),
  JIS_X0212(true, Layout.DOUBLE_94, "$(D", "JIS_X0212-1990"),
  KS_X1001(false, Layout.DOUBLE_94, "$)C", "EUC-KR"),
  GB2312(false, Layout.DOUBLE_94, "$)A", "GB2312");

  private enum Layout {
    ASCII,
    KATAKANA,
    SINGLE_96,
    DOUBLE_94
  }

  static final int ESC = 0x1B;
  static final char REPLACEMENT = '\uFFFD';

  private static final GraphicCharacterSet[] VALUES = values();
  private static final ConcurrentHashMap<GraphicCharacterSet, Table> TABLES =
      new ConcurrentHashMap<>();

  private final boolean g0;
  private final Layout layout;
  private final String escape;
  private final String jdkCharset;

  GraphicCharacterSet(boolean g0, Layout layout, String escape, String jdkCharset) {
    this.g0 = g0;
    this.layout = layout;
    this.escape = escape;
    this.jdkCharset = jdkCharset;
  }

  /** True when designated to G0 (invoked in GL), false for G1 (invoked in GR). */
  boolean isG0() {
    return g0;
  }

  /** True for the 94x94 sets, whose characters take two bytes. */
  boolean isDoubleByte() {
    return layout == Layout.DOUBLE_94;
  }

  /** The escape sequence that designates this set, ESC included (PS3.3 Tables C.12-3, C.12-4). */
  void writeEscape(Iso2022Codec.ByteSink out) {
    out.write(ESC);
    for (int i = 0; i < escape.length(); i++) {
      out.write(escape.charAt(i));
    }
  }

  /**
   * The set whose designation starts at {@code bytes[at]} (an ESC), or null for a sequence that is
   * not one of DICOM's.
   */
  static GraphicCharacterSet designatedAt(byte[] bytes, int at, int end) {
    for (GraphicCharacterSet set : VALUES) {
      String e = set.escape;
      if (at + e.length() < end && matches(bytes, at + 1, e)) {
        return set;
      }
    }
    return null;
  }

  private static boolean matches(byte[] bytes, int from, String escape) {
    for (int i = 0; i < escape.length(); i++) {
      if (bytes[from + i] != escape.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Length of the designating escape sequence, ESC included. */
  int escapeLength() {
    return escape.length() + 1;
  }

  /**
   * Decodes the character starting with the byte {@code bytes[at]} (21-7E) in this G0 double-byte
   * set; returns the index after it.
   */
  int decodeLeft(byte[] bytes, int at, int end, StringBuilder out) {
    int b2 = at + 1 < end ? bytes[at + 1] & 0xFF : -1;
    if (b2 < 0x21 || b2 > 0x7E) {
      out.append(REPLACEMENT);
      return at + 1;
    }
    out.append(orReplacement(table().doubleByte((bytes[at] & 0xFF) - 0x21, b2 - 0x21)));
    return at + 2;
  }

  /**
   * Decodes the character starting with the byte {@code bytes[at]} (80-FF) in this G1 set; returns
   * the index after it.
   */
  int decodeRight(byte[] bytes, int at, int end, StringBuilder out) {
    int b = bytes[at] & 0xFF;
    switch (layout) {
      case SINGLE_96 -> {
        // C1 controls pass through, as in Python's ISO 8859 codecs.
        out.append(b < 0xA0 ? (char) b : orReplacement(table().decode[b - 0xA0]));
        return at + 1;
      }
      case KATAKANA -> {
        if (b >= 0xA1 && b <= 0xDF) {
          out.append((char) (0xFF61 + b - 0xA1));
          return at + 1;
        }
        char c = at + 1 < end ? table().shiftJis(b, bytes[at + 1] & 0xFF) : 0;
        out.append(orReplacement(c));
        return c == 0 ? at + 1 : at + 2;
      }
      case DOUBLE_94 -> {
        int b2 = at + 1 < end ? bytes[at + 1] & 0xFF : -1;
        if (b < 0xA1 || b > 0xFE || b2 < 0xA1 || b2 > 0xFE) {
          out.append(REPLACEMENT);
          return at + 1;
        }
        out.append(orReplacement(table().doubleByte(b - 0xA1, b2 - 0xA1)));
        return at + 2;
      }
      case ASCII -> {
        out.append(REPLACEMENT);
        return at + 1;
      }
    }
    throw new AssertionError(layout);
  }

  /**
   * The code of {@code codePoint} in this set (one byte, or two bytes as {@code b1 << 8 | b2}, GL
   * form for G0 and GR form for G1), or -1 when the set lacks it.
   */
  int encode(int codePoint) {
    switch (layout) {
      case ASCII -> {
        return codePoint < 0x80 ? codePoint : -1;
      }
      case KATAKANA -> {
        return codePoint >= 0xFF61 && codePoint <= 0xFF9F ? codePoint - 0xFF61 + 0xA1 : -1;
      }
      case SINGLE_96, DOUBLE_94 -> {
        if (codePoint > 0xFFFF) {
          return -1;
        }
        int code = table().encode[codePoint];
        if (code == 0) {
          return -1;
        }
        return g0 ? code : code | (isDoubleByte() ? 0x8080 : 0x80);
      }
    }
    throw new AssertionError(layout);
  }

  private static char orReplacement(char c) {
    return c == 0 ? REPLACEMENT : c;
  }

  private Table table() {
    return TABLES.computeIfAbsent(this, Table::new);
  }

  /** Decoding and encoding tables of one set; 0 marks an unassigned entry. */
  private static final class Table {
    /** SINGLE_96: A0-FF. DOUBLE_94: row * 94 + column. */
    final char[] decode;

    /** Code point to code in GL form; for SINGLE_96 also the C1 controls. */
    final char[] encode;

    /** Shift_JIS double-byte characters (KATAKANA only): lead index * 188 + trail index. */
    final char[] shiftJis;

    Table(GraphicCharacterSet set) {
      Charset charset = Charset.forName(set.jdkCharset);
      CharsetDecoder decoder =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      switch (set.layout) {
        case SINGLE_96 -> {
          decode = new char[96];
          encode = new char[0x10000];
          for (int b = 0x80; b < 0xA0; b++) {
            encode[b] = (char) b;
          }
          for (int b = 0xA0; b <= 0xFF; b++) {
            char c = decodeOne(decoder, b);
            decode[b - 0xA0] = c;
            if (c != 0 && encode[c] == 0) {
              encode[c] = (char) b;
            }
          }
          shiftJis = new char[0];
        }
        case DOUBLE_94 -> {
          int high = set.g0 ? 0 : 0x80;
          decode = new char[94 * 94];
          for (int row = 0; row < 94; row++) {
            for (int col = 0; col < 94; col++) {
              decode[row * 94 + col] = decodeOne(decoder, (row + 0x21) | high, (col + 0x21) | high);
            }
          }
          // Python's JIS X 0208 maps 01-29 to HORIZONTAL BAR, and its JIS X 0212 02-23 to TILDE.
          if (set == JIS_X0208) {
            decode[(0x21 - 0x21) * 94 + (0x3D - 0x21)] = '\u2015';
          } else if (set == JIS_X0212) {
            decode[(0x22 - 0x21) * 94 + (0x37 - 0x21)] = '~';
          }
          encode = new char[0x10000];
          for (int i = decode.length - 1; i >= 0; i--) {
            if (decode[i] != 0) {
              encode[decode[i]] = (char) (((i / 94 + 0x21) << 8) | (i % 94 + 0x21));
            }
          }
          shiftJis = new char[0];
        }
        case KATAKANA -> {
          decode = new char[0];
          encode = new char[0];
          shiftJis = new char[60 * 188];
          for (int lead = 0; lead < 60; lead++) {
            for (int trail = 0; trail < 188; trail++) {
              shiftJis[lead * 188 + trail] =
                  decodeOne(decoder, shiftJisLead(lead), trail + (trail < 0x3F ? 0x40 : 0x41));
            }
          }
          // As Python's shift_jis: 81 5C is HORIZONTAL BAR.
          shiftJis[0x5C - 0x40] = '\u2015';
        }
        default -> throw new AssertionError(set);
      }
    }

    char doubleByte(int row, int col) {
      return decode[row * 94 + col];
    }

    char shiftJis(int lead, int trail) {
      int l =
          lead >= 0x81 && lead <= 0x9F
              ? lead - 0x81
              : lead >= 0xE0 && lead <= 0xFC ? lead - 0xC1 : -1;
      int t =
          trail >= 0x40 && trail <= 0x7E
              ? trail - 0x40
              : trail >= 0x80 && trail <= 0xFC ? trail - 0x41 : -1;
      return l < 0 || t < 0 ? 0 : shiftJis[l * 188 + t];
    }

    private static int shiftJisLead(int index) {
      return index < 31 ? 0x81 + index : 0xC1 + index;
    }

    private static char decodeOne(CharsetDecoder decoder, int... bytes) {
      byte[] in = new byte[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        in[i] = (byte) bytes[i];
      }
      CharBuffer out = CharBuffer.allocate(4);
      decoder.reset();
      ByteBuffer buffer = ByteBuffer.wrap(in);
      CoderResult result = decoder.decode(buffer, out, true);
      if (!result.isError()) {
        result = decoder.flush(out);
      }
      if (result.isError() || buffer.hasRemaining() || out.position() != 1) {
        return 0;
      }
      return out.get(0);
    }
  }
}
