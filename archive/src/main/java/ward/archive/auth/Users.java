package ward.archive.auth;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import ward.archive.index.StudyScope;
import ward.net.identity.AuthenticatedUser;
import ward.net.identity.IdentityVerifier;
import ward.net.identity.UserIdentity;
import ward.net.identity.Verdict;

/**
 * Ward's users: names, roles, Argon2id password hashes, and the counting of failed logins that
 * locks accounts and addresses (see {@link Lockout}).
 *
 * <p>Rules: a user name is 1 to 64 of {@code A-Z a-z 0-9 . _ @ -} (safe in logs, URLs and file
 * names, and usable as a DICOM user identity); a password has at least {@value
 * #MIN_PASSWORD_LENGTH} characters and is not the user name; every user has at least one role; the
 * last administrator cannot be removed or demoted (without one, the next start would issue a setup
 * token to whoever reads the console).
 *
 * <p>Logging in costs one Argon2id verification whether or not the user exists (an unknown name is
 * checked against a dummy hash), so response times do not tell which names exist. Each attempt is
 * counted against the account and the address before the password is checked, so parallel guesses
 * cannot get past the limit; a success takes the count back.
 */
public final class Users {

  /** The characters and length of a user name. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  public static final int MIN_PASSWORD_LENGTH = 12;

  /** Longer passwords are refused: they add nothing and make each hash slower to compute. */
  public static final int MAX_PASSWORD_LENGTH = 1024;

  /** Pauses before a refused reservation is tried again (see {@link #authenticate}). */
  private static final long[] RETRY_MILLIS = {50, 100, 200, 400};

  private final DataSource db;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final Clock clock;
  private final String dummyHash;
  private final SecondFactors secondFactors;

  public Users(DataSource db) {
    this(db, new PasswordHasher(), Lockout.DEFAULT, Clock.systemUTC());
  }

  public Users(DataSource db, PasswordHasher hasher, Lockout lockout, Clock clock) {
    this.db = Objects.requireNonNull(db);
    this.hasher = Objects.requireNonNull(hasher);
    this.throttle =
        new LoginThrottle(Objects.requireNonNull(lockout), Objects.requireNonNull(clock));
    this.clock = Objects.requireNonNull(clock);
    char[] nobody = new char[24];
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < nobody.length; i++) {
      nobody[i] = (char) ('a' + random.nextInt(26));
    }
    this.dummyHash = hasher.hash(nobody);
    this.secondFactors = new SecondFactors(db, clock);
  }

  /** The users' second factors (TOTP): enrolment, and the check every login makes. */
  public SecondFactors secondFactors() {
    return secondFactors;
  }

  // ------------------------------------------------------------------ administration

  /**
   * Adds a user.
   *
   * @param patientIds for a user with the {@link Role#PATIENT} role, the patient IDs whose studies
   *     are theirs; empty otherwise
   * @throws IdentityException when the name, roles, patient IDs or password break the rules, or the
   *     name is taken
   */
  public Principal add(String name, Set<Role> roles, char[] password, Set<String> patientIds)
      throws IdentityException {
    AccountRules.checkRoles(roles, patientIds);
    return insertNew(name, roles, hashNew(name, password), patientIds);
  }

  /**
   * Adds a user whose password was hashed elsewhere (by {@link #hashNew} in another process, so the
   * password itself never travels).
   *
   * @param hash an Argon2id PHC string at or above this hasher's floor
   */
  public Principal addHashed(String name, Set<Role> roles, String hash, Set<String> patientIds)
      throws IdentityException {
    AccountRules.checkName(name);
    AccountRules.checkRoles(roles, patientIds);
    if (!hasher.acceptable(hash)) {
      throw new IdentityException("not an acceptable Argon2id password hash");
    }
    return insertNew(name, roles, hash, patientIds);
  }

  private Principal insertNew(String name, Set<Role> roles, String hash, Set<String> patientIds)
      throws IdentityException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        insert(c, name, roles, hash, patientIds);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        if (isDuplicateKey(e)) {
          throw new IdentityException("a user named " + name + " exists already");
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new IdentityStoreException("adding user " + name, e);
    }
    return new Principal(name, Principal.Kind.USER, roles, patientIds);
  }

  /** Inserts a user on {@code c}, in the caller's transaction; checks nothing. */
  void insert(Connection c, String name, Set<Role> roles, String hash, Set<String> patientIds)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO users (name, password_hash, created_at, failed_logins)"
                + " VALUES (?, ?, ?, 0)")) {
      s.setString(1, name);
      s.setString(2, hash);
      SqlTime.set(s, 3, clock.instant());
      s.executeUpdate();
    }
    writeRoles(c, name, roles);
    writePatients(c, name, patientIds);
  }

  /** Hashes a password for a new user, after checking it against the policy. */
  public String hashNew(String name, char[] password) throws IdentityException {
    AccountRules.checkName(name);
    AccountRules.checkPassword(name, password);
    return hasher.hash(password);
  }

  /**
   * Removes a user; their tokens go with them.
   *
   * @return whether the user existed
   * @throws IdentityException when it is the last administrator
   */
  public boolean remove(String name) throws IdentityException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (isLastAdministrator(c, name)) {
          throw new IdentityException(name + " is the last administrator and cannot be removed");
        }
        int n;
        try (PreparedStatement s = c.prepareStatement("DELETE FROM users WHERE name = ?")) {
          s.setString(1, name);
          n = s.executeUpdate();
        }
        c.commit();
        return n > 0;
      } catch (SQLException | IdentityException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IdentityStoreException("removing user " + name, e);
    }
  }

  /**
   * Replaces a user's password (and ends any lock on the account).
   *
   * @throws IdentityException when there is no such user or the password breaks the policy
   */
  public void setPassword(String name, char[] password) throws IdentityException {
    AccountRules.checkPassword(name, password);
    String hash = hasher.hash(password);
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE users SET password_hash = ?, failed_logins = 0, last_failure_at = NULL"
                    + " WHERE name = ?")) {
      s.setString(1, hash);
      s.setString(2, name);
      if (s.executeUpdate() == 0) {
        throw new IdentityException("no user named " + name);
      }
    } catch (SQLException e) {
      throw new IdentityStoreException("setting the password of " + name, e);
    }
  }

  /**
   * Replaces a user's roles and patient IDs. Tokens already issued act with the new roles from
   * their next use.
   *
   * @throws IdentityException when there is no such user, the roles or patient IDs break the rules,
   *     or it would leave no administrator
   */
  public void setRoles(String name, Set<Role> roles, Set<String> patientIds)
      throws IdentityException {
    AccountRules.checkRoles(roles, patientIds);
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (!exists(c, name)) {
          throw new IdentityException("no user named " + name);
        }
        if (!roles.contains(Role.ADMINISTRATOR) && isLastAdministrator(c, name)) {
          throw new IdentityException(name + " is the last administrator and keeps that role");
        }
        try (PreparedStatement s =
                c.prepareStatement("DELETE FROM user_roles WHERE user_name = ?");
            PreparedStatement p =
                c.prepareStatement("DELETE FROM user_patients WHERE user_name = ?")) {
          s.setString(1, name);
          s.executeUpdate();
          p.setString(1, name);
          p.executeUpdate();
        }
        writeRoles(c, name, roles);
        writePatients(c, name, patientIds);
        c.commit();
      } catch (SQLException | IdentityException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IdentityStoreException("setting the roles of " + name, e);
    }
  }

  /** Ends a lock on an account now. */
  public void unlock(String name) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE users SET failed_logins = 0, last_failure_at = NULL WHERE name = ?")) {
      s.setString(1, name);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IdentityStoreException("unlocking " + name, e);
    }
  }

  /** Every user, by name. */
  public List<UserAccount> list() {
    return accounts(null);
  }

  public Optional<UserAccount> find(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    List<UserAccount> one = accounts(name);
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  /**
   * The principal of a user as stored now (roles re-read), or empty when there is no such user: how
   * tokens and external identities (a JWT's subject) become a principal.
   */
  public Optional<Principal> principal(String name) {
    return find(name).map(UserAccount::principal);
  }

  /** Whether any user has the {@link Role#ADMINISTRATOR} role. */
  public boolean hasAdministrator() {
    try (Connection c = db.getConnection()) {
      return hasAdministrator(c);
    } catch (SQLException e) {
      throw new IdentityStoreException("looking for an administrator", e);
    }
  }

  static boolean hasAdministrator(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT COUNT(*) FROM user_roles WHERE role = 'ADMINISTRATOR'")) {
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1) > 0;
      }
    }
  }

  // ------------------------------------------------------------------ logging in

  /**
   * Checks a password. Every refusal costs about what a success does, except a refusal because the
   * caller's address is locked, which checks nothing. The caller's {@code password} array is not
   * changed; the caller wipes it.
   *
   * @param remote the caller's address for rate limiting, or null when there is none (a local
   *     console)
   */
  public Login authenticate(String name, char[] password, InetAddress remote) {
    return authenticate(name, password, null, remote);
  }

  /**
   * Checks a password and, for a user with an active second factor, the one-time {@code code} (null
   * when none was given). A wrong or reused code counts as a failed login, like a wrong password,
   * so that codes cannot be guessed past the lockout.
   */
  public Login authenticate(String name, char[] password, String code, InetAddress remote) {
    String address = remote == null ? null : LoginThrottle.addressKey(remote);
    String stored = null;
    boolean reserved = false;
    // A reservation counts an attempt before its password is checked, so attempts still being
    // checked fill the limit too: parallel right passwords (a modality opening several
    // associations) can find it full for a moment. A refused reservation is therefore tried again
    // a few times, about one hash apart, before it counts as a lock; a real lock stays a lock.
    for (int attempt = 0; ; attempt++) {
      Instant now = clock.instant();
      boolean addressOk;
      try (Connection c = db.getConnection()) {
        addressOk = address == null || throttle.reserveAddress(c, address, now);
        if (addressOk) {
          stored = name != null && NAME.matcher(name).matches() ? storedHash(c, name) : null;
          reserved = stored != null && throttle.reserveAccount(c, name, now);
          if (stored != null && !reserved && address != null && attempt < RETRY_MILLIS.length) {
            throttle.releaseAddress(c, address); // this attempt will be made again
          }
        }
      } catch (SQLException e) {
        throw new IdentityStoreException("authenticating " + name, e);
      }
      boolean refused = !addressOk || (stored != null && !reserved);
      if (!refused || attempt >= RETRY_MILLIS.length) {
        if (!addressOk) {
          return new Login.Refused(Login.Reason.ADDRESS_LOCKED);
        }
        break;
      }
      try {
        Thread.sleep(RETRY_MILLIS[attempt]);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Login.Refused(
            addressOk ? Login.Reason.ACCOUNT_LOCKED : Login.Reason.ADDRESS_LOCKED);
      }
    }
    // No connection is held while hashing: a flood of logins must not starve the pool.
    if (stored == null) {
      hasher.verify(password, dummyHash);
      return new Login.Refused(Login.Reason.UNKNOWN_USER);
    }
    if (!reserved) {
      hasher.verify(password, dummyHash);
      return new Login.Refused(Login.Reason.ACCOUNT_LOCKED);
    }
    if (password.length > MAX_PASSWORD_LENGTH || !hasher.verify(password, stored)) {
      return new Login.Refused(Login.Reason.WRONG_PASSWORD); // the reservation stays counted
    }
    String rehashed = hasher.needsRehash(stored) ? hasher.hash(password) : null;
    try (Connection c = db.getConnection()) {
      if (!secondFactors.passes(c, name, code)) {
        return new Login.Refused(Login.Reason.WRONG_CODE); // the reservation stays counted
      }
      throttle.succeeded(c, name, address);
      if (rehashed != null) {
        replaceHash(c, name, stored, rehashed);
      }
      List<UserAccount> account = accounts(c, name);
      return account.isEmpty()
          ? new Login.Refused(Login.Reason.UNKNOWN_USER) // removed meanwhile
          : new Login.Accepted(account.get(0).principal());
    } catch (SQLException e) {
      throw new IdentityStoreException("authenticating " + name, e);
    }
  }

  /**
   * A verifier for DICOM user identity negotiation (PS3.7 D.3.3.7, type 2: user name and passcode)
   * backed by {@link #authenticate}, with the requestor's address for rate limiting. Other kinds of
   * identity are refused.
   */
  public IdentityVerifier passcodeVerifier() {
    return (identity, requestor) -> {
      if (!(identity instanceof UserIdentity.UsernameAndPasscode u)) {
        return Verdict.refused("Ward's users sign in with a user name and passcode");
      }
      char[] passcode = u.passcode().toChars();
      char[] password = passcode;
      String code = null;
      // A user with a second factor appends its current code to the password: a DICOM
      // association must not be a way around it.
      if (NAME.matcher(u.name()).matches()
          && passcode.length > Totp.DIGITS
          && secondFactors.state(u.name()) == SecondFactors.State.ACTIVE) {
        password = Arrays.copyOf(passcode, passcode.length - Totp.DIGITS);
        code = new String(passcode, password.length, Totp.DIGITS);
      }
      try {
        Login login = authenticate(u.name(), password, code, requestor.address());
        if (login instanceof Login.Accepted a) {
          return Verdict.authenticated(
              new AuthenticatedUser(a.principal().name(), u.kind(), "local"));
        }
        return Verdict.refused("user " + u.name() + ": " + ((Login.Refused) login).reason());
      } finally {
        Arrays.fill(passcode, '\0');
        Arrays.fill(password, '\0');
      }
    };
  }

  /** Forgets address counts whose last failure is older than the lockout duration. */
  public int purgeAddresses() {
    try (Connection c = db.getConnection()) {
      return throttle.purgeAddresses(c);
    } catch (SQLException e) {
      throw new IdentityStoreException("purging login addresses", e);
    }
  }

  /** Replaces a hash made with weaker parameters, unless the password changed meanwhile. */
  private static void replaceHash(Connection c, String name, String old, String hash)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE users SET password_hash = ? WHERE name = ? AND password_hash = ?")) {
      s.setString(1, hash);
      s.setString(2, name);
      s.setString(3, old);
      s.executeUpdate();
    }
  }

  // ------------------------------------------------------------------ reading

  private static String storedHash(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT password_hash FROM users WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private List<UserAccount> accounts(String only) {
    try (Connection c = db.getConnection()) {
      return accounts(c, only);
    } catch (SQLException e) {
      throw new IdentityStoreException("reading users", e);
    }
  }

  /** Every user, or only the one named {@code only}, by name. */
  private List<UserAccount> accounts(Connection c, String only) throws SQLException {
    Map<String, Set<Role>> roles = new HashMap<>();
    try (PreparedStatement s =
            query(c, "SELECT user_name, role FROM user_roles", "user_name", only);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        Role role = roleOrNull(r.getString(2));
        if (role != null) {
          roles.computeIfAbsent(r.getString(1), k -> EnumSet.noneOf(Role.class)).add(role);
        }
      }
    }
    Map<String, Set<String>> patients = new HashMap<>();
    try (PreparedStatement s =
            query(c, "SELECT user_name, patient_id FROM user_patients", "user_name", only);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        patients.computeIfAbsent(r.getString(1), k -> new HashSet<>()).add(r.getString(2));
      }
    }
    Map<String, List<Grant>> grants = new HashMap<>();
    try (PreparedStatement s =
            query(c, "SELECT user_name, kind, grant_value FROM user_grants", "user_name", only);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        try {
          grants
              .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
              .add(new Grant(Grant.Kind.valueOf(r.getString(2)), r.getString(3)));
        } catch (IllegalArgumentException e) {
          // a rule this version cannot read grants nothing
        }
      }
    }
    List<UserAccount> out = new ArrayList<>();
    try (PreparedStatement s =
            query(
                c,
                "SELECT name, created_at, failed_logins, last_failure_at FROM users",
                "name",
                only);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        String name = r.getString("name");
        out.add(
            new UserAccount(
                name,
                roles.getOrDefault(name, Set.of()),
                patients.getOrDefault(name, Set.of()),
                SqlTime.get(r, "created_at"),
                throttle.lockedUntil(r.getInt("failed_logins"), SqlTime.get(r, "last_failure_at")),
                scopeOf(grants.getOrDefault(name, List.of()))));
      }
    }
    out.sort(Comparator.comparing(UserAccount::name));
    return out;
  }

  private static StudyScope scopeOf(List<Grant> grants) {
    Set<String> issuers = new HashSet<>();
    Set<String> physicians = new HashSet<>();
    Set<String> studies = new HashSet<>();
    Set<String> institutions = new HashSet<>();
    for (Grant g : grants) {
      switch (g.kind()) {
        case ISSUER_OF_PATIENT_ID -> issuers.add(g.value());
        case REFERRING_PHYSICIAN -> physicians.add(g.value());
        case STUDY -> studies.add(g.value());
        case INSTITUTION -> institutions.add(g.value());
      }
    }
    return new StudyScope(Set.of(), issuers, physicians, studies, institutions);
  }

  /** Grants {@code name} the studies a rule names (per-study access, for referrers). */
  public void grant(String name, Grant grant) throws IdentityException {
    try (Connection c = db.getConnection()) {
      if (accounts(c, name).isEmpty()) {
        throw new IdentityException("no user " + name);
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO user_grants (user_name, kind, grant_value) VALUES (?, ?, ?)")) {
        s.setString(1, name);
        s.setString(2, grant.kind().name());
        s.setString(3, grant.value());
        s.executeUpdate();
      } catch (SQLException e) {
        if (grants(c, name).contains(grant)) {
          return; // granted already
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new IdentityStoreException("granting " + name, e);
    }
  }

  /** Takes a rule back; returns whether it was granted. */
  public boolean revoke(String name, Grant grant) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM user_grants WHERE user_name = ? AND kind = ? AND grant_value = ?")) {
      s.setString(1, name);
      s.setString(2, grant.kind().name());
      s.setString(3, grant.value());
      return s.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new IdentityStoreException("revoking a grant of " + name, e);
    }
  }

  /** The rules granted to {@code name}. */
  public List<Grant> grants(String name) {
    try (Connection c = db.getConnection()) {
      return grants(c, name);
    } catch (SQLException e) {
      throw new IdentityStoreException("reading the grants of " + name, e);
    }
  }

  private static List<Grant> grants(Connection c, String name) throws SQLException {
    List<Grant> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT kind, grant_value FROM user_grants WHERE user_name = ?"
                + " ORDER BY kind, grant_value")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new Grant(Grant.Kind.valueOf(r.getString(1)), r.getString(2)));
        }
      }
    }
    return out;
  }

  /** {@code select}, restricted to {@code column = only} when {@code only} is not null. */
  private static PreparedStatement query(Connection c, String select, String column, String only)
      throws SQLException {
    PreparedStatement s =
        c.prepareStatement(only == null ? select : select + " WHERE " + column + " = ?");
    try {
      if (only != null) {
        s.setString(1, only);
      }
      return s;
    } catch (SQLException e) {
      s.close();
      throw e;
    }
  }

  /** A role name from the database; one a later version removed grants nothing. */
  private static Role roleOrNull(String name) {
    try {
      return Role.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean exists(Connection c, String name) throws SQLException {
    return storedHash(c, name) != null;
  }

  private static boolean isLastAdministrator(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT user_name FROM user_roles WHERE role = 'ADMINISTRATOR' FOR UPDATE")) {
      List<String> admins = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          admins.add(r.getString(1));
        }
      }
      return admins.size() == 1 && admins.get(0).equals(name);
    }
  }

  private static void writeRoles(Connection c, String name, Set<Role> roles) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("INSERT INTO user_roles (user_name, role) VALUES (?, ?)")) {
      for (Role role : roles) {
        s.setString(1, name);
        s.setString(2, role.name());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void writePatients(Connection c, String name, Set<String> patientIds)
      throws SQLException {
    if (patientIds.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement("INSERT INTO user_patients (user_name, patient_id) VALUES (?, ?)")) {
      for (String id : patientIds) {
        s.setString(1, name);
        s.setString(2, id);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  static boolean isDuplicateKey(SQLException e) {
    return "23505".equals(e.getSQLState()); // unique violation, in H2 and PostgreSQL alike
  }
}
