package ward.archive.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Bearer tokens for the HTTP entry points: API tokens for scripts and web sessions for people.
 *
 * <p>A token is 256 random bits in unpadded base64url (43 characters), handed out once by {@link
 * #issue}. Ward stores only its SHA-256 with the user's name, kind and expiry: a copy of the
 * database opens nothing, and a plain hash suffices because the token has full entropy (unlike a
 * password, it cannot be guessed from a dictionary). {@link #resolve} re-reads the user every time,
 * so a removed user's tokens stop at once and changed roles apply from the next request.
 */
public final class Tokens {

  /** What a token is for. */
  public enum Kind {
    /** A long-lived token for scripts and integrations, revoked by hand. */
    API,
    /** A browser session after a password login. */
    WEB_SESSION
  }

  /** No token lives longer than this; an API token is renewed, not made eternal. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(366);

  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final int TOKEN_BYTES = 32;

  private final DataSource db;
  private final Users users;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Tokens(DataSource db, Users users, Clock clock) {
    this.db = Objects.requireNonNull(db);
    this.users = Objects.requireNonNull(users);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Issues a token for {@code userName}. The returned string is the only copy: show it once.
   *
   * @throws IdentityException when there is no such user or the lifetime is not positive or longer
   *     than {@link #MAX_LIFETIME}
   */
  public String issue(String userName, Kind kind, Duration lifetime) throws IdentityException {
    Objects.requireNonNull(kind, "kind");
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new IdentityException("a token lives more than nothing and at most 366 days");
    }
    if (users.find(userName).isEmpty()) {
      throw new IdentityException("no user named " + userName);
    }
    String token = newToken(random);
    Instant now = clock.instant();
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO tokens (token_sha256, user_name, kind, issued_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, sha256(token));
      s.setString(2, userName);
      s.setString(3, kind.name());
      SqlTime.set(s, 4, now);
      SqlTime.set(s, 5, now.plus(lifetime));
      s.executeUpdate();
    } catch (SQLException e) {
      // a missing parent row: 23503 in PostgreSQL, 23506 in H2
      if ("23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState())) {
        throw new IdentityException("no user named " + userName); // removed meanwhile
      }
      throw new IdentityStoreException("issuing a token", e);
    }
    return token;
  }

  /**
   * The principal a token stands for now, with the user's current roles; empty when the token is
   * malformed, unknown, revoked or expired, or its user is gone.
   */
  public Optional<Principal> resolve(String token) {
    return resolve(token, null);
  }

  /** Like {@link #resolve(String)}, but only for a token of {@code kind}. */
  public Optional<Principal> resolve(String token, Kind kind) {
    if (token == null || !FORMAT.matcher(token).matches()) {
      return Optional.empty();
    }
    String user;
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT user_name, kind FROM tokens WHERE token_sha256 = ? AND expires_at > ?")) {
      s.setString(1, sha256(token));
      SqlTime.set(s, 2, clock.instant());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next() || (kind != null && !kind.name().equals(r.getString("kind")))) {
          return Optional.empty();
        }
        user = r.getString("user_name");
      }
    } catch (SQLException e) {
      throw new IdentityStoreException("resolving a token", e);
    }
    return users.principal(user);
  }

  /** Revokes one token; whether it existed. */
  public boolean revoke(String token) {
    if (token == null || !FORMAT.matcher(token).matches()) {
      return false;
    }
    return delete("DELETE FROM tokens WHERE token_sha256 = ?", sha256(token)) > 0;
  }

  /** Revokes every token of a user (for example when the account was compromised). */
  public int revokeAll(String userName) {
    return delete("DELETE FROM tokens WHERE user_name = ?", userName);
  }

  /** Deletes expired tokens; how many. They are refused anyway: this only keeps the table small. */
  public int purgeExpired() {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM tokens WHERE expires_at <= ?")) {
      SqlTime.set(s, 1, clock.instant());
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IdentityStoreException("purging expired tokens", e);
    }
  }

  private int delete(String sql, String key) {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IdentityStoreException("revoking tokens", e);
    }
  }

  /** 256 random bits, unpadded base64url. */
  static String newToken(SecureRandom random) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Lower-case hex SHA-256 of the token's ASCII text. */
  static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
