package ward.archive.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ward.archive.storage.BlobKey;

/**
 * The instances a retrieve or a delete names (PS3.4 C.4.2.2.1), and their removal with the
 * patients, studies and series they leave empty.
 */
final class Selection {
  private Selection() {}

  /** An instance with the rows it hangs from. */
  record Located(long pk, long seriesPk, long studyPk, long patientPk, StoredInstance stored) {}

  private static final String SELECT =
      "SELECT i.pk, i.series_pk, i.study_pk, st.patient_pk, p.patient_id,"
          + " st.study_instance_uid, se.series_instance_uid, i.sop_instance_uid, i.sop_class_uid,"
          + " i.transfer_syntax_uid, i.blob_key, i.object_size, i.sha256,"
          + " p.issuer_of_patient_id, st.referring_physician_name_upper, st.institution_name_upper"
          + " FROM instance i"
          + " JOIN series se ON se.pk = i.series_pk"
          + " JOIN study st ON st.pk = i.study_pk"
          + " JOIN patient p ON p.pk = st.patient_pk";

  private static final int CHUNK = 500;

  /**
   * The instances a selector names, in study, series, instance number order. The selector must name
   * its level's unique key (a selector without one would name everything).
   */
  static List<Located> select(Connection c, InstanceSelector s) throws SQLException {
    List<String> studies = orEmpty(s.studyInstanceUids());
    List<String> series = orEmpty(s.seriesInstanceUids());
    List<String> sops = orEmpty(s.sopInstanceUids());
    boolean hasPatient = s.patientId() != null && !s.patientId().isEmpty();
    boolean namesLevel =
        switch (s.level()) {
          case PATIENT -> hasPatient;
          case STUDY -> !studies.isEmpty();
          case SERIES -> !series.isEmpty();
          case IMAGE -> !sops.isEmpty();
        };
    if (!namesLevel) {
      throw new IllegalArgumentException("a " + s.level() + " selector needs its unique key");
    }
    Sql sql = new Sql(SELECT).sql(" WHERE 1 = 1");
    if (hasPatient) {
      sql.sql(" AND p.patient_id = ").param(s.patientId());
    }
    in(sql, "st.study_instance_uid", studies);
    in(sql, "se.series_instance_uid", series);
    in(sql, "i.sop_instance_uid", sops);
    Sql scope = Criteria.scope(s.scope());
    if (scope != null) {
      sql.sql(" AND ").append(scope);
    }
    sql.sql(
        " ORDER BY st.pk, se.series_number NULLS LAST, se.pk, i.instance_number NULLS LAST, i.pk");
    return query(c, sql);
  }

  /** One instance by its SOP Instance UID, or null. */
  static Located locate(Connection c, String sopInstanceUid) throws SQLException {
    List<Located> found =
        query(c, new Sql(SELECT).sql(" WHERE i.sop_instance_uid = ").param(sopInstanceUid));
    return found.isEmpty() ? null : found.get(0);
  }

  /** Instances in SOP Instance UID order after {@code after} (null: from the first). */
  static List<Located> page(Connection c, String after, int limit) throws SQLException {
    Sql sql = new Sql(SELECT);
    if (after != null) {
      sql.sql(" WHERE i.sop_instance_uid > ").param(after);
    }
    return query(c, sql.sql(" ORDER BY i.sop_instance_uid FETCH FIRST " + limit + " ROWS ONLY"));
  }

  /**
   * Deletes instances, lowers the counts of their series, studies and patients, and deletes those
   * left empty. Rows are changed series first, then studies, then patients, each in key order, as
   * {@link Recording} changes them.
   */
  static void delete(Connection c, List<Located> instances) throws SQLException {
    if (instances.isEmpty()) {
      return;
    }
    Map<Long, Integer> perSeries = new TreeMap<>();
    Map<Long, Integer> perStudy = new TreeMap<>();
    Map<Long, Integer> perPatient = new TreeMap<>();
    Map<Long, Long> patientOfStudy = new TreeMap<>();
    List<Long> pks = new ArrayList<>();
    for (Located l : instances) {
      pks.add(l.pk());
      perSeries.merge(l.seriesPk(), 1, Integer::sum);
      perStudy.merge(l.studyPk(), 1, Integer::sum);
      perPatient.merge(l.patientPk(), 1, Integer::sum);
      patientOfStudy.put(l.studyPk(), l.patientPk());
    }
    for (List<Long> chunk : chunks(pks)) {
      Sql sql = new Sql("DELETE FROM instance WHERE pk IN (").params(chunk).sql(")");
      try (PreparedStatement ps = sql.prepare(c)) {
        ps.executeUpdate();
      }
    }
    // series
    for (Map.Entry<Long, Integer> e : perSeries.entrySet()) {
      Counts.change(
          c,
          "UPDATE series_counts SET num_instances = num_instances - ? WHERE series_pk = ?",
          e.getValue(),
          e.getKey());
    }
    Map<Long, Integer> seriesGonePerStudy = new TreeMap<>();
    for (long[] gone : emptied(c, "series", "study_pk", perSeries.keySet())) {
      seriesGonePerStudy.merge(gone[1], 1, Integer::sum);
    }
    // studies
    Map<Long, Integer> seriesGonePerPatient = new TreeMap<>();
    for (Map.Entry<Long, Integer> e : perStudy.entrySet()) {
      int seriesGone = seriesGonePerStudy.getOrDefault(e.getKey(), 0);
      Counts.change(
          c,
          "UPDATE study_counts SET num_instances = num_instances - ?,"
              + " num_series = num_series - ? WHERE study_pk = ?",
          e.getValue(),
          seriesGone,
          e.getKey());
      seriesGonePerPatient.merge(patientOfStudy.get(e.getKey()), seriesGone, Integer::sum);
    }
    Map<Long, Integer> studiesGonePerPatient = new TreeMap<>();
    for (long[] gone : emptied(c, "study", "patient_pk", perStudy.keySet())) {
      studiesGonePerPatient.merge(gone[1], 1, Integer::sum);
    }
    // patients
    for (Map.Entry<Long, Integer> e : perPatient.entrySet()) {
      Counts.change(
          c,
          "UPDATE patient_counts SET num_instances = num_instances - ?,"
              + " num_series = num_series - ?, num_studies = num_studies - ? WHERE patient_pk = ?",
          e.getValue(),
          seriesGonePerPatient.getOrDefault(e.getKey(), 0),
          studiesGonePerPatient.getOrDefault(e.getKey(), 0),
          e.getKey());
    }
    emptied(c, "patient", null, perPatient.keySet());
  }

  /**
   * Deletes the rows of a table among {@code pks} that have no instance left (their counts rows,
   * migration V5, go with them); returns each one's pk with its parent's.
   */
  private static List<long[]> emptied(
      Connection c, String table, String parentColumn, Iterable<Long> pks) throws SQLException {
    List<Long> all = new ArrayList<>();
    pks.forEach(all::add);
    List<long[]> gone = new ArrayList<>();
    String parent = parentColumn == null ? "pk" : parentColumn;
    String counts = table + "_counts";
    String countsKey = table + "_pk";
    for (List<Long> chunk : chunks(all)) {
      Sql find =
          new Sql(
                  "SELECT t.pk, t."
                      + parent
                      + " FROM "
                      + table
                      + " t JOIN "
                      + counts
                      + " n ON n."
                      + countsKey
                      + " = t.pk WHERE n.num_instances = 0 AND t.pk IN (")
              .params(chunk)
              .sql(") ORDER BY t.pk");
      List<Long> empty = new ArrayList<>();
      try (PreparedStatement ps = find.prepare(c);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          gone.add(new long[] {rs.getLong(1), rs.getLong(2)});
          empty.add(rs.getLong(1));
        }
      }
      if (!empty.isEmpty()) {
        Sql deleteCounts =
            new Sql("DELETE FROM " + counts + " WHERE " + countsKey + " IN (")
                .params(empty)
                .sql(")");
        try (PreparedStatement ps = deleteCounts.prepare(c)) {
          ps.executeUpdate();
        }
        Sql delete = new Sql("DELETE FROM " + table + " WHERE pk IN (").params(empty).sql(")");
        try (PreparedStatement ps = delete.prepare(c)) {
          ps.executeUpdate();
        }
      }
    }
    return gone;
  }

  private static void in(Sql sql, String column, List<String> values) {
    if (values.size() == 1) {
      sql.sql(" AND " + column + " = ").param(values.get(0));
    } else if (!values.isEmpty()) {
      sql.sql(" AND " + column + " IN (").params(values).sql(")");
    }
  }

  private static List<Located> query(Connection c, Sql sql) throws SQLException {
    List<Located> out = new ArrayList<>();
    try (PreparedStatement ps = sql.prepare(c);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Located(
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getLong(4),
                new StoredInstance(
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getString(9),
                    rs.getString(10),
                    new BlobKey(rs.getString(11)),
                    rs.getLong(12),
                    HexFormat.of().parseHex(rs.getString(13)),
                    rs.getString(14),
                    rs.getString(15),
                    rs.getString(16))));
      }
    }
    return out;
  }

  static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += CHUNK) {
      out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
    }
    return out;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
