package ward.archive.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;

/**
 * Runs a query: one statement selects the matching rows of the query's level with the rows above
 * them, in key order (stable across pages); at most two grouped statements more compute Modalities
 * in Study and SOP Classes in Study for the studies of the page. Counts come from the counts rows
 * joined to each level (migration V5).
 */
final class Finder {
  private Finder() {}

  /** One matching row: the key and JSON of each level down to the query's, and its counts. */
  private record Row(Map<Level, Long> pks, Map<Level, String> json, List<Integer> counts) {}

  static List<DataSet> find(Connection c, IndexQuery q) throws SQLException, IndexException {
    Level level = q.level();
    List<Level> levels = downTo(level);
    List<Row> rows = rows(c, q, levels);
    MatchBuilder builder = new MatchBuilder(level, q.keys(), q.allAttributes());
    boolean withModalities = builder.needs(Tags.ModalitiesInStudy);
    boolean withSopClasses = builder.needs(Tags.SOPClassesInStudy);
    Set<Long> studies = new LinkedHashSet<>();
    if (withModalities || withSopClasses) {
      for (Row r : rows) {
        studies.add(r.pks().get(Level.STUDY));
      }
    }
    Map<Long, List<String>> modalities =
        withModalities
            ? perStudy(
                c,
                "SELECT study_pk, modality FROM series WHERE modality IS NOT NULL AND study_pk IN (",
                ") GROUP BY study_pk, modality ORDER BY study_pk, modality",
                studies)
            : Map.of();
    Map<Long, List<String>> sopClasses =
        withSopClasses
            ? perStudy(
                c,
                "SELECT study_pk, sop_class_uid FROM instance WHERE study_pk IN (",
                ") GROUP BY study_pk, sop_class_uid ORDER BY study_pk, sop_class_uid",
                studies)
            : Map.of();
    // rows share their patient, study and series: each is read from its JSON once
    Map<Level, Map<Long, DataSet>> parsed = new EnumMap<>(Level.class);
    List<DataSet> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Map<Level, DataSet> attributes = new EnumMap<>(Level.class);
      for (Level l : levels) {
        Map<Long, DataSet> cache = parsed.computeIfAbsent(l, k -> new HashMap<>());
        Long pk = r.pks().get(l);
        DataSet ds = cache.get(pk);
        if (ds == null) {
          ds = LevelJson.read(r.json().get(l));
          cache.put(pk, ds);
        }
        attributes.put(l, ds);
      }
      Long study = r.pks().get(Level.STUDY); // null for a patient
      out.add(
          builder.build(
              attributes,
              computed(
                  level,
                  r.counts(),
                  withModalities ? modalities.getOrDefault(study, List.of()) : null,
                  withSopClasses ? sopClasses.getOrDefault(study, List.of()) : null)));
    }
    return out;
  }

  /** The levels from the patient down to {@code level}. */
  private static List<Level> downTo(Level level) {
    return Arrays.stream(Level.values()).filter(l -> l.compareTo(level) <= 0).toList();
  }

  private static List<Row> rows(Connection c, IndexQuery q, List<Level> levels)
      throws SQLException {
    Level level = q.level();
    List<String> countColumns = counts(level);
    Sql sql = new Sql("SELECT ");
    String sep = "";
    for (Level l : levels) {
      String a = Schema.alias(l);
      sql.sql(sep + a + ".pk, " + a + ".attributes");
      sep = ", ";
    }
    for (String count : countColumns) {
      sql.sql(", " + count);
    }
    sql.sql(" FROM " + from(level));
    List<Sql> conditions = new ArrayList<>(Criteria.of(level, q.keys()));
    Sql scope = Criteria.scope(q.scope(), level);
    if (scope != null) {
      conditions.add(scope);
    }
    for (int i = 0; i < conditions.size(); i++) {
      sql.sql(i == 0 ? " WHERE " : " AND ").append(conditions.get(i));
    }
    sql.sql(" ORDER BY " + Schema.alias(level) + ".pk");
    if (q.offset() > 0) {
      sql.sql(" OFFSET ").param(q.offset()).sql(" ROWS");
    }
    if (q.limit() > 0) {
      sql.sql(" FETCH NEXT ").param(q.limit()).sql(" ROWS ONLY");
    }
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = sql.prepare(c);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Map<Level, Long> pks = new EnumMap<>(Level.class);
        Map<Level, String> json = new EnumMap<>(Level.class);
        int column = 1;
        for (Level l : levels) {
          pks.put(l, rs.getLong(column++));
          json.put(l, rs.getString(column++));
        }
        List<Integer> counts = new ArrayList<>(countColumns.size());
        for (int i = 0; i < countColumns.size(); i++) {
          counts.add(rs.getInt(column++));
        }
        rows.add(new Row(pks, json, counts));
      }
    }
    return rows;
  }

  /** The tables of a level and those above, each with its counts (migration V5). */
  private static String from(Level level) {
    String patient = " JOIN patient_counts pn ON pn.patient_pk = p.pk";
    String study = " JOIN study_counts stn ON stn.study_pk = st.pk";
    String series = " JOIN series_counts sen ON sen.series_pk = se.pk";
    return switch (level) {
      case PATIENT -> "patient p" + patient;
      case STUDY -> "study st JOIN patient p ON p.pk = st.patient_pk" + patient + study;
      case SERIES ->
          "series se JOIN study st ON st.pk = se.study_pk JOIN patient p ON p.pk = st.patient_pk"
              + patient
              + study
              + series;
      case IMAGE ->
          "instance i JOIN series se ON se.pk = i.series_pk JOIN study st ON st.pk = i.study_pk"
              + " JOIN patient p ON p.pk = st.patient_pk"
              + patient
              + study
              + series;
    };
  }

  /** The count columns selected for a level: its own and those of the levels above. */
  private static List<String> counts(Level level) {
    List<String> columns =
        new ArrayList<>(List.of("pn.num_studies", "pn.num_series", "pn.num_instances"));
    if (level.compareTo(Level.STUDY) >= 0) {
      columns.addAll(List.of("stn.num_series", "stn.num_instances"));
    }
    if (level.compareTo(Level.SERIES) >= 0) {
      columns.add("sen.num_instances");
    }
    return columns;
  }

  /**
   * The computed attributes of a row at every level down to the query's (PS3.4 C.3.4); a study's
   * lists only when they were computed (not null).
   */
  private static DataSet computed(
      Level level, List<Integer> counts, List<String> modalities, List<String> sopClasses) {
    DataSet.Builder b = DataSet.builder();
    b.setInts(Tags.NumberOfPatientRelatedStudies, VR.IS, counts.get(0));
    b.setInts(Tags.NumberOfPatientRelatedSeries, VR.IS, counts.get(1));
    b.setInts(Tags.NumberOfPatientRelatedInstances, VR.IS, counts.get(2));
    if (level.compareTo(Level.STUDY) >= 0) {
      b.setInts(Tags.NumberOfStudyRelatedSeries, VR.IS, counts.get(3));
      b.setInts(Tags.NumberOfStudyRelatedInstances, VR.IS, counts.get(4));
      if (modalities != null) {
        b.setString(Tags.ModalitiesInStudy, VR.CS, modalities.toArray(String[]::new));
      }
      if (sopClasses != null) {
        b.setString(Tags.SOPClassesInStudy, VR.UI, sopClasses.toArray(String[]::new));
      }
    }
    if (level.compareTo(Level.SERIES) >= 0) {
      b.setInts(Tags.NumberOfSeriesRelatedInstances, VR.IS, counts.get(5));
    }
    return b.build();
  }

  /** Values of one column for each study, from one grouped statement per chunk of studies. */
  private static Map<Long, List<String>> perStudy(
      Connection c, String head, String tail, Set<Long> studies) throws SQLException {
    Map<Long, List<String>> out = new HashMap<>();
    for (List<Long> chunk : Selection.chunks(new ArrayList<>(studies))) {
      Sql sql = new Sql(head).params(chunk).sql(tail);
      try (PreparedStatement ps = sql.prepare(c);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
    }
    return out;
  }
}
