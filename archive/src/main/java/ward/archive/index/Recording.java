package ward.archive.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ward.dicom.DataSet;
import ward.dicom.Tag;
import ward.dicom.Tags;

/**
 * Records one instance: finds or creates its patient, study and series, raises their counts and
 * adds the instance row, as {@link JdbcIndex} describes.
 */
final class Recording {
  private Recording() {}

  /** The longest identifying value (LO and UI hold at most 64 characters). */
  private static final int MAX_ID = 64;

  /**
   * What is recorded of an instance, worked out once, before its transaction. The JSON of the
   * instance level is written here; that of the levels above only when their row is created.
   */
  record Prepared(
      IndexedInstance instance,
      String patientId,
      String issuerOfPatientId,
      String studyInstanceUid,
      String seriesInstanceUid,
      String sopInstanceUid,
      String sopClassUid,
      String instanceJson) {

    /** A level's share of the attributes as JSON. */
    String json(Level level) {
      return level == Level.IMAGE ? instanceJson : LevelJson.of(instance.attributes(), level);
    }
  }

  /** The rows an instance hangs from, and which of them this transaction created. */
  private record Parents(
      long patientPk, long studyPk, long seriesPk, boolean newStudy, boolean newSeries) {}

  /** Checks an instance and serializes its attributes. */
  static Prepared prepare(IndexedInstance in) {
    if (in.attributes() == null
        || in.transferSyntaxUid() == null
        || in.blob() == null
        || in.received() == null
        || in.source() == null) {
      throw new IllegalArgumentException("incomplete instance");
    }
    if (in.sha256() == null || in.sha256().length != 32) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes");
    }
    DataSet a = in.attributes();
    return new Prepared(
        in,
        identifier(a, Tags.PatientID, false),
        identifier(a, Tags.IssuerOfPatientID, false),
        identifier(a, Tags.StudyInstanceUID, true),
        identifier(a, Tags.SeriesInstanceUID, true),
        identifier(a, Tags.SOPInstanceUID, true),
        identifier(a, Tags.SOPClassUID, true),
        LevelJson.of(a, Level.IMAGE));
  }

  private static String identifier(DataSet a, int tag, boolean required) {
    String v = a.getString(tag, "");
    if (required && v.isEmpty()) {
      throw new IllegalArgumentException("no " + Tag.toString(tag));
    }
    if (v.length() > MAX_ID) {
      throw new IllegalArgumentException(Tag.toString(tag) + " longer than 64");
    }
    return v;
  }

  static StoreOutcome record(Connection c, Prepared p, DuplicatePolicy policy) throws SQLException {
    // the common case, a new instance, costs one index lookup; a duplicate is then located whole
    Selection.Located old =
        isRecorded(c, p.sopInstanceUid()) ? Selection.locate(c, p.sopInstanceUid()) : null;
    if (old != null) {
      switch (policy) {
        case REJECT -> {
          return new StoreOutcome(StoreOutcome.Kind.REJECTED_DUPLICATE, null);
        }
        case KEEP -> {
          return new StoreOutcome(StoreOutcome.Kind.KEPT_EXISTING, null);
        }
        case REPLACE -> Selection.delete(c, List.of(old));
      }
    }
    Parents parents = parents(c, p);
    Counts.change(
        c,
        "UPDATE series_counts SET num_instances = num_instances + 1 WHERE series_pk = ?",
        parents.seriesPk());
    Counts.change(
        c,
        "UPDATE study_counts SET num_instances = num_instances + 1, num_series = num_series + ?"
            + " WHERE study_pk = ?",
        parents.newSeries() ? 1 : 0,
        parents.studyPk());
    Counts.change(
        c,
        "UPDATE patient_counts SET num_instances = num_instances + 1,"
            + " num_series = num_series + ?, num_studies = num_studies + ? WHERE patient_pk = ?",
        parents.newSeries() ? 1 : 0,
        parents.newStudy() ? 1 : 0,
        parents.patientPk());
    insertInstance(c, p, parents);
    return old == null
        ? new StoreOutcome(StoreOutcome.Kind.STORED, null)
        : new StoreOutcome(StoreOutcome.Kind.REPLACED, old.stored());
  }

  private static boolean isRecorded(Connection c, String sopInstanceUid) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM instance WHERE sop_instance_uid = ?")) {
      ps.setString(1, sopInstanceUid);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * The series decides: a known series keeps its study and patient, a known study its patient,
   * whatever this instance says of them.
   */
  private static Parents parents(Connection c, Prepared p) throws SQLException {
    Sql series =
        new Sql(
                "SELECT se.pk, se.study_pk, st.patient_pk FROM series se"
                    + " JOIN study st ON st.pk = se.study_pk WHERE se.series_instance_uid = ")
            .param(p.seriesInstanceUid());
    long[] found = firstRow(c, series, 3);
    if (found != null) {
      return new Parents(found[2], found[1], found[0], false, false);
    }
    Sql study =
        new Sql("SELECT pk, patient_pk FROM study WHERE study_instance_uid = ")
            .param(p.studyInstanceUid());
    found = firstRow(c, study, 2);
    long patientPk;
    long studyPk;
    boolean newStudy = found == null;
    if (found != null) {
      studyPk = found[0];
      patientPk = found[1];
    } else {
      patientPk = patient(c, p);
      String institution = p.instance().attributes().getString(Tags.InstitutionName);
      studyPk =
          insert(
              c,
              Level.STUDY,
              p,
              List.of("patient_pk", "institution_name_upper"),
              List.of(
                  patientPk,
                  institution == null || institution.isBlank()
                      ? new Sql.Null(Types.VARCHAR)
                      : KeyValues.clip(institution.strip().toUpperCase(Locale.ROOT), 64)));
    }
    long seriesPk = insert(c, Level.SERIES, p, List.of("study_pk"), List.of(studyPk));
    return new Parents(patientPk, studyPk, seriesPk, newStudy, true);
  }

  private static long patient(Connection c, Prepared p) throws SQLException {
    Sql find =
        new Sql("SELECT pk FROM patient WHERE patient_id = ")
            .param(p.patientId())
            .sql(" AND issuer_of_patient_id = ")
            .param(p.issuerOfPatientId());
    long[] found = firstRow(c, find, 1);
    return found != null ? found[0] : insert(c, Level.PATIENT, p, List.of(), List.of());
  }

  private static void insertInstance(Connection c, Prepared p, Parents parents)
      throws SQLException {
    IndexedInstance in = p.instance();
    insert(
        c,
        Level.IMAGE,
        p,
        List.of(
            "series_pk",
            "study_pk",
            "transfer_syntax_uid",
            "blob_key",
            "object_size",
            "sha256",
            "received",
            "source"),
        List.of(
            parents.seriesPk(),
            parents.studyPk(),
            KeyValues.clip(in.transferSyntaxUid(), MAX_ID),
            in.blob().value(),
            in.size(),
            HexFormat.of().formatHex(in.sha256()),
            OffsetDateTime.ofInstant(in.received(), ZoneOffset.UTC),
            KeyValues.clip(in.source(), 256)));
  }

  /**
   * Inserts a level's row (the given columns, the level's keys and the JSON) and, above the
   * instance, its counts row with zero counts; returns the new row's key (0 for an instance).
   */
  private static long insert(
      Connection c, Level level, Prepared p, List<String> columns, List<Object> values)
      throws SQLException {
    List<String> names = new ArrayList<>(columns);
    List<Object> row = new ArrayList<>(values);
    DataSet a = p.instance().attributes();
    for (KeyColumn k : KEYS.get(level)) {
      names.add(k.column());
      Object v =
          switch (k.tag()) {
            case Tags.PatientID -> p.patientId();
            case Tags.IssuerOfPatientID -> p.issuerOfPatientId();
            default -> KeyValues.columnValue(k, a);
          };
      row.add(
          v != null
              ? v
              : new Sql.Null(k.kind() == KeyColumn.Kind.INTEGER ? Types.INTEGER : Types.VARCHAR));
    }
    names.add("attributes");
    String json = p.json(level);
    LevelJson.check(level, json);
    row.add(json);
    Sql insert =
        new Sql(
                "INSERT INTO "
                    + Schema.table(level)
                    + " ("
                    + String.join(", ", names)
                    + ") VALUES (")
            .params(row)
            .sql(")");
    if (level == Level.IMAGE) {
      try (PreparedStatement ps = insert.prepare(c)) {
        ps.executeUpdate();
      }
      return 0;
    }
    long pk;
    try (PreparedStatement ps = insert.prepareInsert(c, "pk")) {
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("no key generated for a new " + Schema.table(level));
        }
        pk = keys.getLong(1);
      }
    }
    try (PreparedStatement ps = c.prepareStatement(COUNTS_ROW.get(level))) {
      ps.setLong(1, pk);
      ps.executeUpdate();
    }
    return pk;
  }

  /** The key columns of each level, worked out once. */
  private static final Map<Level, List<KeyColumn>> KEYS = keysByLevel();

  /** The statement that creates a level's counts row (migration V5), all counts zero. */
  private static final Map<Level, String> COUNTS_ROW =
      Map.of(
          Level.PATIENT,
          "INSERT INTO patient_counts (patient_pk, num_studies, num_series, num_instances)"
              + " VALUES (?, 0, 0, 0)",
          Level.STUDY,
          "INSERT INTO study_counts (study_pk, num_series, num_instances) VALUES (?, 0, 0)",
          Level.SERIES,
          "INSERT INTO series_counts (series_pk, num_instances) VALUES (?, 0)");

  private static Map<Level, List<KeyColumn>> keysByLevel() {
    Map<Level, List<KeyColumn>> m = new EnumMap<>(Level.class);
    for (Level l : Level.values()) {
      m.put(l, Schema.keysAt(l));
    }
    return m;
  }

  private static long[] firstRow(Connection c, Sql sql, int columns) throws SQLException {
    try (PreparedStatement ps = sql.prepare(c);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      long[] row = new long[columns];
      for (int i = 0; i < columns; i++) {
        row[i] = rs.getLong(i + 1);
      }
      return row;
    }
  }
}
