package ward.archive.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

/**
 * The counting behind {@link Lockout}, in the database so that every node of a cluster counts
 * together. Each login attempt is counted against the account and the address before the password
 * is checked ({@link #reserveAccount}, {@link #reserveAddress}), atomically in one {@code UPDATE}
 * each, so parallel guesses cannot get past the limit; {@link #succeeded} takes the count back. A
 * count starts again when its last failure is older than the lockout duration; attempts during a
 * lock are not counted, so they do not extend it.
 */
final class LoginThrottle {

  private final Lockout lockout;
  private final Clock clock;

  LoginThrottle(Lockout lockout, Clock clock) {
    this.lockout = lockout;
    this.clock = clock;
  }

  /** Counts one attempt against the account; false when it is locked. */
  boolean reserveAccount(Connection c, String name, Instant now) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE users SET failed_logins = CASE WHEN last_failure_at IS NULL"
                + " OR last_failure_at <= ? THEN 1 ELSE failed_logins + 1 END,"
                + " last_failure_at = ?"
                + " WHERE name = ? AND NOT (failed_logins >= ? AND last_failure_at > ?)")) {
      Instant stale = now.minus(lockout.duration());
      SqlTime.set(s, 1, stale);
      SqlTime.set(s, 2, now);
      s.setString(3, name);
      s.setInt(4, lockout.accountFailures());
      SqlTime.set(s, 5, stale);
      return s.executeUpdate() == 1;
    }
  }

  /** Counts one attempt against the address (see {@link #addressKey}); false when it is locked. */
  boolean reserveAddress(Connection c, String address, Instant now) throws SQLException {
    Instant stale = now.minus(lockout.duration());
    for (int attempt = 0; attempt < 3; attempt++) {
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE login_addresses SET failures = CASE WHEN last_failure_at <= ? THEN 1"
                  + " ELSE failures + 1 END, last_failure_at = ?"
                  + " WHERE address = ? AND NOT (failures >= ? AND last_failure_at > ?)")) {
        SqlTime.set(s, 1, stale);
        SqlTime.set(s, 2, now);
        s.setString(3, address);
        s.setInt(4, lockout.addressFailures());
        SqlTime.set(s, 5, stale);
        if (s.executeUpdate() == 1) {
          return true;
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT 1 FROM login_addresses"
                  + " WHERE address = ? AND failures >= ? AND last_failure_at > ?")) {
        s.setString(1, address);
        s.setInt(2, lockout.addressFailures());
        SqlTime.set(s, 3, stale);
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            return false; // the row exists and is locked
          }
        }
      }
      // No row, or one a concurrent login from this address has just inserted (unlocked): insert,
      // and when that finds the row after all, count on it with the UPDATE again.
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO login_addresses (address, failures, last_failure_at) VALUES (?, 1, ?)")) {
        s.setString(1, address);
        SqlTime.set(s, 2, now);
        s.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (!Users.isDuplicateKey(e)) {
          throw e;
        }
        // another login from this address inserted the row first: count on it
      }
    }
    return false;
  }

  /**
   * After a right password: clears the account's count and takes back only this attempt from the
   * address's, so that one valid account does not reset the count of an address guessing others.
   */
  void succeeded(Connection c, String name, String address) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE users SET failed_logins = 0, last_failure_at = NULL WHERE name = ?")) {
      s.setString(1, name);
      s.executeUpdate();
    }
    if (address != null) {
      releaseAddress(c, address);
    }
  }

  /** Takes back one attempt reserved against an address. */
  void releaseAddress(Connection c, String address) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE login_addresses SET failures = failures - 1"
                + " WHERE address = ? AND failures > 0")) {
      s.setString(1, address);
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM login_addresses WHERE address = ? AND failures = 0")) {
      s.setString(1, address);
      s.executeUpdate();
    }
  }

  /** Forgets address counts whose last failure is older than the lockout duration. */
  int purgeAddresses(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM login_addresses WHERE last_failure_at <= ?")) {
      SqlTime.set(s, 1, clock.instant().minus(lockout.duration()));
      return s.executeUpdate();
    }
  }

  /** When an account with these counts is locked until, or null when it is not locked now. */
  Instant lockedUntil(int failures, Instant lastFailure) {
    if (failures < lockout.accountFailures() || lastFailure == null) {
      return null;
    }
    Instant end = lastFailure.plus(lockout.duration());
    return end.isAfter(clock.instant()) ? end : null;
  }

  /**
   * The key an address is counted under: IPv4 as is, IPv6 by its /64 prefix (the smallest block one
   * host is usually given; counting single IPv6 addresses would count nothing).
   */
  static String addressKey(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
      Arrays.fill(prefix, 8, 16, (byte) 0);
      try {
        return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
      } catch (UnknownHostException e) {
        throw new IllegalStateException("16 bytes are an IPv6 address", e);
      }
    }
    return address.getHostAddress();
  }
}
