package ward.archive.audit;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import ward.archive.db.Transactions;

/**
 * The archive's audit trail: every security-relevant event as a DICOM audit message (PS3.15 A.5),
 * appended to a hash chain in the database.
 *
 * <ul>
 *   <li>Append only: {@link #record} adds record n+1 whose hash is SHA-256(hash of record n ||
 *       content of record n+1); the content is the sequence number, time, event, outcome,
 *       requestor, address, the studies and patients concerned, and the XML message. Nothing here
 *       updates or deletes a record.
 *   <li>Signed checkpoints: every {@code checkpointEvery} records, and on {@link #checkpoint()},
 *       the head's sequence number and hash are signed with the {@link SigningKey}; a chain
 *       rewritten from some record on, or cut short, no longer matches a checkpoint.
 *   <li>{@link #verify()} walks the chain and names the first record that was edited, removed or
 *       moved.
 *   <li>Queries: every record concerning a study; every record concerning a patient's studies.
 * </ul>
 *
 * <p>When forwarding is on, each record is also put in the syslog spool in the same transaction, so
 * a record is never stored without being queued, nor queued without being stored.
 */
public final class AuditTrail {
  private static final int MAX_UID = 64;

  private final DataSource db;
  private final Transactions tx;
  private final Transactions lookups;
  private final AuditSource source;
  private final SigningKey key;
  private final Clock clock;
  private final int checkpointEvery;
  private final boolean spool;
  private volatile Runnable onSpooled = () -> {};

  // The chain's head, owned by record() under this object's lock; forgotten (and reloaded) when
  // the unit that appended it is rolled back, or another writer got there first (a shared
  // PostgreSQL database).
  private long headSeq = -1;
  private String headHash;

  // For indexStudiesWhenQuiet: when this object last appended a record and its number, and the
  // last record in the look-ups as this object last saw it (-1: not known yet).
  private volatile long lastAppended = System.nanoTime();
  private volatile long lastSeq = -1;
  private volatile long indexedUpto = -1;

  /**
   * @param key signs checkpoints; null keeps no checkpoints (tests of the chain alone)
   * @param checkpointEvery records between automatic checkpoints
   * @param spool whether records are queued for the syslog forwarder
   */
  public AuditTrail(
      DataSource db,
      AuditSource source,
      SigningKey key,
      Clock clock,
      int checkpointEvery,
      boolean spool) {
    this(Transactions.direct(db), source, key, clock, checkpointEvery, spool);
  }

  /**
   * A trail appended through {@code tx}: a record made inside a unit of work (an instance being
   * indexed) commits with it, or not at all.
   */
  public AuditTrail(
      Transactions tx,
      AuditSource source,
      SigningKey key,
      Clock clock,
      int checkpointEvery,
      boolean spool) {
    this.tx = Objects.requireNonNull(tx);
    this.db = tx.dataSource();
    this.lookups = Transactions.direct(db);
    this.source = Objects.requireNonNull(source);
    this.key = key;
    this.clock = Objects.requireNonNull(clock);
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpointEvery must be positive");
    }
    this.checkpointEvery = checkpointEvery;
    this.spool = spool;
  }

  /** The archive as the audit source; handlers use it as the responder or destination. */
  public AuditSource source() {
    return source;
  }

  /** Called after each record that was spooled is committed (the forwarder wakes up). */
  public void onSpooled(Runnable r) {
    this.onSpooled = Objects.requireNonNull(r);
  }

  /**
   * Appends an event to the chain.
   *
   * @return its sequence number
   * @throws AuditException when it could not be stored
   */
  public long record(AuditEvent event) {
    Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String message = AuditMessage.encode(event, time, source);
    Participant requestor = event.requestor();
    HashChain.Entry e =
        new HashChain.Entry(
            0,
            time,
            AuditMessage.eventName(event),
            event.outcome().code(),
            clip(requestor.userId(), 256),
            requestor.address() == null ? null : clip(requestor.address(), 256),
            rows(event.studies()),
            message);
    try {
      if (tx.grouped()) {
        // one writer thread appends every record: the chain's order is the order of its commits
        return tx.run(c -> append(c, e));
      }
      synchronized (this) {
        // the next record waits until this one is committed (or rolled back)
        return tx.run(c -> append(c, e));
      }
    } catch (SQLException ex) {
      throw new AuditException("the audit record could not be stored: " + ex.getMessage(), ex);
    }
  }

  /**
   * Records a Security Alert (PS3.15 A.5.3.11) the archive itself detected: an object that failed
   * its integrity check, a quarantined upload, a refused configuration.
   *
   * @param performer who caused it, when known (the caller who sent the object), or null
   * @param reason what happened, in words (no secrets, no patient names)
   * @param subject what it concerns (for an object, {@code "urn:oid:" + its SOP Instance UID}), or
   *     null
   * @param studies the studies concerned, with their patients, if known
   */
  public long alert(
      AuditEvent.AlertType type,
      Participant performer,
      String reason,
      String subject,
      List<AuditedStudy> studies) {
    return record(
        new AuditEvent.SecurityAlert(
            type,
            Outcome.SERIOUS_FAILURE,
            source.participant(),
            performer,
            reason,
            subject,
            studies));
  }

  /**
   * Records instances received from {@code sender} (PS3.15 A.5.3.7, DICOM Instances Transferred,
   * action Create): the archive is the destination.
   *
   * @param outcome SUCCESS when all were stored, MINOR_FAILURE when some were refused
   */
  public long received(Participant sender, Outcome outcome, List<AuditedStudy> studies) {
    return record(
        new AuditEvent.InstancesTransferred(
            AuditEvent.ActionCode.CREATE, outcome, sender, source.participant(), null, studies));
  }

  /**
   * Appends a record in the running unit (checkpointing when its turn has come); when the unit is
   * rolled back, the head is forgotten. A record another writer appended first makes the insert
   * fail as a lost race, and the unit runs again from the reloaded head.
   */
  private synchronized long append(Connection c, HashChain.Entry e) throws SQLException {
    tx.onRollback(this::forgetHead);
    if (headSeq < 0) {
      loadHead(c);
    }
    long seq = headSeq + 1;
    HashChain.Entry stored = e.at(seq);
    String hash = HashChain.hash(headHash, stored);
    try {
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO audit_records (seq, recorded_at, event, outcome, user_id, address,"
                  + " message, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setLong(1, seq);
        s.setObject(2, OffsetDateTime.ofInstant(stored.time(), ZoneOffset.UTC));
        s.setString(3, stored.event());
        s.setInt(4, stored.outcome());
        s.setString(5, stored.userId());
        s.setString(6, stored.address());
        s.setString(7, stored.message());
        s.setString(8, hash);
        s.executeUpdate();
      }
      if (!stored.studies().isEmpty()) {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO audit_studies (seq, study_uid, patient_id) VALUES (?, ?, ?)")) {
          for (Map.Entry<String, String> study : stored.studies().entrySet()) {
            s.setLong(1, seq);
            s.setString(2, study.getKey());
            s.setString(3, study.getValue());
            s.addBatch();
          }
          s.executeBatch();
        }
      }
      if (spool) {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_spool (seq) VALUES (?)")) {
          s.setLong(1, seq);
          s.executeUpdate();
        }
        tx.afterCommit(onSpooled);
      }
    } catch (SQLException ex) {
      forgetHead();
      throw ex;
    }
    headSeq = seq;
    headHash = hash;
    lastAppended = System.nanoTime();
    lastSeq = seq;
    if (key != null && seq % checkpointEvery == 0) {
      checkpoint(c);
    }
    return seq;
  }

  private synchronized void forgetHead() {
    headSeq = -1;
    headHash = null;
  }

  private void loadHead(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1")) {
      if (r.next()) {
        headSeq = r.getLong(1);
        headHash = r.getString(2);
      } else {
        headSeq = 0;
        headHash = HashChain.GENESIS;
      }
    }
  }

  /**
   * Signs the chain's head now (on stop, and periodically), unless it is already signed. Does
   * nothing without a signing key or records.
   */
  public void checkpoint() {
    if (key == null) {
      return;
    }
    try {
      tx.run(
          c -> {
            checkpoint(c);
            return null;
          });
    } catch (SQLException e) {
      throw new AuditException("the audit checkpoint could not be signed: " + e.getMessage(), e);
    }
  }

  private synchronized void checkpoint(Connection c) throws SQLException {
    tx.onRollback(this::forgetHead);
    loadHead(c);
    if (headSeq == 0) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM audit_checkpoints WHERE seq = ?")) {
      s.setLong(1, headSeq);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          return;
        }
      }
    }
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String signature;
    try {
      signature = key.sign(HashChain.checkpointBytes(headSeq, headHash, at));
    } catch (GeneralSecurityException e) {
      throw new AuditException("the audit checkpoint could not be signed: " + e.getMessage(), e);
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO audit_checkpoints (seq, hash, signed_at, key_sha256, signature)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      s.setLong(1, headSeq);
      s.setString(2, headHash);
      s.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      s.setString(4, key.fingerprint());
      s.setString(5, signature);
      s.executeUpdate();
    }
  }

  /**
   * Walks the chain from its first record and checks every hash, that no sequence number is
   * missing, and every signed checkpoint (its signature, and that its record still has the hash it
   * signed). Stops at the first bad record.
   */
  public Verification verify() {
    try (Connection c = db.getConnection()) {
      return HashChain.verify(c, key);
    } catch (SQLException e) {
      throw new AuditException("the audit trail could not be read: " + e.getMessage(), e);
    }
  }

  /** Every record concerning a study, oldest first (at most {@code limit}). */
  public List<AuditRecord> forStudy(String studyInstanceUid, int limit) {
    return select("study_uid", studyInstanceUid, limit);
  }

  /**
   * Every record concerning any study of a patient, oldest first (at most {@code limit}): the
   * accounting of disclosures for that patient.
   */
  public List<AuditRecord> forPatient(String patientId, int limit) {
    return select("patient_id", patientId, limit);
  }

  private List<AuditRecord> select(String column, String value, int limit) {
    // the look-up, and the records it has not taken in yet
    String lookup = column.equals("study_uid") ? "audit_by_study" : "audit_by_patient";
    String sql =
        "SELECT r.seq, r.recorded_at, r.event, r.outcome, r.user_id, r.address, r.message"
            + " FROM audit_records r WHERE r.seq IN (SELECT seq FROM "
            + lookup
            + " WHERE "
            + column
            + " = ? UNION SELECT seq FROM audit_studies WHERE seq > (SELECT upto FROM"
            + " audit_lookup_done WHERE id = 1) AND "
            + column
            + " = ?) ORDER BY r.seq LIMIT ?";
    return select(sql, List.of(value, value, limit));
  }

  /** The most records one transaction takes into the look-ups. */
  static final int LOOKUP_BATCH = 200;

  /**
   * Takes the records committed since the last call into the look-ups by study and by patient, at
   * most {@value #LOOKUP_BATCH} records a transaction, until none is left. The look-ups are kept
   * behind the records, many records a transaction, because writing them with each record cost a
   * random index insert per study named; searches read the records not yet taken in from {@code
   * audit_studies}, so they are complete whenever this runs. Run periodically by the archive.
   *
   * @return how many records were taken in
   */
  public long indexStudies() {
    return takeIn(() -> true);
  }

  /**
   * Like {@link #indexStudies()}, but a batch is taken in only once no record was appended for
   * {@code quiet}, or while more than {@code maxBehind} records wait: the look-ups cost about as
   * much CPU as the records (a query naming 200 studies, some 10 ms), and a burst of queries is
   * answered sooner when they are written after it. Searches are complete either way.
   *
   * @return how many records were taken in
   */
  public long indexStudiesWhenQuiet(Duration quiet, long maxBehind) {
    return takeIn(
        () -> System.nanoTime() - lastAppended >= quiet.toNanos() || behind() > maxBehind);
  }

  /** How many records appended by now wait for the look-ups (0 before this object appends). */
  private long behind() {
    long head = lastSeq;
    if (head < 0) {
      return 0;
    }
    if (indexedUpto < 0) {
      try (Connection c = db.getConnection();
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT upto FROM audit_lookup_done WHERE id = 1")) {
        indexedUpto = r.next() ? r.getLong(1) : 0;
      } catch (SQLException e) {
        throw new AuditException("the audit look-ups could not be read: " + e.getMessage(), e);
      }
    }
    return head - indexedUpto;
  }

  /** Takes in batches while {@code goOn} says so before each, until none is left. */
  private long takeIn(BooleanSupplier goOn) {
    long total = 0;
    try {
      while (goOn.getAsBoolean()) {
        long[] batch = lookups.run(AuditTrail::indexBatch);
        indexedUpto = batch[1];
        if (batch[1] == batch[0]) {
          return total;
        }
        total += batch[1] - batch[0];
      }
      return total;
    } catch (SQLException e) {
      throw new AuditException("the audit look-ups could not be written: " + e.getMessage(), e);
    }
  }

  /** One batch: the look-ups' position before and after it (the same when none was left). */
  private static long[] indexBatch(Connection c) throws SQLException {
    long upto;
    long last;
    try (Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT upto FROM audit_lookup_done WHERE id = 1")) {
        upto = r.next() ? r.getLong(1) : 0;
      }
      try (ResultSet r = s.executeQuery("SELECT MAX(seq) FROM audit_records")) {
        last = r.next() ? r.getLong(1) : 0; // NULL reads as 0
      }
    }
    // Records commit in sequence order (one writer appends them), so every record up to the
    // highest committed one is there.
    long to = Math.min(last, upto + LOOKUP_BATCH);
    if (to <= upto) {
      return new long[] {upto, upto};
    }
    update(
        c,
        "INSERT INTO audit_by_study (study_uid, seq) SELECT study_uid, seq FROM audit_studies"
            + " WHERE seq > ? AND seq <= ?",
        upto,
        to);
    update(
        c,
        "INSERT INTO audit_by_patient (patient_id, seq) SELECT DISTINCT patient_id, seq FROM"
            + " audit_studies WHERE seq > ? AND seq <= ? AND patient_id IS NOT NULL",
        upto,
        to);
    if (update(c, "UPDATE audit_lookup_done SET upto = ? WHERE id = 1 AND upto = ?", to, upto)
        != 1) {
      // another process took these records in meanwhile: run again from where it stopped
      throw new SQLException("the audit look-ups moved on meanwhile", "40001");
    }
    return new long[] {upto, to};
  }

  private static int update(Connection c, String sql, long a, long b) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, a);
      s.setLong(2, b);
      return s.executeUpdate();
    }
  }

  /**
   * The records a search selects, newest first (at most its limit): what an auditor looks through
   * when the question is not one study or patient but who did what, when, and what failed.
   */
  public List<AuditRecord> search(AuditSearch q) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT r.seq, r.recorded_at, r.event, r.outcome, r.user_id, r.address, r.message"
                + " FROM audit_records r WHERE 1 = 1");
    List<Object> values = new ArrayList<>();
    if (q.user() != null) {
      sql.append(" AND r.user_id = ?");
      values.add(q.user());
    }
    if (q.event() != null) {
      sql.append(" AND r.event = ?");
      values.add(q.event());
    }
    if (q.from() != null) {
      sql.append(" AND r.recorded_at >= ?");
      values.add(q.from().atOffset(java.time.ZoneOffset.UTC));
    }
    if (q.to() != null) {
      sql.append(" AND r.recorded_at < ?");
      values.add(q.to().atOffset(java.time.ZoneOffset.UTC));
    }
    if (q.failuresOnly()) {
      sql.append(" AND r.outcome <> 0");
    }
    sql.append(" ORDER BY r.seq DESC LIMIT ?");
    values.add(q.limit());
    return select(sql.toString(), values);
  }

  private List<AuditRecord> select(String sql, List<Object> values) {
    List<AuditRecord> found = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT study_uid, patient_id FROM audit_studies WHERE seq = ? ORDER BY"
                    + " study_uid")) {
      for (int i = 0; i < values.size(); i++) {
        s.setObject(i + 1, values.get(i));
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long seq = r.getLong(1);
          List<AuditedStudy> studies = new ArrayList<>();
          st.setLong(1, seq);
          try (ResultSet sr = st.executeQuery()) {
            while (sr.next()) {
              studies.add(AuditedStudy.of(sr.getString(1), sr.getString(2)));
            }
          }
          found.add(
              new AuditRecord(
                  seq,
                  r.getObject(2, OffsetDateTime.class).toInstant(),
                  r.getString(3),
                  Outcome.of(r.getInt(4)),
                  r.getString(5),
                  r.getString(6),
                  studies,
                  r.getString(7)));
        }
      }
    } catch (SQLException e) {
      throw new AuditException("the audit trail could not be read: " + e.getMessage(), e);
    }
    return found;
  }

  /** The study rows of an event: one per study UID (the first patient ID met), UIDs that fit. */
  private static Map<String, String> rows(List<AuditedStudy> studies) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (AuditedStudy s : studies) {
      if (s.studyInstanceUid().length() <= MAX_UID) {
        String pid = s.patientId();
        rows.putIfAbsent(
            s.studyInstanceUid(), pid == null || pid.isEmpty() ? null : clip(pid, MAX_UID));
      }
    }
    return rows;
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
