package ward.archive.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreHousekeepingTest {
  @TempDir Path dir;

  /** Many small commits of rows with random keys, as the index takes instances. */
  private static void smallCommits(Database db, int commits, Random random) throws Exception {
    for (int i = 0; i < commits; i++) {
      String key = Long.toHexString(random.nextLong());
      db.writes()
          .run(
              c -> {
                try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO scratch (k, v) VALUES (?, ?)")) {
                  s.setString(1, key);
                  s.setString(2, "value of " + key);
                  return s.executeUpdate();
                }
              });
    }
  }

  @Test
  void chunksLeftMostlyDeadAreRewrittenSoTheirSpaceIsReused() throws Exception {
    try (Database db = Database.embedded(dir)) {
      // Timed by the test, not by the clock.
      db.housekeeping().close();
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("SET RETENTION_TIME 0");
        s.execute("CREATE TABLE scratch (k VARCHAR(16) PRIMARY KEY, v VARCHAR(40))");
        s.execute("CREATE INDEX scratch_v ON scratch (v)");
      }
      Random random = new Random(4);
      smallCommits(db, 3000, random);
      // Each commit wrote a chunk; a few live pages keep almost every one of them in the file.
      assertThat(db.fillRate()).isGreaterThanOrEqualTo(90);

      int rewrites = 0;
      int periods = 0;
      for (; periods < 20 && db.fillRate() >= 50; periods++) {
        if (db.housekeeping().run()) {
          rewrites++;
        }
        smallCommits(db, 5, random); // the next commits write what was marked and drop the rest
      }
      assertThat(rewrites).isPositive();
      assertThat(db.fillRate()).isLessThan(50);
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement();
          var rs = s.executeQuery("SELECT COUNT(*) FROM scratch")) {
        rs.next();
        // pages were moved, not lost
        assertThat(rs.getInt(1)).isEqualTo(3000 + 5 * periods);
      }
    }
  }
}
