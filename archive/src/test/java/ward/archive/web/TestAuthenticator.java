package ward.archive.web;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import ward.archive.auth.IdentityException;
import ward.archive.auth.Principal;
import ward.archive.auth.Role;
import ward.archive.auth.SecondFactors;
import ward.archive.auth.Totp;

/**
 * An in-memory {@link WebAuthenticator} for tests: invented users with passwords in memory, random
 * tokens, one setup token, and a counter that rate-limits a name after three failures.
 */
final class TestAuthenticator implements WebAuthenticator {
  private static final SecureRandom RANDOM = new SecureRandom();

  @SuppressWarnings("ArrayRecordComponent")
  private record Account(char[] password, Principal principal) {}

  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final Map<String, Principal> tokens = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Map<String, String> pendingSecrets = new ConcurrentHashMap<>();
  private final Map<String, String> activeSecrets = new ConcurrentHashMap<>();
  private final String setupToken;
  private volatile boolean setUp;

  TestAuthenticator(String setupToken) {
    this.setupToken = setupToken;
  }

  /** Adds a user who logs in with {@code password}. */
  void addUser(String name, String password, Principal principal) {
    accounts.put(name, new Account(password.toCharArray(), principal));
  }

  /** Issues a token for a principal directly, as a completed login would. */
  String tokenFor(Principal principal) {
    String token = newToken();
    tokens.put(token, principal);
    return token;
  }

  String tokenFor(String name, Role... roles) {
    return tokenFor(Principal.user(name, Set.of(roles)));
  }

  boolean isValid(String token) {
    return tokens.containsKey(token);
  }

  @Override
  public Optional<Principal> resolve(String token) {
    return Optional.ofNullable(tokens.get(token));
  }

  @Override
  public LoginResult login(String name, char[] password, String remoteAddress) {
    if (failures.getOrDefault(name, 0) >= 3) {
      return new LoginResult.Refused(LoginResult.Reason.RATE_LIMITED);
    }
    Account a = accounts.get(name);
    if (a == null || !Arrays.equals(a.password(), password)) {
      failures.merge(name, 1, Integer::sum);
      return new LoginResult.Refused(LoginResult.Reason.BAD_CREDENTIALS);
    }
    return new LoginResult.Accepted(tokenFor(a.principal()), Instant.now().plusSeconds(3600));
  }

  @Override
  public LoginResult login(String name, char[] password, String code, String remoteAddress) {
    String secret = activeSecrets.get(name);
    if (secret != null && Totp.match(secret, code, Instant.now()).isEmpty()) {
      failures.merge(name, 1, Integer::sum);
      return new LoginResult.Refused(LoginResult.Reason.BAD_CREDENTIALS);
    }
    return login(name, password, remoteAddress);
  }

  @Override
  public SecondFactors.State secondFactor(String userName) {
    return activeSecrets.containsKey(userName)
        ? SecondFactors.State.ACTIVE
        : pendingSecrets.containsKey(userName)
            ? SecondFactors.State.PENDING
            : SecondFactors.State.NONE;
  }

  @Override
  public String beginSecondFactor(String userName) throws IdentityException {
    if (activeSecrets.containsKey(userName)) {
      throw new IdentityException("a second factor is already active for " + userName);
    }
    String secret = Totp.newSecret(RANDOM);
    pendingSecrets.put(userName, secret);
    return secret;
  }

  @Override
  public boolean confirmSecondFactor(String userName, String code) {
    String secret = pendingSecrets.get(userName);
    if (secret == null || Totp.match(secret, code, Instant.now()).isEmpty()) {
      return false;
    }
    activeSecrets.put(userName, pendingSecrets.remove(userName));
    return true;
  }

  @Override
  public boolean disableSecondFactor(
      String userName, char[] password, String code, String remoteAddress) {
    if (!(login(userName, password, code, remoteAddress) instanceof LoginResult.Accepted)) {
      return false;
    }
    return activeSecrets.remove(userName) != null;
  }

  @Override
  public void logout(String token) {
    tokens.remove(token);
  }

  @Override
  public synchronized Optional<String> completeSetup(
      String setupToken, String adminName, char[] password) {
    if (setUp || !this.setupToken.equals(setupToken)) {
      return Optional.empty();
    }
    setUp = true;
    Principal admin = Principal.user(adminName, Set.of(Role.ADMINISTRATOR));
    accounts.put(adminName, new Account(password.clone(), admin));
    return Optional.of(tokenFor(admin));
  }

  private static String newToken() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
