package ward.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ward.archive.auth.IdentityException;
import ward.archive.auth.Login;
import ward.archive.auth.Principal;
import ward.archive.auth.SetupToken;
import ward.archive.auth.Tokens;
import ward.archive.auth.Users;
import ward.archive.web.LoginResult;
import ward.archive.web.WebAuthenticator;

/** The HTTPS side's identity, wired to the user and token store. */
final class WebIdentity implements WebAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger("ward.archive.login");

  private final Users users;
  private final Tokens tokens;
  private final SetupToken setup;
  private final Duration session;
  private final Clock clock;

  WebIdentity(Users users, Tokens tokens, SetupToken setup, Duration session, Clock clock) {
    this.users = users;
    this.tokens = tokens;
    this.setup = setup;
    this.session = session;
    this.clock = clock;
  }

  @Override
  public Optional<Principal> resolve(String token) {
    return tokens.resolve(token);
  }

  @Override
  public LoginResult login(String name, char[] password, String remoteAddress) {
    InetAddress from;
    try {
      from = InetAddress.getByName(remoteAddress);
    } catch (UnknownHostException e) {
      return new LoginResult.Refused(LoginResult.Reason.BAD_CREDENTIALS);
    }
    Login login = users.authenticate(name, password, from);
    if (login instanceof Login.Accepted accepted) {
      try {
        String token = tokens.issue(accepted.principal().name(), Tokens.Kind.WEB_SESSION, session);
        LOG.info("login of {} from {}", accepted.principal().name(), remoteAddress);
        return new LoginResult.Accepted(token, clock.instant().plus(session));
      } catch (IdentityException e) {
        return new LoginResult.Refused(LoginResult.Reason.BAD_CREDENTIALS);
      }
    }
    Login.Reason reason = ((Login.Refused) login).reason();
    LOG.warn("login refused from {}: {}", remoteAddress, reason);
    return new LoginResult.Refused(
        switch (reason) {
          case ACCOUNT_LOCKED -> LoginResult.Reason.LOCKED;
          case ADDRESS_LOCKED -> LoginResult.Reason.RATE_LIMITED;
          case UNKNOWN_USER, WRONG_PASSWORD -> LoginResult.Reason.BAD_CREDENTIALS;
        });
  }

  @Override
  public void logout(String token) {
    tokens.revoke(token);
  }

  @Override
  public Optional<String> completeSetup(String setupToken, String adminName, char[] password) {
    try {
      Principal admin = setup.redeem(setupToken, adminName, password);
      LOG.info("first administrator {} created with the setup token", admin.name());
      return Optional.of(tokens.issue(admin.name(), Tokens.Kind.WEB_SESSION, session));
    } catch (IdentityException e) {
      LOG.warn("setup refused: {}", e.getMessage());
      return Optional.empty();
    }
  }
}
