package ward.archive.index;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import ward.archive.db.Database;

/** Empties the index tables, so that one database serves the tests of a class in turn. */
final class TestDatabase {
  private TestDatabase() {}

  static void clear(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String table : new String[] {"instance", "series", "study", "patient"}) {
        s.executeUpdate("DELETE FROM " + table);
      }
    }
  }
}
