package ward.archive.index;

/**
 * A matching key kept in a column of its level's table, and how its values match (PS3.4 C.2.2.2).
 *
 * @param column the column's name in the level's table
 * @param length the most characters the column holds; longer values are cut to fit, except the
 *     identifying ones (Patient ID, Issuer of Patient ID, the UIDs), which are refused
 */
record KeyColumn(int tag, Level level, String column, Kind kind, int length) {

  /** How the values of a key are matched. */
  enum Kind {
    /** Single value (case-sensitive) and wildcard matching: AE, CS, SH, LO. */
    TEXT,
    /**
     * Single value and wildcard matching on the alphabetic component group, case-insensitive: the
     * column holds the group upper-cased, without trailing empty components.
     */
    PERSON_NAME,
    /** Single value and list of UID matching, never wildcards. */
    UID,
    /** Single value and range matching; the column holds YYYYMMDD. */
    DATE,
    /** Single value and range matching; the column holds HHMMSS.FFFFFF. */
    TIME,
    /** Single value and range matching; the column holds YYYYMMDDHHMMSS.FFFFFF, offset ignored. */
    DATE_TIME,
    /** Single value and list matching on the number (IS, US). */
    INTEGER
  }

  /** The column qualified by its table's alias in the index's queries. */
  String qualified() {
    return Schema.alias(level) + "." + column;
  }
}
