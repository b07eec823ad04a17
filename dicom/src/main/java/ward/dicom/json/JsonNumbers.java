package ward.dicom.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import ward.dicom.Tag;
import ward.dicom.VR;
import ward.dicom.json.JsonValue.JsonNumber;
import ward.dicom.json.JsonValue.JsonString;

/**
 * Numbers of DICOM JSON read into values: binary numbers (US, SS, UL, SL, SV, UV, FL, FD, AT) as
 * little endian bytes, IS and DS as text. A number must fit its VR exactly; the checks work on the
 * literal (as BigDecimal), so that no literal, however long its exponent, costs more than its
 * length.
 */
final class JsonNumbers {
  private JsonNumbers() {}

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal ULONG_MAX =
      new BigDecimal(BigInteger.ONE.shiftLeft(64)).subtract(BigDecimal.ONE);
  private static final BigDecimal FLOAT_MAX = new BigDecimal(Float.MAX_VALUE);
  private static final BigDecimal DOUBLE_MAX = new BigDecimal(Double.MAX_VALUE);

  /** Longest Decimal String value (PS3.5 6.2). */
  private static final int DS_MAX_CHARS = 16;

  static byte[] binaryNumbers(int tag, VR vr, List<JsonValue> values) throws DicomJsonException {
    int unit =
        switch (vr) {
          case US, SS -> 2;
          case UL, SL, FL, AT -> 4;
          default -> 8;
        };
    ByteBuffer buf = ByteBuffer.allocate(values.size() * unit).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonValue v : values) {
      switch (vr) {
        case AT -> {
          int t = tagValue(tag, v);
          buf.putShort((short) (t >>> 16)).putShort((short) t);
        }
        case FL -> buf.putFloat((float) floating(tag, vr, v, FLOAT_MAX));
        case FD -> buf.putDouble(floating(tag, vr, v, DOUBLE_MAX));
        case US -> buf.putShort((short) integer(tag, vr, v, 0, 0xFFFF));
        case SS -> buf.putShort((short) integer(tag, vr, v, Short.MIN_VALUE, Short.MAX_VALUE));
        case UL -> buf.putInt((int) integer(tag, vr, v, 0, 0xFFFFFFFFL));
        case SL -> buf.putInt((int) integer(tag, vr, v, Integer.MIN_VALUE, Integer.MAX_VALUE));
        case SV -> buf.putLong(veryLong(tag, vr, v, LONG_MIN, BigDecimal.valueOf(Long.MAX_VALUE)));
        default -> buf.putLong(veryLong(tag, vr, v, BigDecimal.ZERO, ULONG_MAX));
      }
    }
    return buf.array();
  }

  static int tagValue(int tag, JsonValue v) throws DicomJsonException {
    if (v instanceof JsonString s && s.value().length() == 8) {
      try {
        return Integer.parseUnsignedInt(s.value(), 16);
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new DicomJsonException(
        v.offset(), Tag.toString(tag) + ": an AT value must be a string of eight hex digits");
  }

  /** The number as an exact integer within [min, max], or an error. */
  static BigDecimal exactInteger(int tag, VR vr, JsonValue v, BigDecimal min, BigDecimal max)
      throws DicomJsonException {
    BigDecimal d = null;
    if (v instanceof JsonNumber n) {
      d = parseDecimal(tag, n);
    } else if (v instanceof JsonString s && (vr == VR.SV || vr == VR.UV)) {
      // PS3.18 F.2.3: SV and UV may be strings, to keep their precision
      String t = s.value();
      if (!t.isEmpty() && t.length() <= 21 && JsonParser.isJsonNumber(t) && t.indexOf('.') < 0) {
        d = new BigDecimal(t);
      }
    }
    if (d == null) {
      throw new DicomJsonException(
          v.offset(), Tag.toString(tag) + ": a " + vr + " value must be a number");
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new DicomJsonException(
          v.offset(),
          Tag.toString(tag) + ": " + DicomJsonReader.shorten(d.toString()) + " does not fit " + vr);
    }
    if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
      throw new DicomJsonException(
          v.offset(), Tag.toString(tag) + ": a " + vr + " value must be an integer");
    }
    return d;
  }

  static BigDecimal parseDecimal(int tag, JsonNumber n) throws DicomJsonException {
    try {
      return new BigDecimal(n.text());
    } catch (NumberFormatException e) { // an exponent beyond the range of int
      throw new DicomJsonException(
          n.offset(),
          Tag.toString(tag) + ": number out of range: " + DicomJsonReader.shorten(n.text()),
          e);
    }
  }

  static long integer(int tag, VR vr, JsonValue v, long min, long max) throws DicomJsonException {
    return exactInteger(tag, vr, v, BigDecimal.valueOf(min), BigDecimal.valueOf(max))
        .longValueExact();
  }

  static long veryLong(int tag, VR vr, JsonValue v, BigDecimal min, BigDecimal max)
      throws DicomJsonException {
    return exactInteger(tag, vr, v, min, max).toBigIntegerExact().longValue();
  }

  /** A JSON number, or one of the strings "NaN", "Infinity", "-Infinity" Ward writes for them. */
  static double floating(int tag, VR vr, JsonValue v, BigDecimal max) throws DicomJsonException {
    if (v instanceof JsonString s) {
      Double special =
          switch (s.value()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> null;
          };
      if (special != null) {
        return special;
      }
    }
    if (!(v instanceof JsonNumber n)) {
      throw new DicomJsonException(
          v.offset(), Tag.toString(tag) + ": a " + vr + " value must be a number");
    }
    BigDecimal d = parseDecimal(tag, n);
    if (d.abs().compareTo(max) > 0) {
      throw new DicomJsonException(
          v.offset(),
          Tag.toString(tag) + ": " + DicomJsonReader.shorten(n.text()) + " does not fit " + vr);
    }
    return Double.parseDouble(n.text());
  }

  /** The number's own text when it fits a DS (16 chars), else the value rounded to fit. */
  static String decimalString(int tag, JsonNumber n) throws DicomJsonException {
    if (n.text().length() <= DS_MAX_CHARS) {
      return n.text();
    }
    BigDecimal d = parseDecimal(tag, n);
    for (int precision = 16; precision > 0; precision--) {
      String t = d.round(new MathContext(precision)).stripTrailingZeros().toString();
      if (t.length() <= DS_MAX_CHARS) {
        return t;
      }
    }
    throw new DicomJsonException(
        n.offset(),
        Tag.toString(tag) + ": " + DicomJsonReader.shorten(n.text()) + " does not fit a DS");
  }
}
