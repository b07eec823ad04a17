package ward.archive.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Units of database work that commit together or not at all. A unit run while another unit runs on
 * the same thread joins it: its rows commit with the enclosing unit's, so an instance's index
 * entry, its data key and its audit record are one transaction.
 *
 * <p>{@link #direct} runs each outermost unit in a transaction of its own on the calling thread.
 * {@link #grouped} hands units to one writer thread that runs whatever units are waiting, up to a
 * batch, in one transaction, each behind a savepoint: one commit then serves many callers (several
 * associations storing at once), and a unit that fails is rolled back alone. A caller returns only
 * once its unit is committed (or has failed), so what it acknowledges is in the database.
 *
 * <p>A unit that loses a race to another transaction (a unique key another transaction took, a
 * deadlock, a lock timeout) is rolled back and run again, up to {@value #ATTEMPTS} times. Units
 * must therefore keep their effects in the database, or undo them in {@link #onRollback}.
 */
public final class Transactions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("ward.archive.db");

  /** How often a unit that lost a race to another transaction is run. */
  static final int ATTEMPTS = 25;

  /** One unit's work on the transaction's connection. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run(Connection c) throws SQLException, E;
  }

  /**
   * SQL states of failures another transaction caused, which a new attempt does not meet: unique
   * and foreign key violations (a row created or removed meanwhile), serialization failures and
   * deadlocks, lock timeouts, and H2's concurrent update.
   */
  private static final Set<String> LOST_RACE =
      Set.of("23505", "23503", "23506", "40001", "40P01", "55P03", "HYT00", "90131");

  private final DataSource db;
  private final int maxBatch;
  private final Durability durability;
  private final ThreadLocal<Unit> current = new ThreadLocal<>();

  // grouped mode only
  private final Thread writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition waiting = lock.newCondition();
  private final Deque<Pending<?, ?>> queue = new ArrayDeque<>();
  private boolean closed;

  /** What makes a commit durable when the database does not sync its files itself. */
  @FunctionalInterface
  public interface Durability {
    /** Forces what the last commit wrote to stable storage. */
    void force() throws java.io.IOException;

    Durability DATABASE = () -> {};
  }

  private Transactions(DataSource db, int maxBatch, Durability durability) {
    this.db = Objects.requireNonNull(db);
    this.maxBatch = maxBatch;
    this.durability = Objects.requireNonNull(durability);
    if (maxBatch > 1) {
      writer = new Thread(this::write, "ward-db-writer");
      writer.setDaemon(true);
      writer.start();
    } else {
      writer = null;
    }
  }

  /** Each outermost unit in a transaction of its own, on the calling thread. */
  public static Transactions direct(DataSource db) {
    return new Transactions(db, 1, Durability.DATABASE);
  }

  /** Units of many callers committed together by one writer thread, up to {@code maxBatch}. */
  public static Transactions grouped(DataSource db, int maxBatch) {
    return grouped(db, maxBatch, Durability.DATABASE);
  }

  /**
   * Grouped units whose every commit is followed by {@code durability} before any caller learns it
   * is committed: one sync of the database's files serves the whole group.
   */
  public static Transactions grouped(DataSource db, int maxBatch, Durability durability) {
    if (maxBatch < 2) {
      throw new IllegalArgumentException("a group holds at least two units");
    }
    return new Transactions(db, maxBatch, durability);
  }

  /** Whether one writer thread runs every outermost unit ({@link #grouped}). */
  public boolean grouped() {
    return writer != null;
  }

  /** The database the units run on (for reads, which need no unit). */
  public DataSource dataSource() {
    return db;
  }

  /**
   * Runs {@code work} in a transaction, joining the unit that runs on this thread if there is one;
   * returns once it is committed.
   *
   * @throws SQLException when the database failed (or the unit kept losing races)
   * @throws E what the work threw; its rows are rolled back
   */
  public <T, E extends Exception> T run(Work<T, E> work) throws SQLException, E {
    Unit unit = current.get();
    if (unit != null) {
      return work.run(unit.connection);
    }
    if (writer == null) {
      return runAlone(work);
    }
    Pending<T, E> pending = new Pending<>(work);
    lock.lock();
    try {
      if (closed) {
        throw new SQLException("the database is closing");
      }
      queue.addLast(pending);
      waiting.signalAll();
      boolean interrupted = false;
      while (!pending.done) {
        try {
          pending.finished.await();
        } catch (InterruptedException e) {
          // The unit may already be in a transaction: its outcome is waited for all the same.
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      lock.unlock();
    }
    return pending.result();
  }

  /**
   * Registers what undoes an effect outside the database (a cached value) if the running unit is
   * rolled back. Only inside {@link #run}.
   */
  public void onRollback(Runnable undo) {
    unit().rollbacks.add(undo);
  }

  /** Registers what to do once the running unit is committed. Only inside {@link #run}. */
  public void afterCommit(Runnable then) {
    unit().commits.add(then);
  }

  private Unit unit() {
    Unit unit = current.get();
    if (unit == null) {
      throw new IllegalStateException("not inside a unit of work");
    }
    return unit;
  }

  private <T, E extends Exception> T runAlone(Work<T, E> work) throws SQLException, E {
    for (int attempt = 1; ; attempt++) {
      Unit unit = null;
      T result;
      Connection c = db.getConnection();
      try {
        c.setAutoCommit(false);
        unit = new Unit(c);
        current.set(unit);
        result = work.run(c);
        c.commit();
      } catch (Exception | Error e) {
        rollbackQuietly(c, null, e);
        if (unit != null) {
          unit.rolledBack();
        }
        closeQuietly(c, e);
        if (isLostRace(e) && attempt < ATTEMPTS) {
          pause(attempt);
          continue;
        }
        throw e;
      } finally {
        current.remove();
      }
      closeQuietly(c, null);
      unit.committed();
      return result;
    }
  }

  private static void closeQuietly(Connection c, Throwable cause) {
    try {
      c.close();
    } catch (SQLException e) {
      // The transaction has ended either way; only a failure before it is reported.
      if (cause != null) {
        cause.addSuppressed(e);
      }
    }
  }

  /** The writer thread: takes what waits, up to a batch, and commits it together. */
  private void write() {
    List<Pending<?, ?>> batch = new ArrayList<>(maxBatch);
    while (true) {
      lock.lock();
      try {
        while (queue.isEmpty() && !closed) {
          waiting.awaitUninterruptibly();
        }
        if (queue.isEmpty()) {
          return;
        }
        while (!queue.isEmpty() && batch.size() < maxBatch) {
          batch.add(queue.pollFirst());
        }
      } finally {
        lock.unlock();
      }
      List<Pending<?, ?>> again;
      try {
        again = commit(batch);
      } catch (RuntimeException | Error e) {
        LOG.error("the database writer failed", e);
        for (Pending<?, ?> p : batch) {
          if (p.failure == null) {
            p.failure = e;
          }
        }
        again = List.of();
      }
      lock.lock();
      try {
        for (Pending<?, ?> p : batch) {
          if (!again.contains(p)) {
            p.done = true;
            p.finished.signalAll();
          }
        }
        // Units that lost a race go first in the next batch.
        for (int i = again.size() - 1; i >= 0; i--) {
          queue.addFirst(again.get(i));
        }
      } finally {
        lock.unlock();
      }
      batch.clear();
    }
  }

  /** Runs a batch in one transaction; returns the units to run again. */
  private List<Pending<?, ?>> commit(List<Pending<?, ?>> batch) {
    List<Pending<?, ?>> again = new ArrayList<>();
    List<Pending<?, ?>> ran = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      for (Pending<?, ?> p : batch) {
        Unit unit = new Unit(c);
        p.unit = unit;
        current.set(unit);
        Savepoint savepoint = c.setSavepoint();
        try {
          p.runWork(c);
          ran.add(p);
        } catch (Exception | Error e) {
          rollbackQuietly(c, savepoint, e);
          unit.rolledBack();
          if (isLostRace(e) && ++p.attempts < ATTEMPTS) {
            again.add(p);
          } else {
            p.failure = e;
          }
        } finally {
          current.remove();
        }
      }
      try {
        c.commit();
        if (!ran.isEmpty()) {
          force();
        }
      } catch (SQLException e) {
        rollbackQuietly(c, null, e);
        for (Pending<?, ?> p : ran) {
          p.unit.rolledBack();
          p.failure = e;
        }
        return again;
      }
    } catch (SQLException e) {
      // no connection (the database closed itself, say), or a savepoint refused
      for (Pending<?, ?> p : batch) {
        if (!again.contains(p) && p.failure == null) {
          if (p.unit != null) {
            p.unit.rolledBack();
          }
          p.failure = e;
        }
      }
      return again;
    }
    for (Pending<?, ?> p : ran) {
      p.unit.committed();
    }
    return again;
  }

  private void force() throws SQLException {
    try {
      durability.force();
    } catch (java.io.IOException e) {
      // Committed, but perhaps not on the disk: the callers hear of a failure, and an instance sent
      // again meets the duplicate policy.
      throw new SQLException("the commit could not be made durable: " + e.getMessage(), e);
    }
  }

  private static void rollbackQuietly(Connection c, Savepoint to, Throwable cause) {
    try {
      if (to == null) {
        c.rollback();
      } else {
        c.rollback(to);
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Whether {@code e} was caused by a lost race, however the work wrapped it. */
  static boolean isLostRace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && s.getSQLState() != null
          && LOST_RACE.contains(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** A short random pause that grows with the attempts, so that racing writers spread out. */
  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 10) * 2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Finishes the units that wait, then stops the writer. */
  @Override
  public void close() {
    if (writer == null) {
      return;
    }
    lock.lock();
    try {
      closed = true;
      waiting.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A running unit: its connection and what to do when it ends. */
  private static final class Unit {
    final Connection connection;
    final List<Runnable> rollbacks = new ArrayList<>();
    final List<Runnable> commits = new ArrayList<>();

    Unit(Connection connection) {
      this.connection = connection;
    }

    void rolledBack() {
      rollbacks.forEach(Unit::quietly);
      rollbacks.clear();
      commits.clear();
    }

    void committed() {
      commits.forEach(Unit::quietly);
      commits.clear();
      rollbacks.clear();
    }

    private static void quietly(Runnable r) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("after a transaction ended: {}", e.toString());
      }
    }
  }

  /** A unit handed to the writer, with its outcome. */
  private final class Pending<T, E extends Exception> {
    final Work<T, E> work;
    final Condition finished = lock.newCondition();
    Unit unit;
    int attempts;
    boolean done;
    T value;
    Throwable failure;

    Pending(Work<T, E> work) {
      this.work = work;
    }

    void runWork(Connection c) throws Exception {
      value = work.run(c);
    }

    @SuppressWarnings("unchecked")
    T result() throws SQLException, E {
      Throwable f = failure;
      if (f == null) {
        return value;
      }
      if (f instanceof SQLException s) {
        throw s;
      }
      if (f instanceof RuntimeException r) {
        throw r;
      }
      if (f instanceof Error err) {
        throw err;
      }
      throw (E) f;
    }
  }
}
