package ward.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ward.archive.audit.AuditEvent;
import ward.archive.audit.AuditTrail;
import ward.archive.audit.Outcome;
import ward.archive.audit.Participant;
import ward.archive.auth.IdentityException;
import ward.archive.auth.Login;
import ward.archive.auth.Principal;
import ward.archive.auth.SetupToken;
import ward.archive.auth.Tokens;
import ward.archive.auth.Users;
import ward.archive.web.LoginResult;
import ward.archive.web.WebAuthenticator;

/**
 * The HTTPS side's identity, wired to the user and token store. Every login, logout and setup is
 * audited as a User Authentication (PS3.15 A.5.3.12), refused ones with the reason.
 */
final class WebIdentity implements WebAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger("ward.archive.login");

  private final Users users;
  private final Tokens tokens;
  private final SetupToken setup;
  private final Duration session;
  private final Clock clock;
  private final AuditTrail audit;

  WebIdentity(
      Users users,
      Tokens tokens,
      SetupToken setup,
      Duration session,
      Clock clock,
      AuditTrail audit) {
    this.users = users;
    this.tokens = tokens;
    this.setup = setup;
    this.session = session;
    this.clock = clock;
    this.audit = audit;
  }

  private void authentication(
      boolean login, String name, String address, boolean ok, String description) {
    audit.record(
        new AuditEvent.UserAuthentication(
            login,
            ok ? Outcome.SUCCESS : Outcome.MINOR_FAILURE,
            Participant.requestor(name == null || name.isEmpty() ? "unknown" : name, null, address),
            audit.source().participant(),
            description));
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
      authentication(true, name, remoteAddress, false, "unreadable client address");
      return new LoginResult.Refused(LoginResult.Reason.BAD_CREDENTIALS);
    }
    Login login = users.authenticate(name, password, from);
    if (login instanceof Login.Accepted accepted) {
      try {
        String token = tokens.issue(accepted.principal().name(), Tokens.Kind.WEB_SESSION, session);
        LOG.info("login of {} from {}", accepted.principal().name(), remoteAddress);
        authentication(true, accepted.principal().name(), remoteAddress, true, null);
        return new LoginResult.Accepted(token, clock.instant().plus(session));
      } catch (IdentityException e) {
        authentication(true, name, remoteAddress, false, "no token issued: " + e.getMessage());
        return new LoginResult.Refused(LoginResult.Reason.BAD_CREDENTIALS);
      }
    }
    Login.Reason reason = ((Login.Refused) login).reason();
    LOG.warn("login refused from {}: {}", remoteAddress, reason);
    authentication(true, name, remoteAddress, false, "login refused: " + reason);
    return new LoginResult.Refused(
        switch (reason) {
          case ACCOUNT_LOCKED -> LoginResult.Reason.LOCKED;
          case ADDRESS_LOCKED -> LoginResult.Reason.RATE_LIMITED;
          case UNKNOWN_USER, WRONG_PASSWORD -> LoginResult.Reason.BAD_CREDENTIALS;
        });
  }

  @Override
  public void logout(String token) {
    Optional<Principal> who = tokens.resolve(token);
    tokens.revoke(token);
    who.ifPresent(p -> authentication(false, p.name(), null, true, null));
  }

  @Override
  public Optional<String> completeSetup(String setupToken, String adminName, char[] password) {
    try {
      Principal admin = setup.redeem(setupToken, adminName, password);
      LOG.info("first administrator {} created with the setup token", admin.name());
      authentication(true, admin.name(), null, true, "first administrator created by setup");
      return Optional.of(tokens.issue(admin.name(), Tokens.Kind.WEB_SESSION, session));
    } catch (IdentityException e) {
      LOG.warn("setup refused: {}", e.getMessage());
      authentication(true, adminName, null, false, "setup refused: " + e.getMessage());
      return Optional.empty();
    }
  }
}
