package ward.archive.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

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
  static final String GENESIS = "0".repeat(64);
  private static final int MAX_UID = 64;

  private final DataSource db;
  private final AuditSource source;
  private final SigningKey key;
  private final Clock clock;
  private final int checkpointEvery;
  private final boolean spool;
  private volatile Runnable onSpooled = () -> {};

  // The chain's head, owned by record() under this object's lock; reloaded when another writer
  // got there first (a shared PostgreSQL database).
  private long headSeq = -1;
  private String headHash;

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
    this.db = Objects.requireNonNull(db);
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
    Entry e =
        new Entry(
            0,
            time,
            AuditMessage.eventName(event),
            event.outcome().code(),
            clip(requestor.userId(), 256),
            requestor.address() == null ? null : clip(requestor.address(), 256),
            rows(event.studies()),
            message);
    long seq;
    synchronized (this) {
      seq = append(e, true);
      if (key != null && seq % checkpointEvery == 0) {
        checkpoint();
      }
    }
    if (spool) {
      onSpooled.run();
    }
    return seq;
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

  private long append(Entry e, boolean retry) {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (headSeq < 0) {
          loadHead(c);
        }
        long seq = headSeq + 1;
        Entry stored = e.at(seq);
        String hash = chain(headHash, stored);
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
          try (PreparedStatement s =
              c.prepareStatement("INSERT INTO audit_spool (seq) VALUES (?)")) {
            s.setLong(1, seq);
            s.executeUpdate();
          }
        }
        c.commit();
        headSeq = seq;
        headHash = hash;
        return seq;
      } catch (SQLException ex) {
        c.rollback();
        headSeq = -1;
        if (retry) {
          // another writer may have appended: reload the head and try once more
          return append(e, false);
        }
        throw ex;
      }
    } catch (SQLException ex) {
      throw new AuditException("the audit record could not be stored: " + ex.getMessage(), ex);
    }
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
        headHash = GENESIS;
      }
    }
  }

  /**
   * Signs the chain's head now (on stop, and periodically), unless it is already signed. Does
   * nothing without a signing key or records.
   */
  public synchronized void checkpoint() {
    if (key == null) {
      return;
    }
    try (Connection c = db.getConnection()) {
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
      String signature = key.sign(checkpointBytes(headSeq, headHash, at));
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
    } catch (SQLException | GeneralSecurityException e) {
      throw new AuditException("the audit checkpoint could not be signed: " + e.getMessage(), e);
    }
  }

  /**
   * Walks the chain from its first record and checks every hash, that no sequence number is
   * missing, and every signed checkpoint (its signature, and that its record still has the hash it
   * signed). Stops at the first bad record.
   */
  public Verification verify() {
    List<String> problems = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      Map<Long, String> checkpoints = new LinkedHashMap<>();
      long checked = verifyCheckpoints(c, checkpoints, problems);
      long count = 0;
      long firstBad = 0;
      String previous = GENESIS;
      long expected = 1;
      try (Statement rs = c.createStatement();
          Statement ss = c.createStatement();
          ResultSet r =
              rs.executeQuery(
                  "SELECT seq, recorded_at, event, outcome, user_id, address, message, hash"
                      + " FROM audit_records ORDER BY seq");
          ResultSet st =
              ss.executeQuery(
                  "SELECT seq, study_uid, patient_id FROM audit_studies ORDER BY seq, study_uid")) {
        boolean moreStudies = st.next();
        while (r.next()) {
          long seq = r.getLong("seq");
          count++;
          Map<String, String> studies = new LinkedHashMap<>();
          while (moreStudies && st.getLong(1) < seq) {
            if (firstBad == 0) {
              firstBad = st.getLong(1);
              problems.add(
                  "record "
                      + firstBad
                      + " was removed (study rows of it are left), or its studies were moved");
            }
            moreStudies = st.next();
          }
          while (moreStudies && st.getLong(1) == seq) {
            studies.put(st.getString(2), st.getString(3));
            moreStudies = st.next();
          }
          if (firstBad != 0) {
            break;
          }
          if (seq != expected) {
            firstBad = expected;
            problems.add(
                seq > expected
                    ? "record " + expected + " is missing (the chain goes on at " + seq + ")"
                    : "record " + seq + " is out of place");
            break;
          }
          Entry e =
              new Entry(
                  seq,
                  r.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                  r.getString("event"),
                  r.getInt("outcome"),
                  r.getString("user_id"),
                  r.getString("address"),
                  studies,
                  r.getString("message"));
          String stored = r.getString("hash");
          String computed = chain(previous, e);
          if (!computed.equals(stored)) {
            firstBad = seq;
            problems.add(
                "record "
                    + seq
                    + " does not match its hash: it was edited, or a record before it was"
                    + " replaced or moved");
            break;
          }
          String signed = checkpoints.get(seq);
          if (signed != null && !signed.equals(stored)) {
            firstBad = seq;
            problems.add(
                "record "
                    + seq
                    + " is not the record its signed checkpoint names: the chain was rewritten"
                    + " up to here");
            break;
          }
          previous = stored;
          expected = seq + 1;
        }
      }
      if (firstBad == 0) {
        for (long signedSeq : checkpoints.keySet()) {
          if (signedSeq >= expected) {
            firstBad = expected;
            problems.add(
                "records from "
                    + expected
                    + " on were removed: a signed checkpoint names record "
                    + signedSeq);
            break;
          }
        }
      }
      return new Verification(count, checked, firstBad, problems);
    } catch (SQLException e) {
      throw new AuditException("the audit trail could not be read: " + e.getMessage(), e);
    }
  }

  /** Checks every checkpoint's signature; collects the good ones' hashes by sequence number. */
  private long verifyCheckpoints(Connection c, Map<Long, String> good, List<String> problems)
      throws SQLException {
    long n = 0;
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT seq, hash, signed_at, key_sha256, signature FROM audit_checkpoints"
                    + " ORDER BY seq")) {
      while (r.next()) {
        n++;
        long seq = r.getLong(1);
        String hash = r.getString(2);
        Instant at = r.getObject(3, OffsetDateTime.class).toInstant();
        if (key == null) {
          problems.add("checkpoint at record " + seq + " cannot be checked: no signing key");
        } else if (!key.fingerprint().equals(r.getString(4))) {
          problems.add(
              "checkpoint at record " + seq + " was signed with another key: " + r.getString(4));
        } else if (!key.verify(checkpointBytes(seq, hash, at), r.getString(5))) {
          problems.add("checkpoint at record " + seq + " has a wrong signature");
        } else {
          good.put(seq, hash);
        }
      }
    }
    return n;
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
    String sql =
        "SELECT r.seq, r.recorded_at, r.event, r.outcome, r.user_id, r.address, r.message"
            + " FROM audit_records r WHERE r.seq IN (SELECT seq FROM audit_studies WHERE "
            + column
            + " = ?) ORDER BY r.seq LIMIT ?";
    List<AuditRecord> found = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT study_uid, patient_id FROM audit_studies WHERE seq = ? ORDER BY"
                    + " study_uid")) {
      s.setString(1, value);
      s.setInt(2, limit);
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

  /** What a record's hash covers, besides the previous hash. */
  record Entry(
      long seq,
      Instant time,
      String event,
      int outcome,
      String userId,
      String address,
      Map<String, String> studies,
      String message) {
    Entry at(long n) {
      return new Entry(n, time, event, outcome, userId, address, studies, message);
    }
  }

  /** SHA-256 over the previous hash and the record's content, as lower-case hex. */
  static String chain(String previous, Entry e) {
    StringBuilder content = new StringBuilder(e.message().length() + 256);
    content
        .append(previous)
        .append('\n')
        .append(e.seq())
        .append('\n')
        .append(e.time().toEpochMilli())
        .append('\n')
        .append(e.event())
        .append('\n')
        .append(e.outcome())
        .append('\n')
        .append(e.userId())
        .append('\n')
        .append(e.address() == null ? "" : e.address())
        .append('\n');
    e.studies().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            s ->
                content
                    .append(s.getKey())
                    .append('\t')
                    .append(s.getValue() == null ? "" : s.getValue())
                    .append('\n'));
    content.append('\n').append(e.message());
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("SHA-256 is missing", ex);
    }
  }

  private static byte[] checkpointBytes(long seq, String hash, Instant at) {
    return ("ward audit checkpoint\n" + seq + "\n" + hash + "\n" + at.toEpochMilli())
        .getBytes(StandardCharsets.UTF_8);
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
