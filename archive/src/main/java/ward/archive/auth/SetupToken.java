package ward.archive.auth;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * How the first administrator comes to exist without a default password. At start, while no user
 * has the {@link Role#ADMINISTRATOR} role, the server asks {@link #issueIfNeeded} for a one-time
 * token and prints it once on its console; whoever can read that console (the person who installed
 * Ward) redeems it with a name and password of their choosing. The token is stored only as its
 * SHA-256, expires after {@link #LIFETIME}, and works exactly once: redeeming deletes it in the
 * same transaction that creates the administrator, so of two concurrent redeems only one succeeds.
 *
 * <p>Each start without an administrator issues a new token and forgets the old one (it may have
 * been lost with the console). Once an administrator exists no token is issued and any left over is
 * deleted.
 */
public final class SetupToken {

  public static final Duration LIFETIME = Duration.ofHours(24);

  private final DataSource db;
  private final Users users;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public SetupToken(DataSource db, Users users, Clock clock) {
    this.db = Objects.requireNonNull(db);
    this.users = Objects.requireNonNull(users);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * A new setup token to print once, when no administrator exists; empty otherwise. Replaces any
   * earlier token.
   */
  public Optional<String> issueIfNeeded() {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM setup_token")) {
          s.executeUpdate();
        }
        if (Users.hasAdministrator(c)) {
          c.commit();
          return Optional.empty();
        }
        String token = Tokens.newToken(random);
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO setup_token (id, token_sha256, expires_at) VALUES (1, ?, ?)")) {
          s.setString(1, Tokens.sha256(token));
          SqlTime.set(s, 2, clock.instant().plus(LIFETIME));
          s.executeUpdate();
        }
        c.commit();
        return Optional.of(token);
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IdentityStoreException("issuing the setup token", e);
    }
  }

  /**
   * Creates the first administrator with the setup token. The caller's password array is not
   * changed; the caller wipes it.
   *
   * @throws IdentityException when the token is wrong, expired or already used, an administrator
   *     exists, or the name or password break the rules of {@link Users}
   */
  public Principal redeem(String token, String name, char[] password) throws IdentityException {
    String hash = users.hashNew(name, password); // checks the rules before the token is spent
    Instant now = clock.instant();
    Set<Role> roles = EnumSet.of(Role.ADMINISTRATOR);
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        int spent;
        try (PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM setup_token WHERE id = 1 AND token_sha256 = ? AND expires_at > ?")) {
          s.setString(1, token == null ? "" : Tokens.sha256(token));
          SqlTime.set(s, 2, now);
          spent = s.executeUpdate();
        }
        if (spent != 1) {
          c.rollback();
          throw new IdentityException("the setup token is wrong, expired or already used");
        }
        if (Users.hasAdministrator(c)) {
          c.commit(); // the token is spent either way
          throw new IdentityException("an administrator exists already");
        }
        users.insert(c, name, roles, hash, Set.of());
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        if (Users.isDuplicateKey(e)) {
          throw new IdentityException("a user named " + name + " exists already");
        }
        if (isConcurrentUpdate(e)) {
          throw new IdentityException("the setup token is wrong, expired or already used");
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new IdentityStoreException("redeeming the setup token", e);
    }
    return Principal.user(name, roles);
  }

  /** Another transaction changed the row first (H2's 90131, SQL's serialization failure). */
  private static boolean isConcurrentUpdate(SQLException e) {
    return "90131".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
  }
}
