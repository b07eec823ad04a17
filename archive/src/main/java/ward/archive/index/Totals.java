package ward.archive.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * How much the archive holds, counted in the index: studies, series, instances and the bytes of
 * their stored objects. Four aggregate queries over primary keys and one column; cheap enough for a
 * status page, not for every request.
 */
public record Totals(long patients, long studies, long series, long instances, long storedBytes) {

  /** Counts what the index over {@code db} holds now. */
  public static Totals of(DataSource db) throws IndexException {
    try (Connection c = db.getConnection()) {
      long[] instances = two(c, "SELECT COUNT(*), COALESCE(SUM(object_size), 0) FROM instance");
      return new Totals(
          one(c, "SELECT COUNT(*) FROM patient"),
          one(c, "SELECT COUNT(*) FROM study"),
          one(c, "SELECT COUNT(*) FROM series"),
          instances[0],
          instances[1]);
    } catch (SQLException e) {
      throw new IndexException("counting the index", e);
    }
  }

  private static long one(Connection c, String sql) throws SQLException {
    return two(c, sql)[0];
  }

  private static long[] two(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      r.next();
      int n = r.getMetaData().getColumnCount();
      return new long[] {r.getLong(1), n > 1 ? r.getLong(2) : 0};
    }
  }
}
