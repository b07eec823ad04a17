package ward.archive.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A statement built from the index's own fragments of SQL, with every value a bound parameter: no
 * value from a query or a stored instance is ever part of the text.
 */
final class Sql {
  private final StringBuilder text = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  /** A null of an SQL type ({@link java.sql.Types}), for databases that want nulls typed. */
  record Null(int sqlType) {}

  Sql() {}

  Sql(String fragment) {
    text.append(fragment);
  }

  /** Appends a fragment of the index's own SQL (never a value). */
  Sql sql(String fragment) {
    text.append(fragment);
    return this;
  }

  /** Appends a placeholder bound to a value. */
  Sql param(Object value) {
    text.append('?');
    params.add(value);
    return this;
  }

  /** Appends placeholders for values, separated by commas. */
  Sql params(Collection<?> values) {
    String sep = "";
    for (Object v : values) {
      text.append(sep);
      param(v);
      sep = ", ";
    }
    return this;
  }

  /** Appends another statement's text and parameters. */
  Sql append(Sql other) {
    text.append(other.text);
    params.addAll(other.params);
    return this;
  }

  boolean isEmpty() {
    return text.length() == 0;
  }

  String text() {
    return text.toString();
  }

  List<Object> params() {
    return List.copyOf(params);
  }

  /** Prepares the statement with its parameters bound. */
  PreparedStatement prepare(Connection c) throws SQLException {
    PreparedStatement ps = c.prepareStatement(text.toString());
    try {
      bind(ps);
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
    return ps;
  }

  /** Prepares an INSERT that returns the generated value of a key column. */
  PreparedStatement prepareInsert(Connection c, String keyColumn) throws SQLException {
    PreparedStatement ps = c.prepareStatement(text.toString(), new String[] {keyColumn});
    try {
      bind(ps);
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
    return ps;
  }

  void bind(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object v = params.get(i);
      if (v instanceof String s) {
        ps.setString(i + 1, s);
      } else if (v instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (v instanceof Long n) {
        ps.setLong(i + 1, n);
      } else if (v instanceof Null n) {
        ps.setNull(i + 1, n.sqlType());
      } else if (v == null) {
        ps.setNull(i + 1, java.sql.Types.VARCHAR);
      } else {
        ps.setObject(i + 1, v);
      }
    }
  }

  @Override
  public String toString() {
    return text + " " + params;
  }
}
