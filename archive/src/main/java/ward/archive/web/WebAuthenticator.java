package ward.archive.web;

import java.util.Optional;
import ward.archive.auth.Principal;

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
