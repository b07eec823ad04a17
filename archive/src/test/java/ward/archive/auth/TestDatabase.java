package ward.archive.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import ward.archive.db.Database;

/** Empties the identity and access tables between tests that share one database. */
final class TestDatabase {
  private TestDatabase() {}

  private static final String[] TABLES = {
    "user_totp",
    "tokens",
    "setup_token",
    "user_patients",
    "user_roles",
    "users",
    "login_addresses",
    "application_entity_roles",
    "application_entities"
  };

  static void clear(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        s.executeUpdate("DELETE FROM " + table);
      }
    }
  }
}
