package ward.archive.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded index's file from growing without end. H2 writes each commit as a new chunk
 * and rewrites the chunks that are mostly dead only from its background writer thread, which runs
 * only when commits may be delayed (WRITE_DELAY above 0). Ward's commits are written before they
 * return (WRITE_DELAY=0), so without this the file grew by every chunk ever written: about 64 KiB
 * an instance, 6.4 GB for 100,000 small instances.
 *
 * <p>Once a period, while the chunks' live data is below {@value #TARGET_FILL_RATE}% of their size,
 * the live pages of the emptiest chunks (up to {@value #REWRITE_BYTES} bytes) are marked to be
 * written again with the next commit; the chunks they leave become dead and H2 reuses their space
 * once its retention time has passed. What is rewritten is only ever moved: the next commit writes
 * it, and the writer syncs that commit as it syncs any other.
 */
final class StoreHousekeeping implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("ward.archive.db");

  /** The share of the chunks' bytes that is live, below which chunks are rewritten. */
  static final int TARGET_FILL_RATE = 80;

  /** The most bytes of live pages marked for rewriting a period. */
  static final int REWRITE_BYTES = 4 << 20;

  private final DataSource db;
  private final ScheduledExecutorService timer;

  private StoreHousekeeping(DataSource db, long periodMillis) {
    this.db = db;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ward-index-housekeeping");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        this::runQuietly, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Starts keeping the embedded H2 database behind {@code db}, once every {@code periodMillis}. */
  static StoreHousekeeping start(DataSource db, long periodMillis) {
    return new StoreHousekeeping(db, periodMillis);
  }

  /** One period's work; true when pages were marked for rewriting. */
  boolean run() throws SQLException {
    // The store is looked up each time: after a full disk the pool opens the database anew.
    try (Connection c = db.getConnection()) {
      MVStore store = storeOf(c);
      if (store == null || store.isClosed() || store.isReadOnly()) {
        return false;
      }
      return store.compact(TARGET_FILL_RATE, REWRITE_BYTES);
    }
  }

  /** The share of the file's bytes that is live, in percent (100 for a store without a file). */
  static int fillRate(DataSource db) throws SQLException {
    try (Connection c = db.getConnection()) {
      MVStore store = storeOf(c);
      return store == null || store.getFileStore() == null ? 100 : store.getFillRate();
    }
  }

  private static MVStore storeOf(Connection c) throws SQLException {
    JdbcConnection h2 = c.unwrap(JdbcConnection.class);
    if (!(h2.getSession() instanceof SessionLocal session)) {
      return null;
    }
    var store = session.getDatabase().getStore();
    return store == null ? null : store.getMvStore();
  }

  private void runQuietly() {
    try {
      run();
    } catch (SQLException | RuntimeException e) {
      LOG.debug("index housekeeping skipped: {}", e.toString());
    }
  }

  /** Stops; a period under way finishes first. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
