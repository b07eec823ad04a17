package ward.archive.lifecycle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The queue of patient-requested deletions, kept in the database (migration V11). A request is
 * filed {@link DeletionRequest.State#PENDING}; one administrator's decision moves it, once, to
 * approved or rejected. Who may file a request for which study is decided by the caller (the study
 * scope of the authorizer); this class keeps the queue honest: one pending request per study and
 * requester, and a decision only on a pending request.
 */
public final class DeletionRequests {
  /** The longest reason kept. */
  public static final int MAX_REASON = 1024;

  private static final String COLUMNS =
      "id, requester, study_instance_uid, reason, requested_at, state, decided_by, decided_at";

  private final DataSource db;
  private final Clock clock;

  public DeletionRequests(DataSource db, Clock clock) {
    this.db = Objects.requireNonNull(db);
    this.clock = Objects.requireNonNull(clock);
  }

  /** The request could not be filed or decided as asked; the message says why. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason);
    }
  }

  /**
   * Files a request.
   *
   * @throws Refused when the same requester has a pending request for the study already
   */
  public DeletionRequest file(String requester, String study, String reason) throws Refused {
    if (reason.length() > MAX_REASON) {
      throw new IllegalArgumentException("a reason has at most " + MAX_REASON + " characters");
    }
    Instant now = clock.instant();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT id FROM deletion_requests WHERE requester = ? AND study_instance_uid = ?"
                    + " AND state = 'PENDING' FOR UPDATE")) {
          s.setString(1, requester);
          s.setString(2, study);
          try (ResultSet r = s.executeQuery()) {
            if (r.next()) {
              throw new Refused(
                  "a request to delete this study is pending already (" + r.getLong(1) + ")");
            }
          }
        }
        long id;
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO deletion_requests (requester, study_instance_uid, reason,"
                    + " requested_at, state) VALUES (?, ?, ?, ?, 'PENDING')",
                Statement.RETURN_GENERATED_KEYS)) {
          s.setString(1, requester);
          s.setString(2, study);
          s.setString(3, reason);
          s.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
          s.executeUpdate();
          try (ResultSet keys = s.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
          }
        }
        c.commit();
        return new DeletionRequest(
            id, requester, study, reason, now, DeletionRequest.State.PENDING, null, null);
      } catch (SQLException | Refused e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("filing a deletion request", e);
    }
  }

  /**
   * Decides a pending request.
   *
   * @param to {@link DeletionRequest.State#APPROVED} or {@link DeletionRequest.State#REJECTED}
   * @return the request as decided, or empty when there is no such request
   * @throws Refused when it was decided already
   */
  public Optional<DeletionRequest> decide(long id, DeletionRequest.State to, String administrator)
      throws Refused {
    if (to == DeletionRequest.State.PENDING) {
      throw new IllegalArgumentException("a decision approves or rejects");
    }
    try (Connection c = db.getConnection()) {
      int n;
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE deletion_requests SET state = ?, decided_by = ?, decided_at = ?"
                  + " WHERE id = ? AND state = 'PENDING'")) {
        s.setString(1, to.name());
        s.setString(2, administrator);
        s.setObject(3, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        s.setLong(4, id);
        n = s.executeUpdate();
      }
      Optional<DeletionRequest> now = find(c, id);
      if (n == 0 && now.isPresent()) {
        throw new Refused(
            "the request was "
                + now.get().state().name().toLowerCase(java.util.Locale.ROOT)
                + " already");
      }
      return now;
    } catch (SQLException e) {
      throw new IllegalStateException("deciding a deletion request", e);
    }
  }

  /** Puts an approved request back in the queue: its deletion could not be carried out. */
  public void reopen(long id) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE deletion_requests SET state = 'PENDING', decided_by = NULL,"
                    + " decided_at = NULL WHERE id = ?")) {
      s.setLong(1, id);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("reopening a deletion request", e);
    }
  }

  public Optional<DeletionRequest> find(long id) {
    try (Connection c = db.getConnection()) {
      return find(c, id);
    } catch (SQLException e) {
      throw new IllegalStateException("reading a deletion request", e);
    }
  }

  /** Every request, newest first, at most {@code limit}. */
  public List<DeletionRequest> all(int limit) {
    return list(null, limit);
  }

  /** The requests one requester filed, newest first, at most {@code limit}. */
  public List<DeletionRequest> of(String requester, int limit) {
    return list(Objects.requireNonNull(requester), limit);
  }

  private List<DeletionRequest> list(String requester, int limit) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM deletion_requests"
            + (requester == null ? "" : " WHERE requester = ?")
            + " ORDER BY id DESC";
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setMaxRows(limit);
      if (requester != null) {
        s.setString(1, requester);
      }
      List<DeletionRequest> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next() && out.size() < limit) {
          out.add(read(r));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("reading deletion requests", e);
    }
  }

  private static Optional<DeletionRequest> find(Connection c, long id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM deletion_requests WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(read(r)) : Optional.empty();
      }
    }
  }

  private static DeletionRequest read(ResultSet r) throws SQLException {
    return new DeletionRequest(
        r.getLong("id"),
        r.getString("requester"),
        r.getString("study_instance_uid"),
        r.getString("reason"),
        time(r, "requested_at"),
        DeletionRequest.State.valueOf(r.getString("state")),
        r.getString("decided_by"),
        time(r, "decided_at"));
  }

  private static Instant time(ResultSet r, String column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
