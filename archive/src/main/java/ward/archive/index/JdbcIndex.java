package ward.archive.index;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import ward.archive.db.Transactions;
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
  private final DataSource dataSource;
  private final Transactions writes;
  private final Transactions own;

  public JdbcIndex(DataSource dataSource) {
    this(Transactions.direct(dataSource));
  }

  /**
   * An index that records instances through {@code writes}: a record made inside a unit of work
   * commits with it. Queries and removals run in transactions of their own.
   */
  public JdbcIndex(Transactions writes) {
    this.dataSource = writes.dataSource();
    this.writes = writes;
    this.own = Transactions.direct(dataSource);
  }

  @Override
  public StoreOutcome record(IndexedInstance instance, DuplicatePolicy policy)
      throws IndexException {
    Recording.Prepared prepared = Recording.prepare(instance);
    try {
      return writes.run(c -> Recording.record(c, prepared, policy));
    } catch (SQLException e) {
      throw new IndexException("index transaction failed: " + e.getMessage(), e);
    }
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

  /** Runs work in a transaction of its own, again when it lost a race to another transaction. */
  private <T> T transaction(Transactions.Work<T, IndexException> work) throws IndexException {
    try {
      return own.run(work);
    } catch (SQLException e) {
      throw new IndexException("index transaction failed: " + e.getMessage(), e);
    }
  }
}
