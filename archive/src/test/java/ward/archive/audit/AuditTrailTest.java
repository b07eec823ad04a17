package ward.archive.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;

class AuditTrailTest {
  static final AuditSource SOURCE = new AuditSource("WARD", null, "127.0.0.1");
  static final String CT = "1.2.840.10008.5.1.4.1.1.2";

  @TempDir Path dir;
  Database db;
  SigningKey key;
  AuditTrail trail;

  @BeforeEach
  void open() throws Exception {
    db = Database.embedded(dir.resolve("index"));
    key = SigningKey.loadOrCreate(dir.resolve("audit"));
    trail = new AuditTrail(db.dataSource(), SOURCE, key, Clock.systemUTC(), 4, false);
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** Records n events: odd ones a retrieve of study 1.2.3.n by alice, even ones a query by bob. */
  void recordEvents(int n) {
    for (int i = 1; i <= n; i++) {
      if (i % 2 == 1) {
        trail.record(
            new AuditEvent.InstancesTransferred(
                AuditEvent.ActionCode.READ,
                Outcome.SUCCESS,
                SOURCE.participant(),
                Participant.requestor("alice", "WS1", "127.0.0.2"),
                Participant.requestor("alice", "WS1", "127.0.0.2"),
                List.of(new AuditedStudy("1.2.3." + i, "PID" + i, Map.of(CT, 3)))));
      } else {
        trail.record(
            new AuditEvent.Query(
                Outcome.SUCCESS,
                Participant.requestor("bob", null, "127.0.0.3"),
                SOURCE.participant(),
                "1.2.840.10008.5.1.4.1.2.2.1",
                "{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"PID1\"]}}",
                List.of()));
      }
    }
  }

  /** Changes rows as someone with write access to the database files would, constraints off. */
  void sql(String statement) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET REFERENTIAL_INTEGRITY FALSE");
      try {
        s.executeUpdate(statement);
      } finally {
        s.execute("SET REFERENTIAL_INTEGRITY TRUE");
      }
    }
  }

  @Test
  void anUntouchedChainVerifies() {
    recordEvents(10);
    Verification v = trail.verify();
    assertThat(v.problems()).isEmpty();
    assertThat(v.records()).isEqualTo(10);
    assertThat(v.checkpoints()).isEqualTo(2); // after records 4 and 8
    assertThat(v.firstBad()).isZero();
  }

  @Test
  void anEditedRecordIsNamed() throws Exception {
    recordEvents(10);
    sql("UPDATE audit_records SET user_id = 'mallory' WHERE seq = 6");
    Verification v = trail.verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.firstBad()).isEqualTo(6);
    assertThat(v.problems().get(0)).contains("record 6");
  }

  @Test
  void anEditedMessageIsNamed() throws Exception {
    recordEvents(10);
    sql("UPDATE audit_records SET message = REPLACE(message, 'alice', 'carol') WHERE seq = 7");
    assertThat(trail.verify().firstBad()).isEqualTo(7);
  }

  @Test
  void anEditedStudyRowIsNamed() throws Exception {
    recordEvents(10);
    sql("UPDATE audit_studies SET patient_id = 'OTHER' WHERE seq = 3");
    assertThat(trail.verify().firstBad()).isEqualTo(3);
  }

  @Test
  void aRemovedRecordIsNamed() throws Exception {
    recordEvents(10);
    sql("DELETE FROM audit_records WHERE seq = 4"); // a query: no study rows
    Verification v = trail.verify();
    assertThat(v.firstBad()).isEqualTo(4);
    assertThat(v.problems().get(0)).contains("record 4 is missing");
  }

  @Test
  void aRemovedRecordWhoseFollowersAreRenumberedIsNamed() throws Exception {
    recordEvents(6);
    sql("DELETE FROM audit_records WHERE seq = 2");
    sql("UPDATE audit_studies SET seq = seq - 1 WHERE seq > 2");
    sql("UPDATE audit_records SET seq = seq - 1 WHERE seq > 2");
    assertThat(trail.verify().firstBad()).isEqualTo(2);
  }

  @Test
  void reorderedRecordsAreNamed() throws Exception {
    recordEvents(10);
    // swap records 5 and 6 whole, hashes included
    sql("UPDATE audit_studies SET seq = 1000 WHERE seq = 5");
    sql("UPDATE audit_records SET seq = 1000 WHERE seq = 5");
    sql("UPDATE audit_records SET seq = 5 WHERE seq = 6");
    sql("UPDATE audit_records SET seq = 6 WHERE seq = 1000");
    sql("UPDATE audit_studies SET seq = 6 WHERE seq = 1000");
    Verification v = trail.verify();
    assertThat(v.firstBad()).isEqualTo(5);
  }

  @Test
  void truncatedTailIsFoundByTheSignedCheckpoint() throws Exception {
    recordEvents(9);
    trail.checkpoint(); // signs record 9
    sql("DELETE FROM audit_studies WHERE seq >= 7");
    sql("DELETE FROM audit_records WHERE seq >= 7");
    Verification v = trail.verify();
    assertThat(v.firstBad()).isEqualTo(7);
    assertThat(v.problems().get(0)).contains("records from 7 on were removed");
  }

  @Test
  void aRewrittenChainIsFoundByTheSignedCheckpoint() throws Exception {
    recordEvents(5); // checkpoint at 4
    // rewrite record 3 and recompute every hash from there: only the signature can tell
    sql("UPDATE audit_records SET user_id = 'mallory' WHERE seq = 3");
    rehash();
    Verification v = trail.verify();
    assertThat(v.firstBad()).isEqualTo(4);
    assertThat(v.problems().get(0)).contains("signed checkpoint");
  }

  @Test
  void aCheckpointWithAWrongSignatureIsReported() throws Exception {
    recordEvents(4);
    sql(
        "UPDATE audit_checkpoints SET signature ="
            + " 'MEUCIQDN2sQ2vZ2n8xJ1b3jv3l5d7F1r3m9lG9mYb8q3pWbQ6gIgYjv4mVJ7x2m1J3n2a0q5sN1p9pYt2m0z1w7gq4s8Z2o=' WHERE seq = 4");
    Verification v = trail.verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.problems())
        .anyMatch(p -> p.contains("checkpoint at record 4 has a wrong signature"));
  }

  @Test
  void aCheckpointSignedByAnotherKeyIsReported() throws Exception {
    recordEvents(4);
    SigningKey other = SigningKey.loadOrCreate(dir.resolve("other"));
    AuditTrail checkedWithOther =
        new AuditTrail(db.dataSource(), SOURCE, other, Clock.systemUTC(), 4, false);
    assertThat(checkedWithOther.verify().problems())
        .anyMatch(p -> p.contains("signed with another key"));
  }

  @Test
  void theSigningKeyIsPrivateToItsOwner() throws Exception {
    Path file = dir.resolve("audit").resolve(SigningKey.PRIVATE_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    // reloading gives the same key
    assertThat(SigningKey.loadOrCreate(dir.resolve("audit")).fingerprint())
        .isEqualTo(key.fingerprint());
  }

  @Test
  void queriesFindEveryAccessToAStudyAndToAPatientsStudies() {
    recordEvents(6);
    trail.record(
        new AuditEvent.StudyDeleted(
            Outcome.SUCCESS,
            Participant.requestor("admin", null, "127.0.0.9"),
            List.of(AuditedStudy.of("1.2.3.3", "PID3"), AuditedStudy.of("1.2.3.99", "PID1"))));
    List<AuditRecord> study = trail.forStudy("1.2.3.3", 100);
    assertThat(study)
        .extracting(AuditRecord::event)
        .containsExactly("DICOM Instances Transferred", "DICOM Study Deleted");
    assertThat(study.get(0).userId()).isEqualTo("alice");
    assertThat(study.get(0).address()).isEqualTo("127.0.0.2");
    assertThat(study.get(1).userId()).isEqualTo("admin");

    List<AuditRecord> patient = trail.forPatient("PID1", 100);
    assertThat(patient).extracting(AuditRecord::seq).containsExactly(1L, 7L);
    assertThat(trail.forPatient("PID2", 100)).isEmpty();
  }

  @Test
  void searchesFindRecordsBothInTheLookUpsAndNotYetTakenIn() throws Exception {
    recordEvents(4);
    assertThat(trail.indexStudies()).isEqualTo(4);
    assertThat(trail.indexStudies()).isZero();
    assertThat(count("SELECT COUNT(*) FROM audit_by_study"))
        .isEqualTo(2); // odd records name a study
    // two studies of one patient: one patient row for the record
    trail.record(
        new AuditEvent.StudyDeleted(
            Outcome.SUCCESS,
            Participant.requestor("admin", null, "127.0.0.9"),
            List.of(AuditedStudy.of("1.2.3.3", "PID1"), AuditedStudy.of("1.2.3.98", "PID1"))));
    recordEvents(2); // records 6 and 7 name studies 1.2.3.1 and 1.2.3.2 again

    // before and after the new records are taken in, the same answers, each record once
    for (int pass = 0; pass < 2; pass++) {
      assertThat(trail.forStudy("1.2.3.1", 100))
          .extracting(AuditRecord::seq)
          .containsExactly(1L, 6L);
      assertThat(trail.forStudy("1.2.3.3", 100))
          .extracting(AuditRecord::seq)
          .containsExactly(3L, 5L);
      assertThat(trail.forPatient("PID1", 100))
          .extracting(AuditRecord::seq)
          .containsExactly(1L, 5L, 6L);
      assertThat(trail.forPatient("PID1", 2)).extracting(AuditRecord::seq).containsExactly(1L, 5L);
      if (pass == 0) {
        assertThat(trail.indexStudies()).isEqualTo(3);
      }
    }
    assertThat(count("SELECT COUNT(*) FROM audit_by_patient WHERE seq = 5")).isEqualTo(1);
    assertThat(count("SELECT upto FROM audit_lookup_done")).isEqualTo(7);
  }

  @Test
  void theLookUpsWaitForAQuietTrailUnlessTooManyRecordsWait() {
    recordEvents(3);
    java.time.Duration hour = java.time.Duration.ofHours(1);
    assertThat(trail.indexStudiesWhenQuiet(hour, 10)).isZero();
    assertThat(trail.indexStudiesWhenQuiet(hour, 2)).isEqualTo(3);
    recordEvents(1);
    assertThat(trail.indexStudiesWhenQuiet(hour, 2)).isZero();
    assertThat(trail.indexStudiesWhenQuiet(java.time.Duration.ZERO, 2)).isEqualTo(1);
    // while more than maxBehind wait, whole batches are taken in
    recordEvents(5);
    assertThat(trail.indexStudiesWhenQuiet(hour, 2)).isEqualTo(5);
    assertThat(trail.indexStudiesWhenQuiet(hour, 2)).isZero();
  }

  private long count(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void aSearchSelectsByUserEventTimeAndOutcomeNewestFirst() {
    java.time.Instant before = java.time.Instant.now().minusSeconds(1);
    recordEvents(6);
    trail.record(
        new AuditEvent.UserAuthentication(
            true,
            Outcome.MINOR_FAILURE,
            Participant.requestor("bob", null, "127.0.0.3"),
            SOURCE.participant(),
            "login refused: WRONG_PASSWORD"));
    java.time.Instant after = java.time.Instant.now().plusSeconds(1);

    assertThat(trail.search(new AuditSearch("bob", null, null, null, false, 100)))
        .extracting(AuditRecord::seq)
        .containsExactly(7L, 6L, 4L, 2L);
    assertThat(trail.search(new AuditSearch(null, "Query", null, null, false, 2)))
        .extracting(AuditRecord::seq)
        .containsExactly(6L, 4L);
    assertThat(trail.search(new AuditSearch(null, null, null, null, true, 100)))
        .singleElement()
        .satisfies(r -> assertThat(r.event()).isEqualTo("User Authentication"));
    assertThat(trail.search(new AuditSearch(null, null, before, after, false, 100))).hasSize(7);
    assertThat(trail.search(new AuditSearch(null, null, after, null, false, 100))).isEmpty();
    assertThat(trail.search(new AuditSearch(null, null, null, before, false, 100))).isEmpty();
  }

  @Test
  void aSecurityAlertAboutAnObjectIsFoundUnderItsStudy() {
    trail.alert(
        AuditEvent.AlertType.USE_OF_RESTRICTED_FUNCTION,
        Participant.requestor("MODALITY1", "MODALITY1", "127.0.0.5"),
        "executable preamble: the object was quarantined",
        "urn:oid:1.2.3.4.5",
        List.of(AuditedStudy.of("1.2.3.4", "PID4")));
    List<AuditRecord> found = trail.forStudy("1.2.3.4", 10);
    assertThat(found)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.event()).isEqualTo("Security Alert");
              assertThat(r.outcome()).isEqualTo(Outcome.SERIOUS_FAILURE);
              assertThat(r.userId()).isEqualTo("MODALITY1");
              assertThat(r.message())
                  .contains("csd-code=\"110113\"")
                  .contains("executable preamble: the object was quarantined")
                  .contains("ParticipantObjectID=\"urn:oid:1.2.3.4.5\"");
            });
  }

  /** Recomputes every hash as a forger with database access would, by the chain's own rule. */
  private void rehash() throws Exception {
    List<HashChain.Entry> entries = new java.util.ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        java.sql.ResultSet r =
            s.executeQuery(
                "SELECT seq, recorded_at, event, outcome, user_id, address, message"
                    + " FROM audit_records ORDER BY seq")) {
      while (r.next()) {
        entries.add(
            new HashChain.Entry(
                r.getLong(1),
                r.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                r.getString(3),
                r.getInt(4),
                r.getString(5),
                r.getString(6),
                studies(c, r.getLong(1)),
                r.getString(7)));
      }
    }
    String previous = HashChain.GENESIS;
    for (HashChain.Entry e : entries) {
      String hash = HashChain.hash(previous, e);
      sql("UPDATE audit_records SET hash = '" + hash + "' WHERE seq = " + e.seq());
      previous = hash;
    }
    AuditTrail unsigned =
        new AuditTrail(db.dataSource(), SOURCE, null, Clock.systemUTC(), 1, false);
    assertThat(unsigned.verify().firstBad())
        .as("the forged chain holds without signatures")
        .isZero();
  }

  private static Map<String, String> studies(Connection c, long seq) throws SQLException {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    try (java.sql.PreparedStatement s =
        c.prepareStatement("SELECT study_uid, patient_id FROM audit_studies WHERE seq = ?")) {
      s.setLong(1, seq);
      try (java.sql.ResultSet r = s.executeQuery()) {
        while (r.next()) {
          m.put(r.getString(1), r.getString(2));
        }
      }
    }
    return m;
  }
}
