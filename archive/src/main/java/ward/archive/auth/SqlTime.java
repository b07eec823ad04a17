package ward.archive.auth;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants to and from {@code TIMESTAMP WITH TIME ZONE} columns, always in UTC. */
final class SqlTime {
  private SqlTime() {}

  static void set(PreparedStatement s, int index, Instant t) throws SQLException {
    s.setObject(index, t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  static Instant get(ResultSet r, String column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
