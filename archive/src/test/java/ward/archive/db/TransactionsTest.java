package ward.archive.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Units of work on a real embedded database: grouped units from many threads share commits, a
 * failing unit is rolled back alone, nested units join, and a unit that loses a race runs again.
 */
class TransactionsTest {
  @TempDir static Path dir;
  static Database db;

  @BeforeAll
  static void open() throws IOException {
    db = Database.embedded(dir);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @BeforeEach
  void table() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS t");
      s.execute("CREATE TABLE t (k VARCHAR(40) PRIMARY KEY, v INT)");
    }
  }

  static int insert(Connection c, String k) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, 1)")) {
      s.setString(1, k);
      return s.executeUpdate();
    }
  }

  static List<String> keys() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT k FROM t ORDER BY k")) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  @Test
  void groupedUnitsFromManyThreadsAreAllCommittedAndAFailingOneAlone() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String k = "k" + (1000 + i);
        boolean fails = i % 10 == 3;
        done.add(
            pool.submit(
                () ->
                    db.writes()
                        .run(
                            c -> {
                              insert(c, k);
                              if (fails) {
                                throw new IllegalStateException("refused " + k);
                              }
                              return 1;
                            })));
      }
      int ok = 0;
      int refused = 0;
      for (Future<Integer> f : done) {
        try {
          ok += f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
          refused++;
        }
      }
      assertThat(ok).isEqualTo(180);
      assertThat(refused).isEqualTo(20);
    } finally {
      pool.shutdown();
    }
    List<String> keys = keys();
    assertThat(keys).hasSize(180);
    // the rows of the refused units were rolled back, every other one is there
    assertThat(keys).doesNotContain("k1003", "k1013", "k1193").contains("k1000", "k1199");
  }

  @Test
  void aUnitRunInsideAnotherJoinsItsTransaction() throws Exception {
    Transactions tx = db.writes();
    assertThatThrownBy(
            () ->
                tx.run(
                    c -> {
                      tx.run(inner -> insert(inner, "joined"));
                      insert(c, "outer");
                      throw new IOException("the outer unit fails after the inner one");
                    }))
        .isInstanceOf(IOException.class);
    assertThat(keys()).isEmpty();

    tx.run(c -> tx.run(inner -> insert(inner, "joined")) + insert(c, "outer"));
    assertThat(keys()).containsExactly("joined", "outer");
  }

  @Test
  void hooksRunWhenTheUnitEnds() throws Exception {
    for (Transactions tx : List.of(db.writes(), Transactions.direct(db.dataSource()))) {
      table();
      AtomicInteger committed = new AtomicInteger();
      AtomicInteger undone = new AtomicInteger();
      tx.run(
          c -> {
            tx.onRollback(undone::incrementAndGet);
            tx.afterCommit(committed::incrementAndGet);
            return insert(c, "a");
          });
      assertThat(committed).hasValue(1);
      assertThat(undone).hasValue(0);
      // a duplicate key is a race lost to nobody: it is run again, then reported
      assertThatThrownBy(
              () ->
                  tx.run(
                      c -> {
                        tx.onRollback(undone::incrementAndGet);
                        tx.afterCommit(committed::incrementAndGet);
                        return insert(c, "a");
                      }))
          .isInstanceOf(SQLException.class);
      assertThat(committed).hasValue(1);
      assertThat(undone).hasValue(Transactions.ATTEMPTS);
    }
  }

  @Test
  void aUnitThatLostARaceRunsAgainAndSucceeds() throws Exception {
    // Another transaction holds the row the unit wants; once it commits, the unit's insert
    // fails on the unique key, and its next attempt (which looks first) finds the row.
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread other =
        new Thread(
            () -> {
              try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                insert(c, "contended");
                held.countDown();
                release.await();
                c.commit();
              } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    other.start();
    held.await();
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch looked = new CountDownLatch(1);
    new Thread(
            () -> {
              try {
                // the other transaction commits once the unit has looked and not found the row
                looked.await();
                Thread.sleep(100);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              release.countDown();
            })
        .start();
    String outcome =
        db.writes()
            .run(
                c -> {
                  attempts.incrementAndGet();
                  try (PreparedStatement s =
                      c.prepareStatement("SELECT v FROM t WHERE k = 'contended'")) {
                    try (ResultSet r = s.executeQuery()) {
                      if (r.next()) {
                        return "found";
                      }
                    }
                  }
                  looked.countDown();
                  insert(c, "contended");
                  return "inserted";
                });
    other.join();
    assertThat(keys()).containsExactly("contended");
    assertThat(outcome).isEqualTo("found");
    assertThat(attempts.get()).isGreaterThan(1);
  }

  @Test
  void aCallerReturnsOnlyAfterItsCommitWasMadeDurable() throws Exception {
    AtomicInteger syncs = new AtomicInteger();
    try (Transactions tx = Transactions.grouped(db.dataSource(), 16, syncs::incrementAndGet)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Integer>> seen = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          String k = "d" + i;
          seen.add(
              pool.submit(
                  () -> {
                    tx.run(c -> insert(c, k));
                    return syncs.get();
                  }));
        }
        for (Future<Integer> f : seen) {
          assertThat(f.get()).isPositive();
        }
      } finally {
        pool.shutdown();
      }
      // one sync a group, never more than one a unit
      assertThat(syncs.get()).isBetween(1, 40);
      int before = syncs.get();
      assertThatThrownBy(() -> tx.run(c -> insert(c, "d0"))).isInstanceOf(SQLException.class);
      assertThat(syncs.get()).as("a group with nothing committed is not synced").isEqualTo(before);
    }
    try (Transactions failing =
        Transactions.grouped(
            db.dataSource(),
            4,
            () -> {
              throw new IOException("the disk refused to sync");
            })) {
      assertThatThrownBy(() -> failing.run(c -> insert(c, "unsynced")))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("could not be made durable");
    }
  }

  @Test
  void closingFinishesWhatWaitsAndRefusesWhatComesAfter() throws Exception {
    Database own = Database.embedded(dir.resolve("closing"));
    try (Connection c = own.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (k VARCHAR(40) PRIMARY KEY, v INT)");
    }
    Transactions tx = own.writes();
    assertThat(tx.grouped()).isTrue();
    tx.run(c -> insert(c, "before"));
    tx.close();
    assertThatThrownBy(() -> tx.run(c -> insert(c, "after")))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("closing");
    own.close();
  }
}
