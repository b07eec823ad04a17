package ward.archive.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Changes to the counts of patients, studies and series (Number of … Related …), kept in the narrow
 * tables patient_counts, study_counts and series_counts (migration V5). The update also locks the
 * row: when the row is gone, another transaction removed it since it was looked up, and the
 * transaction must start again.
 */
final class Counts {
  private Counts() {}

  /** SQL state of a serialization failure: the transaction is retried. */
  static final String RETRY = "40001";

  /** Runs an update (the index's own SQL) of one row's counts; the row must exist. */
  static void change(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      if (ps.executeUpdate() != 1) {
        throw new SQLException("a row changed by another transaction is gone", RETRY);
      }
    }
  }
}
