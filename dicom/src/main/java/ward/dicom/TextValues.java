package ward.dicom;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;

/** Splitting, decoding, trimming and parsing of text values (PS3.5 6.2). */
final class TextValues {
  private TextValues() {}

  /**
   * Decodes the values of a text element and splits multi-valued VRs at backslashes; each value
   * loses its insignificant padding. The whole value is decoded before it is split: a multi-byte
   * character (JIS X 0208, GB18030, GBK) may contain the byte 0x5C, but no character decodes to a
   * backslash, and the character set resets its code elements at each delimiter itself.
   */
  static String[] decode(byte[] bytes, VR vr, SpecificCharacterSet charset) {
    if (bytes == null || bytes.length == 0) {
      return new String[0];
    }
    SpecificCharacterSet cs =
        vr.usesSpecificCharacterSet() ? charset : SpecificCharacterSet.DEFAULT;
    String text = cs.decode(bytes, 0, bytes.length, vr);
    if (vr.kind() == VR.Kind.TEXT) {
      return new String[] {trimEnd(text)};
    }
    String[] values = text.split("\\\\", -1);
    for (int i = 0; i < values.length; i++) {
      values[i] =
          leadingSpaceInsignificant(vr) ? trimEnd(values[i]).stripLeading() : trimEnd(values[i]);
    }
    return values;
  }

  /** Encodes values, joined by backslashes and padded to even length with the VR's padding. */
  static byte[] encode(String[] values, VR vr, SpecificCharacterSet charset) {
    SpecificCharacterSet cs =
        vr.usesSpecificCharacterSet() ? charset : SpecificCharacterSet.DEFAULT;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.write('\\');
      }
      out.writeBytes(cs.encode(values[i] == null ? "" : values[i], vr));
    }
    if (out.size() % 2 != 0) {
      out.write(vr.padding());
    }
    return out.toByteArray();
  }

  private static boolean leadingSpaceInsignificant(VR vr) {
    return switch (vr) {
      case AE, AS, CS, DA, DS, DT, IS, TM, UI -> true;
      default -> false;
    };
  }

  static String trimEnd(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
      end--;
    }
    return s.substring(0, end);
  }

  static long parseIntegerString(String s, int tag) {
    try {
      String t = s.strip();
      return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          Tag.toString(tag) + ": '" + s + "' is not an Integer String", e);
    }
  }

  static double parseDecimalString(String s, int tag) {
    try {
      return Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          Tag.toString(tag) + ": '" + s + "' is not a Decimal String", e);
    }
  }

  /** The shortest decimal text of at most 16 characters for a value (PS3.5 6.2, DS). */
  static String formatDecimalString(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("DS cannot hold " + v);
    }
    String s = Double.toString(v);
    if (s.endsWith(".0")) {
      s = s.substring(0, s.length() - 2);
    }
    if (s.length() <= 16) {
      return s;
    }
    for (int precision = 15; precision > 0; precision--) {
      String t =
          new BigDecimal(v)
              .round(new java.math.MathContext(precision))
              .stripTrailingZeros()
              .toString();
      if (t.length() <= 16) {
        return t;
      }
    }
    throw new IllegalArgumentException("DS cannot hold " + v + " in 16 characters");
  }
}
