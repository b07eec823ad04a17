package ward.archive.auth;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Users' second factor: a TOTP secret (RFC 6238, {@link Totp}) that an authenticator app holds.
 * Enrolment is two steps: {@link #begin} makes a secret that does nothing yet, and {@link #confirm}
 * with a code from the app turns it on, so that nobody is locked out by a secret their app never
 * read. Once on, every login of the user needs a code ({@link Users#authenticate}); a code is taken
 * once only (RFC 6238 5.2): a step at or before the last accepted one is refused.
 */
public final class SecondFactors {
  private final DataSource db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  SecondFactors(DataSource db, Clock clock) {
    this.db = Objects.requireNonNull(db);
    this.clock = Objects.requireNonNull(clock);
  }

  /** The state of a user's second factor. */
  public enum State {
    NONE,
    /** A secret was made and waits for its first code. */
    PENDING,
    ACTIVE
  }

  public State state(String name) {
    try (Connection c = db.getConnection()) {
      return stateOf(c, name);
    } catch (SQLException e) {
      throw new IdentityStoreException("reading the second factor of " + name, e);
    }
  }

  /**
   * Makes a new secret for {@code name}, not yet in force, and returns it in base32. Refused while
   * a second factor is active: turning it off needs a code first.
   */
  public String begin(String name) throws IdentityException {
    String secret = Totp.newSecret(random);
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (stateOf(c, name) == State.ACTIVE) {
          throw new IdentityException("a second factor is already active for " + name);
        }
        try (PreparedStatement d =
            c.prepareStatement("DELETE FROM user_totp WHERE user_name = ?")) {
          d.setString(1, name);
          d.executeUpdate();
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO user_totp (user_name, secret, active, last_step, created_at)"
                    + " VALUES (?, ?, FALSE, ?, ?)")) {
          s.setString(1, name);
          s.setString(2, secret);
          s.setLong(3, Long.MIN_VALUE);
          SqlTime.set(s, 4, clock.instant());
          s.executeUpdate();
        }
        c.commit();
      } catch (SQLException | IdentityException e) {
        c.rollback();
        if (e instanceof SQLException sql && Users.isDuplicateKey(sql)) {
          throw new IdentityException("a second factor is being enrolled for " + name);
        }
        if (e instanceof SQLException sql && isMissingUser(sql)) {
          throw new IdentityException("no user " + name);
        }
        throw e;
      }
      return secret;
    } catch (SQLException e) {
      throw new IdentityStoreException("enrolling a second factor for " + name, e);
    }
  }

  /** Turns a pending secret on when {@code code} is its current code. */
  public boolean confirm(String name, String code) {
    try (Connection c = db.getConnection()) {
      return accept(c, name, code, false, "UPDATE user_totp SET active = TRUE, last_step = ?");
    } catch (SQLException e) {
      throw new IdentityStoreException("confirming the second factor of " + name, e);
    }
  }

  /**
   * Removes a user's second factor without a code: after the user proved themselves with password
   * and code, or for an administrator when the user has lost their device.
   */
  public boolean reset(String name) {
    try (Connection c = db.getConnection()) {
      return remove(c, name);
    } catch (SQLException e) {
      throw new IdentityStoreException("resetting the second factor of " + name, e);
    }
  }

  /**
   * Whether {@code name} passes the second factor: true when they have none active, else when
   * {@code code} is a current code not used before (the step is then spent).
   */
  boolean passes(Connection c, String name, String code) throws SQLException {
    if (stateOf(c, name) != State.ACTIVE) {
      return true;
    }
    return accept(c, name, code, true, "UPDATE user_totp SET last_step = ?");
  }

  /**
   * Checks {@code code} against the user's secret (active or pending as {@code active} says) and,
   * when it is current and newer than the last accepted step, runs {@code update} (which takes the
   * step as its one parameter) guarded so that two requests cannot spend the same step.
   */
  private boolean accept(Connection c, String name, String code, boolean active, String update)
      throws SQLException {
    String secret;
    long last;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT secret, last_step FROM user_totp WHERE user_name = ? AND active = ?")) {
      s.setString(1, name);
      s.setBoolean(2, active);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return false;
        }
        secret = r.getString(1);
        last = r.getLong(2);
      }
    }
    Instant now = clock.instant();
    OptionalLong step = Totp.match(secret, code, now);
    if (step.isEmpty() || step.getAsLong() <= last) {
      return false;
    }
    try (PreparedStatement u =
        c.prepareStatement(update + " WHERE user_name = ? AND active = ? AND last_step < ?")) {
      u.setLong(1, step.getAsLong());
      u.setString(2, name);
      u.setBoolean(3, active);
      u.setLong(4, step.getAsLong());
      return u.executeUpdate() == 1;
    }
  }

  private static State stateOf(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT active FROM user_totp WHERE user_name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return !r.next() ? State.NONE : r.getBoolean(1) ? State.ACTIVE : State.PENDING;
      }
    }
  }

  private static boolean remove(Connection c, String name) throws SQLException {
    try (PreparedStatement d = c.prepareStatement("DELETE FROM user_totp WHERE user_name = ?")) {
      d.setString(1, name);
      return d.executeUpdate() > 0;
    }
  }

  private static boolean isMissingUser(SQLException e) {
    // SQLSTATE 23503: a foreign key names a row that does not exist
    return "23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState());
  }
}
