package ward.archive.index;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import ward.dicom.DataSet;

/**
 * The index over a relational database (the tables of migrations V1 and V5): H2 embedded,
 * PostgreSQL alike. Every method is one transaction at the database's default isolation (read
 * committed).
 *
 * <p>Many associations may store into the same new patient, study or series at once. Each {@code
 * record} looks its patient, study and series up and creates those missing; when another
 * transaction created the same one first, the unique constraint refuses the second row and the
 * whole transaction is run again, now finding it. Counts are maintained in narrow rows of their own
 * (migration V5), changed in one order (series, study, patient) by every transaction, so that
 * writers queue rather than deadlock; a deadlock or lock timeout the database reports anyway is
 * retried the same way. Raising a count also locks its level against a concurrent deletion, which
 * lowers the same rows first. The rows that hold a level's attributes are written only when the
 * level is created, so storing into a known series writes the instance row and three counts.
 *
 * <p>The first instance of a patient, study or series sets its attributes: later instances that
 * bring other values for them (a corrected name, a birth date the first lacked) change nothing. A
 * patient is its Patient ID with its Issuer of Patient ID (absent ones count as empty); a study
 * found by its UID keeps the patient it was first recorded with, and a series its study.
 *
 * <p>Methods throw {@link IllegalArgumentException} for a query, a selector or an instance the
 * index cannot take (a Study Root query at PATIENT level, a date key that is not a date, an
 * instance without its UIDs), and {@link IndexException} when the database fails.
 */
public final class JdbcIndex implements Index {
  private static final int ATTEMPTS = 25;

  private final DataSource dataSource;

  public JdbcIndex(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public StoreOutcome record(IndexedInstance instance, DuplicatePolicy policy)
      throws IndexException {
    Recording.Prepared prepared = Recording.prepare(instance);
    return transaction(c -> Recording.record(c, prepared, policy));
  }

  @Override
  public List<DataSet> find(IndexQuery query) throws IndexException {
    Criteria.checkLevel(query.model(), query.level());
    if (query.offset() < 0 || query.limit() < 0) {
      throw new IllegalArgumentException("negative offset or limit");
    }
    return transaction(c -> Finder.find(c, query));
  }

  @Override
  public List<StoredInstance> instances(InstanceSelector selector) throws IndexException {
    return transaction(
        c -> Selection.select(c, selector).stream().map(Selection.Located::stored).toList());
  }

  @Override
  public Optional<StoredInstance> instance(String sopInstanceUid) throws IndexException {
    return transaction(
        c ->
            Optional.ofNullable(Selection.locate(c, sopInstanceUid))
                .map(Selection.Located::stored));
  }

  @Override
  public List<StoredInstance> remove(InstanceSelector selector) throws IndexException {
    return transaction(
        c -> {
          List<Selection.Located> found = Selection.select(c, selector);
          Selection.delete(c, found);
          return found.stream().map(Selection.Located::stored).toList();
        });
  }

  @Override
  public List<StoredInstance> instancesAfter(String after, int limit) throws IndexException {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("a page holds 1 to 10,000 instances");
    }
    return transaction(
        c -> Selection.page(c, after, limit).stream().map(Selection.Located::stored).toList());
  }

  @Override
  public long countInstances() throws IndexException {
    return transaction(
        c -> {
          try (var ps = c.prepareStatement("SELECT COUNT(*) FROM instance");
              var rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /** One transaction's work. */
  interface Work<T> {
    T run(Connection c) throws SQLException, IndexException;
  }

  /** Runs work in a transaction, again when it lost a race to another transaction. */
  private <T> T transaction(Work<T> work) throws IndexException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | IndexException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      } catch (SQLException e) {
        if (attempt >= ATTEMPTS || !isLostRace(e)) {
          throw new IndexException("index transaction failed: " + e.getMessage(), e);
        }
        pause(attempt);
      }
    }
  }

  /**
   * SQL states of failures another transaction caused, which a new attempt does not meet: unique
   * and foreign key violations (a row created or removed meanwhile), serialization failures and
   * deadlocks, lock timeouts, and H2's concurrent update.
   */
  private static final Set<String> LOST_RACE =
      Set.of("23505", "23503", "23506", "40001", "40P01", "55P03", "HYT00", "90131");

  static boolean isLostRace(SQLException e) {
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
}
