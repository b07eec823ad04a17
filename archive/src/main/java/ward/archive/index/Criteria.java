package ward.archive.index;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ward.archive.index.KeyColumn.Kind;
import ward.archive.index.KeyValues.Bounds;
import ward.archive.index.Schema.DateTimePair;
import ward.dicom.DataSet;
import ward.dicom.Element;
import ward.dicom.Tag;
import ward.dicom.Tags;
import ward.dicom.VR;

/**
 * The conditions that a query's matching keys put on the index's tables (PS3.4 C.2.2.2).
 *
 * <ul>
 *   <li>Single value matching is case-sensitive, except for person names, which are matched
 *       case-insensitively and on their alphabetic component group alone: a key whose alphabetic
 *       group is empty (only ideographic or phonetic groups given) matches universally.
 *   <li>Wildcard matching: '*' is any run of characters, '?' any one character, in text and person
 *       names; a key that is only '*' matches universally, whatever its VR. UIDs, numbers, dates
 *       and times never take wildcards.
 *   <li>A key with several values (backslash-separated) matches when any value matches: list of UID
 *       matching (C.2.2.2.2), and the same for the other keys.
 *   <li>Range matching of DA, TM and DT ("a-b", "-b", "a-"), both ends included; a value of reduced
 *       precision stands for the interval it covers ("10" is 10:00:00 to 10:59:59.999999). A DT's
 *       UTC offset is ignored. Study Date with Study Time (and the Performed Procedure Step Start
 *       Date with its time) given together match as one date-time range (C.2.2.2.5.1), in which an
 *       entity without a time covers its whole day.
 *   <li>An empty key matches universally. Sequence keys and keys the index keeps no column for are
 *       return keys only (PS3.4 C.4.1.2.3 lets an SCP ignore matching on optional keys); the Number
 *       of … Related … keys are return keys only.
 * </ul>
 *
 * A malformed matching value (a date that is not a date, a number that is not a number) is an
 * {@link IllegalArgumentException}.
 */
final class Criteria {
  private Criteria() {}

  /** The escape character of the LIKE patterns: not backslash, which databases treat unequally. */
  static final char ESCAPE = '!';

  /** The query levels a model allows: Study Root has no patient level (PS3.4 C.6.2). */
  static void checkLevel(QueryModel model, Level level) {
    if (model == QueryModel.STUDY_ROOT && level == Level.PATIENT) {
      throw new IllegalArgumentException("the Study Root model has no PATIENT level");
    }
  }

  /** The conditions of a query's matching keys, joined by AND; empty when none match. */
  static List<Sql> of(Level level, DataSet keys) {
    Map<Integer, List<String>> matching = matchingValues(level, keys);
    List<Sql> conditions = new ArrayList<>();
    for (DateTimePair pair : Schema.DATE_TIME_PAIRS) {
      List<String> date = matching.get(pair.date().tag());
      List<String> time = matching.get(pair.time().tag());
      if (date != null && time != null && date.size() == 1 && time.size() == 1) {
        conditions.add(dateAndTime(pair, date.get(0), time.get(0)));
        matching.remove(pair.date().tag());
        matching.remove(pair.time().tag());
      }
    }
    for (Map.Entry<Integer, List<String>> e : matching.entrySet()) {
      int tag = e.getKey();
      KeyColumn key = Schema.key(tag);
      Sql condition;
      if (key != null) {
        condition = condition(tag, key.kind(), key.qualified(), e.getValue());
      } else if (tag == Tags.ModalitiesInStudy) {
        condition =
            studiesWith(
                "SELECT m.study_pk FROM series m WHERE ",
                condition(tag, Kind.TEXT, "m.modality", e.getValue()));
      } else if (tag == Tags.SOPClassesInStudy) {
        condition =
            studiesWith(
                "SELECT c.study_pk FROM instance c WHERE ",
                condition(tag, Kind.UID, "c.sop_class_uid", e.getValue()));
      } else {
        condition = null;
      }
      if (condition != null) {
        conditions.add(condition);
      }
    }
    return conditions;
  }

  /**
   * Restricts to the studies of a scope (patient IDs, issuers, referring physicians, study UIDs:
   * any one admits a study); null means no restriction.
   */
  static Sql scope(StudyScope scope) {
    if (scope == null) {
      return null;
    }
    if (scope.isEmpty()) {
      return new Sql("1 = 0");
    }
    Sql sql = new Sql("(");
    rules(sql, scope);
    return sql.sql(")");
  }

  /** {@link #scope} for a query at {@code level}: patients reach it through their studies. */
  static Sql scope(StudyScope scope, Level level) {
    if (scope == null || scope.isEmpty() || level != Level.PATIENT) {
      return scope(scope);
    }
    Sql sql =
        new Sql(
            "p.pk IN (SELECT st.patient_pk FROM study st JOIN patient p ON p.pk = st.patient_pk"
                + " WHERE ");
    rules(sql, scope);
    return sql.sql(")");
  }

  private static void rules(Sql sql, StudyScope scope) {
    String or = "";
    or = in(sql, or, "p.patient_id", scope.patientIds());
    or = in(sql, or, "p.issuer_of_patient_id", scope.issuersOfPatientId());
    or = in(sql, or, "st.referring_physician_name_upper", scope.referringPhysicians());
    or = in(sql, or, "st.study_instance_uid", scope.studyInstanceUids());
    in(sql, or, "st.institution_name_upper", scope.institutions());
  }

  private static String in(Sql sql, String or, String column, java.util.Set<String> values) {
    if (values.isEmpty()) {
      return or;
    }
    sql.sql(or + column + " IN (").params(values.stream().sorted().toList()).sql(")");
    return " OR ";
  }

  /** Studies that have a series or an instance that meets a condition (computed keys). */
  private static Sql studiesWith(String select, Sql condition) {
    return condition == null ? null : new Sql("st.pk IN (" + select).append(condition).sql(")");
  }

  /** The values of the keys that match something, by tag; universal keys are left out. */
  private static Map<Integer, List<String>> matchingValues(Level level, DataSet keys) {
    Map<Integer, List<String>> matching = new LinkedHashMap<>();
    if (keys == null) {
      return matching;
    }
    for (Element e : keys) {
      int tag = e.tag();
      VR.Kind vrKind = e.vr().kind();
      if (LevelAttributes.isControl(tag)
          || e.isEmpty()
          || vrKind == VR.Kind.SEQUENCE
          || vrKind == VR.Kind.BINARY
          || LevelAttributes.levelOf(tag).compareTo(level) > 0) {
        continue;
      }
      String[] values;
      try {
        values = keys.getStrings(tag);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("unreadable key " + Tag.toString(tag), ex);
      }
      List<String> list = new ArrayList<>();
      boolean universal = false;
      for (String v : values) {
        if (!v.isEmpty()) {
          universal |= v.chars().allMatch(c -> c == '*');
          list.add(v);
        }
      }
      if (!universal && !list.isEmpty()) {
        matching.put(tag, list);
      }
    }
    return matching;
  }

  /** The condition for one key's values (any of them matching), or null when it is universal. */
  static Sql condition(int tag, Kind kind, String column, List<String> values) {
    List<Object> exact = new ArrayList<>();
    List<Sql> alternatives = new ArrayList<>();
    for (String value : values) {
      switch (kind) {
        case TEXT, PERSON_NAME -> {
          String v = kind == Kind.PERSON_NAME ? KeyValues.personName(value) : value;
          if (v.isEmpty()) {
            return null;
          }
          if (hasWildcard(v)) {
            alternatives.add(
                new Sql(column + " LIKE ").param(likePattern(v)).sql(" ESCAPE '" + ESCAPE + "'"));
          } else {
            exact.add(v);
          }
        }
        case UID -> exact.add(value);
        case INTEGER -> exact.add(parse(tag, value, KeyValues::integer));
        case DATE -> alternatives.add(range(column, tag, value, Criteria::dateBounds));
        case TIME -> alternatives.add(range(column, tag, value, Criteria::timeBounds));
        case DATE_TIME -> alternatives.add(range(column, tag, value, Criteria::dateTimeBounds));
      }
    }
    if (exact.size() == 1) {
      alternatives.add(0, new Sql(column + " = ").param(exact.get(0)));
    } else if (exact.size() > 1) {
      alternatives.add(0, new Sql(column + " IN (").params(exact).sql(")"));
    }
    return anyOf(alternatives);
  }

  private static Sql anyOf(List<Sql> alternatives) {
    if (alternatives.size() == 1) {
      return alternatives.get(0);
    }
    Sql or = new Sql("(");
    for (int i = 0; i < alternatives.size(); i++) {
      or.sql(i == 0 ? "(" : " OR (").append(alternatives.get(i)).sql(")");
    }
    return or.sql(")");
  }

  /**
   * A LIKE pattern for a key with wildcards: '*' becomes '%', '?' becomes '_', and the pattern
   * characters the value holds ('%', '_' and the escape character) are escaped to match literally.
   */
  static String likePattern(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '*' -> sb.append('%');
        case '?' -> sb.append('_');
        case '%', '_', ESCAPE -> sb.append(ESCAPE).append(c);
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static boolean hasWildcard(String value) {
    return value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
  }

  /** Reads the lower and upper bound of one value or range end. */
  private interface BoundsOf {
    Bounds of(String value);
  }

  private interface Parser<T> {
    T parse(String value);
  }

  private static <T> T parse(int tag, String value, Parser<T> parser) {
    try {
      return parser.parse(value);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          "invalid matching value for " + Tag.toString(tag) + ": '" + value + "'", e);
    }
  }

  private static Bounds dateBounds(String value) {
    String d = KeyValues.date(value);
    return new Bounds(d, d);
  }

  private static Bounds timeBounds(String value) {
    return KeyValues.time(value);
  }

  private static Bounds dateTimeBounds(String value) {
    return KeyValues.dateTime(value);
  }

  /** The ends of a single value or a range; a null end is open. */
  private record Range(String lower, String upper) {}

  private static Range rangeOf(int tag, String value, BoundsOf bounds) {
    return parse(tag, value, v -> splitRange(v, bounds));
  }

  /**
   * Splits "a-b", "-b", "a-" or a single value into bounds. A DT may itself hold '-' (a negative
   * UTC offset): a value that reads as one date-time is one; otherwise the first '-' that leaves a
   * valid date-time (or nothing) on both sides separates the range.
   */
  private static Range splitRange(String value, BoundsOf bounds) {
    String v = value.strip();
    if (v.indexOf('-') < 0) {
      Bounds b = bounds.of(v);
      return new Range(b.lower(), b.upper());
    }
    try {
      Bounds b = bounds.of(v);
      return new Range(b.lower(), b.upper());
    } catch (IllegalArgumentException | java.time.DateTimeException notOne) {
      // a range
    }
    for (int i = v.indexOf('-'); i >= 0; i = v.indexOf('-', i + 1)) {
      String lo = v.substring(0, i).strip();
      String hi = v.substring(i + 1).strip();
      if (lo.isEmpty() && hi.isEmpty()) {
        break;
      }
      try {
        return new Range(
            lo.isEmpty() ? null : bounds.of(lo).lower(),
            hi.isEmpty() ? null : bounds.of(hi).upper());
      } catch (IllegalArgumentException | java.time.DateTimeException tryNext) {
        // not here
      }
    }
    throw new IllegalArgumentException("not a value or a range: " + value);
  }

  private static Sql range(String column, int tag, String value, BoundsOf bounds) {
    Range r = rangeOf(tag, value, bounds);
    Sql sql = new Sql();
    if (r.lower() != null) {
      sql.sql(column + " >= ").param(r.lower());
    }
    if (r.upper() != null) {
      sql.sql(r.lower() != null ? " AND " : "").sql(column + " <= ").param(r.upper());
    }
    return sql;
  }

  /**
   * A date and a time matched as one date-time range (PS3.4 C.2.2.2.5.1): "20240105-20240107" with
   * "1000-1800" is from the 5th at 10:00 to the 7th at 18:00, not 10:00 to 18:00 on each day.
   */
  private static Sql dateAndTime(DateTimePair pair, String dateValue, String timeValue) {
    Range date = rangeOf(pair.date().tag(), dateValue, Criteria::dateBounds);
    Range time = rangeOf(pair.time().tag(), timeValue, Criteria::timeBounds);
    String d = pair.date().qualified();
    String t = pair.time().qualified();
    String timeFrom = time.lower() == null ? KeyValues.DAY_START : time.lower();
    String timeTo = time.upper() == null ? KeyValues.DAY_END : time.upper();
    Sql sql = new Sql();
    if (date.lower() != null) {
      sql.sql(d + " >= ").param(date.lower());
      sql.sql(" AND (" + d + " > ").param(date.lower());
      sql.sql(" OR COALESCE(" + t + ", ").param(KeyValues.DAY_END).sql(") >= ").param(timeFrom);
      sql.sql(")");
    }
    if (date.upper() != null) {
      sql.sql(date.lower() != null ? " AND " : "");
      sql.sql(d + " <= ").param(date.upper());
      sql.sql(" AND (" + d + " < ").param(date.upper());
      sql.sql(" OR COALESCE(" + t + ", ").param(KeyValues.DAY_START).sql(") <= ").param(timeTo);
      sql.sql(")");
    }
    return sql;
  }
}
