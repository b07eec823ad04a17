package ward.archive.web;

import java.util.Optional;
import ward.archive.auth.IdentityException;
import ward.archive.auth.Principal;
import ward.archive.auth.SecondFactors;

/**
 * What the HTTPS side needs from identity: turning a token into a principal, logging in and out,
 * and creating the first administrator. The server's composition root wires it to the user and
 * token store; the web layer never sees passwords at rest, hashes or lockout counters.
 */
public interface WebAuthenticator {

  /**
   * The principal a bearer token or session cookie value stands for, or empty when the token is
   * unknown, expired or revoked. Never throws for a malformed token.
   */
  Optional<Principal> resolve(String token);

  /**
   * Checks a name and password and issues a token. A refusal does not say which of the two was
   * wrong.
   *
   * @param remoteAddress the client's address, for rate limiting and the audit trail
   */
  LoginResult login(String name, char[] password, String remoteAddress);

  /**
   * Like {@link #login(String, char[], String)}, with the one-time code of the user's second factor
   * ({@code code} null when none was given). A user with an active second factor is refused without
   * a current, unused code; the refusal looks like any other.
   */
  LoginResult login(String name, char[] password, String code, String remoteAddress);

  /** The state of a user's second factor (TOTP). */
  SecondFactors.State secondFactor(String userName);

  /**
   * Starts enrolling a second factor for the user: a new secret, in base32, that does nothing until
   * {@link #confirmSecondFactor} sees a code made with it.
   *
   * @throws IdentityException when a second factor is already active
   */
  String beginSecondFactor(String userName) throws IdentityException;

  /** Turns the pending second factor on if {@code code} is its current code. */
  boolean confirmSecondFactor(String userName, String code);

  /**
   * Turns the active second factor off. The user proves themselves again as at a login, with
   * password and a current code, counted against the lockout like a login; a session alone is not
   * enough (a stolen session must not be able to remove the factor).
   */
  boolean disableSecondFactor(String userName, char[] password, String code, String remoteAddress);

  /** Revokes a token; revoking an unknown one does nothing. */
  void logout(String token);

  /**
   * Creates the first administrator with the one-time setup token, and logs them in.
   *
   * @return a token for the new administrator, or empty when the setup token is wrong, used or
   *     expired, or an administrator already exists
   */
  Optional<String> completeSetup(String setupToken, String adminName, char[] password);
}
