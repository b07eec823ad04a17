package ward.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
import ward.archive.auth.SecondFactors;
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
    return login(name, password, null, remoteAddress);
  }

  @Override
  public LoginResult login(String name, char[] password, String code, String remoteAddress) {
    InetAddress from;
    try {
      from = InetAddress.getByName(remoteAddress);
    } catch (UnknownHostException e) {
      authentication(true, name, remoteAddress, false, "unreadable client address");
      return new LoginResult.Refused(LoginResult.Reason.BAD_CREDENTIALS);
    }
    Login login = users.authenticate(name, password, code, from);
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
          case UNKNOWN_USER, WRONG_PASSWORD, WRONG_CODE -> LoginResult.Reason.BAD_CREDENTIALS;
        });
  }

  @Override
  public SecondFactors.State secondFactor(String userName) {
    return users.secondFactors().state(userName);
  }

  @Override
  public String beginSecondFactor(String userName) throws IdentityException {
    return users.secondFactors().begin(userName);
  }

  @Override
  public boolean confirmSecondFactor(String userName, String code) {
    boolean on = users.secondFactors().confirm(userName, code);
    if (on) {
      LOG.info("second factor turned on by {}", userName);
      secondFactorChanged(userName, "second factor (TOTP) turned on");
    }
    return on;
  }

  @Override
  public boolean disableSecondFactor(
      String userName, char[] password, String code, String remoteAddress) {
    LoginResult proof = login(userName, password, code, remoteAddress);
    if (!(proof instanceof LoginResult.Accepted accepted)) {
      return false;
    }
    tokens.revoke(accepted.token()); // only a proof: the caller keeps their own session
    boolean off = users.secondFactors().reset(userName);
    if (off) {
      LOG.info("second factor turned off by {}", userName);
      secondFactorChanged(userName, "second factor (TOTP) turned off");
    }
    return off;
  }

  private void secondFactorChanged(String userName, String what) {
    audit.record(
        new AuditEvent.SecurityAlert(
            AuditEvent.AlertType.USER_SECURITY_ATTRIBUTES_CHANGED,
            Outcome.SUCCESS,
            audit.source().participant(),
            Participant.requestor(userName, null, null),
            what,
            userName,
            List.of()));
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
