package ward.archive.index;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import ward.dicom.DataSet;
import ward.dicom.DateTimeValues;

/**
 * The forms in which key values are kept in columns and compared: dates, times and date-times as
 * fixed-width text that sorts like the instants they name, person names as their upper-cased
 * alphabetic group. A value of reduced precision ("2024", "10" o'clock) stands for the interval it
 * covers, from its {@linkplain Bounds#lower() lower} to its {@linkplain Bounds#upper() upper}
 * bound.
 */
final class KeyValues {
  private KeyValues() {}

  static final String DAY_START = "000000.000000";
  static final String DAY_END = "235959.999999";

  /** The interval a date, time or date-time value stands for, both ends included. */
  record Bounds(String lower, String upper) {}

  /** The value a column keeps for the key in an instance's attributes, or null. */
  static Object columnValue(KeyColumn key, DataSet attributes) {
    String s;
    try {
      s = attributes.getString(key.tag());
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (s == null) {
      return null;
    }
    try {
      return switch (key.kind()) {
        case TEXT, UID -> clip(s, key.length());
        case PERSON_NAME -> clip(personName(s), key.length());
        case DATE -> date(s);
        case TIME -> time(s).lower();
        case DATE_TIME -> dateTime(s).lower();
        case INTEGER -> integer(s);
      };
    } catch (IllegalArgumentException e) {
      // a malformed date or number is kept in the attributes, but matches no key
      return null;
    }
  }

  /**
   * A person name as it is matched: the alphabetic component group (what precedes the first '='),
   * without trailing empty components, upper-cased.
   */
  static String personName(String value) {
    int eq = value.indexOf('=');
    String alphabetic = eq < 0 ? value : value.substring(0, eq);
    int end = alphabetic.length();
    while (end > 0 && (alphabetic.charAt(end - 1) == '^' || alphabetic.charAt(end - 1) == ' ')) {
      end--;
    }
    return alphabetic.substring(0, end).toUpperCase(Locale.ROOT);
  }

  /** A DA value as YYYYMMDD. */
  static String date(String value) {
    return DateTimeValues.parseDate(value, 0).format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  /** The interval of a TM value, as HHMMSS.FFFFFF. */
  static Bounds time(String value) {
    DateTimeValues.parseTime(value, 0); // validates
    String t = value.strip().replace(":", "");
    return bounds(t, "0000", "5959", 2);
  }

  /** The interval of a DT value, as YYYYMMDDHHMMSS.FFFFFF; a UTC offset is ignored. */
  static Bounds dateTime(String value) {
    DateTimeValues.parseDateTime(value, 0); // validates
    String t = value.strip();
    int sign = Math.max(t.indexOf('+'), t.indexOf('-'));
    if (sign >= 0) {
      t = t.substring(0, sign);
    }
    return bounds(t, "0101000000", "1231235959", 4);
  }

  /**
   * Fills a valid value of reduced precision up with the lowest and the highest components; a
   * day-of-month of 31 in a shorter month still sorts between that month's days and the next.
   */
  private static Bounds bounds(String t, String low, String high, int shortest) {
    int dot = t.indexOf('.');
    String whole = dot < 0 ? t : t.substring(0, dot);
    String fraction = dot < 0 ? "" : t.substring(dot + 1);
    int missing = whole.length() - shortest;
    return new Bounds(
        whole + low.substring(missing) + "." + pad(fraction, '0'),
        whole + high.substring(missing) + "." + pad(fraction, '9'));
  }

  private static String pad(String fraction, char digit) {
    StringBuilder sb = new StringBuilder(fraction);
    while (sb.length() < 6) {
      sb.append(digit);
    }
    return sb.toString();
  }

  /** An IS or US value. */
  static Integer integer(String value) {
    String t = value.strip();
    try {
      return Integer.valueOf(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an integer: " + value, e);
    }
  }

  /** Cuts a value to a column's length; a length of zero means the column is not text. */
  static String clip(String value, int length) {
    return length > 0 && value.length() > length ? value.substring(0, length) : value;
  }
}
