package ward.archive.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.TestMigrations;

/**
 * A trail written before migration V12 had its look-ups as indexes on audit_studies: after the
 * migration searches find its records before and after they are taken into the look-up tables.
 */
class AuditLookupsMigrationTest {
  @TempDir Path dir;

  @Test
  void recordsWrittenBeforeV12AreFoundAfterIt() throws Exception {
    DataSource ds = TestMigrations.h2At(dir, "11");
    AuditTrail before = trail(ds);
    before.record(deleted("1.2.3.1", "PID1", "1.2.3.2", "PID1"));
    before.record(deleted("1.2.3.3", "PID2", "1.2.3.1", "PID1"));
    TestMigrations.migrate(ds, "latest");

    AuditTrail after = trail(ds);
    assertThat(after.forPatient("PID2", 10)).extracting(AuditRecord::seq).containsExactly(2L);
    assertThat(after.indexStudies()).isEqualTo(2);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        var r = s.executeQuery("SELECT upto FROM audit_lookup_done")) {
      r.next();
      assertThat(r.getLong(1)).isEqualTo(2);
    }
    after.record(deleted("1.2.3.1", "PID1", "1.2.3.4", "PID3"));
    assertThat(after.forStudy("1.2.3.1", 10))
        .extracting(AuditRecord::seq)
        .containsExactly(1L, 2L, 3L);
    assertThat(after.forPatient("PID1", 10))
        .extracting(AuditRecord::seq)
        .containsExactly(1L, 2L, 3L);
    assertThat(after.forPatient("PID2", 10)).extracting(AuditRecord::seq).containsExactly(2L);
    assertThat(after.indexStudies()).isEqualTo(1);
    assertThat(after.forPatient("PID3", 10)).extracting(AuditRecord::seq).containsExactly(3L);
    assertThat(after.verify().problems()).isEmpty();
  }

  @Test
  void aMigrationCutShortRunsAgainFromTheStart() throws Exception {
    DataSource ds = TestMigrations.h2At(dir, "11");
    AuditTrail before = trail(ds);
    before.record(deleted("1.2.3.1", "PID1", "1.2.3.2", "PID1"));
    // the first statements of V12 ran, then the process stopped before Flyway recorded it
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP INDEX audit_studies_by_study");
      s.execute(
          "CREATE TABLE audit_by_study (study_uid VARCHAR(64) NOT NULL, seq BIGINT NOT NULL,"
              + " PRIMARY KEY (study_uid, seq))");
      s.execute("INSERT INTO audit_by_study VALUES ('1.2.3.1', 1)");
    }
    TestMigrations.migrate(ds, "latest");
    AuditTrail after = trail(ds);
    assertThat(after.indexStudies()).isEqualTo(1);
    assertThat(after.forStudy("1.2.3.1", 10)).extracting(AuditRecord::seq).containsExactly(1L);
  }

  private static AuditEvent deleted(String study1, String pid1, String study2, String pid2) {
    return new AuditEvent.StudyDeleted(
        Outcome.SUCCESS,
        Participant.requestor("admin", null, "127.0.0.9"),
        List.of(AuditedStudy.of(study1, pid1), AuditedStudy.of(study2, pid2)));
  }

  private static AuditTrail trail(DataSource ds) {
    return new AuditTrail(ds, AuditTrailTest.SOURCE, null, Clock.systemUTC(), 100, false);
  }
}
