package ward.dicom;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parsing of DA, TM and DT values (PS3.5 6.2), including their reduced-precision forms. */
public final class DateTimeValues {
  private DateTimeValues() {}

  /**
   * A DT value: the date and time, with components the value leaves out taken at their lowest, the
   * UTC offset when the value carries one, and how many leading characters were given.
   */
  public record DateTime(LocalDateTime dateTime, ZoneOffset offset, int precisionChars) {}

  /** Parses YYYYMMDD (and the retired YYYY.MM.DD). */
  public static LocalDate parseDate(String s, int tag) {
    String t = s.strip();
    if (t.length() == 10 && t.charAt(4) == '.' && t.charAt(7) == '.') {
      t = t.substring(0, 4) + t.substring(5, 7) + t.substring(8);
    }
    if (t.length() != 8 || !allDigits(t)) {
      throw bad(tag, s, "DA");
    }
    try {
      return LocalDate.of(
          Integer.parseInt(t, 0, 4, 10),
          Integer.parseInt(t, 4, 6, 10),
          Integer.parseInt(t, 6, 8, 10));
    } catch (java.time.DateTimeException e) {
      throw bad(tag, s, "DA");
    }
  }

  /** Parses HH[MM[SS[.F{1,6}]]] (and the retired HH:MM:SS). */
  public static LocalTime parseTime(String s, int tag) {
    String t = s.strip().replace(":", "");
    try {
      int dot = t.indexOf('.');
      String whole = dot < 0 ? t : t.substring(0, dot);
      if (whole.length() < 2
          || whole.length() > 6
          || whole.length() % 2 != 0
          || !allDigits(whole)) {
        throw bad(tag, s, "TM");
      }
      int hour = Integer.parseInt(whole, 0, 2, 10);
      int minute = whole.length() >= 4 ? Integer.parseInt(whole, 2, 4, 10) : 0;
      int second = whole.length() >= 6 ? Integer.parseInt(whole, 4, 6, 10) : 0;
      int nanos = 0;
      if (dot >= 0) {
        String frac = t.substring(dot + 1);
        if (frac.isEmpty() || frac.length() > 6 || !allDigits(frac) || whole.length() != 6) {
          throw bad(tag, s, "TM");
        }
        nanos = Integer.parseInt((frac + "000000000").substring(0, 9));
      }
      // PS3.5 allows a leap second (60); java.time does not, so it is read as 59.
      return LocalTime.of(hour, minute, Math.min(second, 59), nanos);
    } catch (java.time.DateTimeException | NumberFormatException e) {
      throw bad(tag, s, "TM");
    }
  }

  /** Parses YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]. */
  public static DateTime parseDateTime(String s, int tag) {
    String t = s.strip();
    ZoneOffset offset = null;
    int sign = Math.max(t.indexOf('+'), t.indexOf('-'));
    if (sign >= 0) {
      String z = t.substring(sign);
      t = t.substring(0, sign);
      try {
        offset = ZoneOffset.of(z.substring(0, 3) + ":" + z.substring(3));
      } catch (java.time.DateTimeException | StringIndexOutOfBoundsException e) {
        throw bad(tag, s, "DT");
      }
    }
    int dot = t.indexOf('.');
    String whole = dot < 0 ? t : t.substring(0, dot);
    if (whole.length() < 4 || whole.length() > 14 || whole.length() % 2 != 0 || !allDigits(whole)) {
      throw bad(tag, s, "DT");
    }
    String padded = whole + "0101000000".substring(whole.length() - 4);
    try {
      LocalDate date = parseDate(padded.substring(0, 8), tag);
      LocalTime time = parseTime(padded.substring(8, 14) + (dot >= 0 ? t.substring(dot) : ""), tag);
      return new DateTime(LocalDateTime.of(date, time), offset, t.length());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw bad(tag, s, "DT");
    }
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException bad(int tag, String s, String vr) {
    return new IllegalArgumentException(Tag.toString(tag) + ": '" + s + "' is not a valid " + vr);
  }
}
