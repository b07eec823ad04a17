package ward.archive.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import ward.net.identity.IdentityFormatException;
import ward.net.identity.IdentityNegotiation;
import ward.net.identity.IdentityVerifier;
import ward.net.identity.Requestor;
import ward.net.identity.UserIdentity;
import ward.net.identity.Verdict;
import ward.net.pdu.UserInformation;
import ward.net.server.AssociationGate;

/**
 * Decides every DICOM association: who is calling, proven how. The rules, in order:
 *
 * <ol>
 *   <li>A user identity, when one is looked at, must hold: a wrong passcode is never ignored in
 *       favour of some other proof.
 *   <li>Over plaintext (no TLS), only a {@link ApplicationEntity.Authentication#LEGACY_ADDRESS
 *       legacy} entity connecting from its pinned address is accepted, as itself with the {@link
 *       Role#UPLOADER} role alone. Any user identity it sends is not looked at: Ward does not check
 *       passwords that crossed the network in clear, and the address is what identifies it.
 *   <li>Over TLS, a registered entity proves itself as registered: a certificate entity by the
 *       client certificate whose SHA-256 fingerprint is registered (it acts as itself, or as the
 *       user whose identity it also sends); a user identity entity by the identity of one of Ward's
 *       users (it acts as that user); a legacy entity by its pinned address.
 *   <li>An unregistered calling AE title is not an identity. With the switch {@code
 *       allowUnregisteredWithIdentity} on (the default), an association from an unregistered AE
 *       title over TLS is accepted when it carries a valid user identity, and runs as that user:
 *       people at workstations need not register each one. Otherwise, and always without an
 *       identity, it is rejected with "calling AE title not recognized".
 * </ol>
 *
 * <p>Failed authentication of a known or claimed identity is rejected with PS3.8 9.3.4 result 1
 * (permanent), source 1 (service user), reason 1 (no reason given), as {@link IdentityNegotiation}
 * explains; only an AE title that is neither registered nor backed by an identity gets reason 3
 * (calling AE title not recognized). A positive user identity response is returned when requested
 * (PS3.7 D.3.3.7.2).
 *
 * <p>Every decision goes to the {@link Listener}, with the reason in words, for the log and the
 * audit trail. A listener that throws makes the server refuse the association: what cannot be
 * audited is not done.
 */
public final class DicomAuthenticator implements AssociationGate {

  /**
   * One decision.
   *
   * @param tls whether the connection was TLS
   * @param principal who the association runs as, or null when it was refused
   * @param reason why, in words; never quotes a passcode or token
   */
  public record Outcome(
      String callingAe,
      String calledAe,
      InetSocketAddress peer,
      boolean tls,
      Principal principal,
      String reason) {
    public boolean accepted() {
      return principal != null;
    }
  }

  /** Hears every decision. */
  @FunctionalInterface
  public interface Listener {
    void decided(Outcome outcome);
  }

  private final ApplicationEntities entities;
  private final Users users;
  private final IdentityVerifier verifier;
  private final boolean allowUnregisteredWithIdentity;
  private final Listener listener;

  /**
   * Users sign in with user name and passcode; unregistered AE titles with a valid user identity
   * are accepted.
   */
  public DicomAuthenticator(ApplicationEntities entities, Users users, Listener listener) {
    this(entities, users, users.passcodeVerifier(), true, listener);
  }

  /**
   * @param verifier decides user identities (for example {@link
   *     ward.net.identity.IdentityVerifiers} with {@link Users#passcodeVerifier} and a {@link
   *     ward.net.identity.JwtVerifier}); the name it returns must be one of Ward's users, whose
   *     current roles the association gets
   * @param allowUnregisteredWithIdentity whether an unregistered calling AE title is accepted when
   *     the association carries a valid user identity
   */
  public DicomAuthenticator(
      ApplicationEntities entities,
      Users users,
      IdentityVerifier verifier,
      boolean allowUnregisteredWithIdentity,
      Listener listener) {
    this.entities = Objects.requireNonNull(entities);
    this.users = Objects.requireNonNull(users);
    this.verifier = Objects.requireNonNull(verifier);
    this.allowUnregisteredWithIdentity = allowUnregisteredWithIdentity;
    this.listener = Objects.requireNonNull(listener);
  }

  @Override
  public Decision decide(Request rq) {
    boolean tls = rq.peerCertificates() != null;
    Result result;
    try {
      result = tls ? overTls(rq) : overPlaintext(rq);
    } catch (IdentityStoreException e) {
      result = refused("the identity database failed: " + e.getMessage());
    }
    listener.decided(
        new Outcome(
            rq.callingAe(), rq.calledAe(), rq.peer(), tls, result.principal(), result.reason()));
    return result.decision();
  }

  private Result overPlaintext(Request rq) {
    Optional<ApplicationEntity> registered = entities.find(rq.callingAe());
    if (registered.isEmpty()) {
      return unrecognized(
          "calling AE title " + rq.callingAe() + " is not registered (plaintext connection)");
    }
    ApplicationEntity e = registered.get();
    if (e.authentication() != ApplicationEntity.Authentication.LEGACY_ADDRESS) {
      return refused(e.aeTitle() + " authenticates by " + e.authentication() + " and must use TLS");
    }
    return legacy(rq, e, "plaintext");
  }

  private Result overTls(Request rq) {
    Optional<ApplicationEntity> registered = entities.find(rq.callingAe());
    if (registered.isEmpty()) {
      if (rq.identity() == null) {
        return unrecognized(
            "calling AE title " + rq.callingAe() + " is not registered and sent no user identity");
      }
      if (!allowUnregisteredWithIdentity) {
        return unrecognized(
            "calling AE title "
                + rq.callingAe()
                + " is not registered (unregistered AE titles are not allowed)");
      }
      return asUser(rq, "unregistered calling AE title " + rq.callingAe());
    }
    ApplicationEntity e = registered.get();
    return switch (e.authentication()) {
      case LEGACY_ADDRESS -> legacy(rq, e, "TLS");
      case USER_IDENTITY ->
          rq.identity() == null
              ? refused(e.aeTitle() + " must send a user identity and sent none")
              : asUser(rq, "registered entity " + e.aeTitle());
      case CERTIFICATE -> byCertificate(rq, e);
    };
  }

  private Result byCertificate(Request rq, ApplicationEntity e) {
    String presented = fingerprint(rq.peerCertificates());
    if (presented == null) {
      return refused(e.aeTitle() + " presented no client certificate");
    }
    if (!presented.equals(e.certificateSha256())) {
      return refused(
          "the client certificate (SHA-256 "
              + presented
              + ") is not the one registered for "
              + e.aeTitle());
    }
    if (rq.identity() != null) {
      return asUser(rq, "registered entity " + e.aeTitle() + " (client certificate)");
    }
    return accepted(
        e.principal(), null, "registered entity " + e.aeTitle() + " with its client certificate");
  }

  private static Result legacy(Request rq, ApplicationEntity e, String transport) {
    InetAddress from = rq.peer() == null ? null : rq.peer().getAddress();
    if (from == null || !from.equals(e.pinnedAddress())) {
      return refused(
          "legacy entity "
              + e.aeTitle()
              + " connected from "
              + (from == null ? "an unknown address" : from.getHostAddress())
              + ", not from its pinned address "
              + e.pinnedAddress().getHostAddress());
    }
    return accepted(
        Principal.entity(e.aeTitle(), Set.of(Role.UPLOADER)),
        null,
        "legacy entity " + e.aeTitle() + " from its pinned address over " + transport);
  }

  /** Verifies the user identity and, when it holds, accepts as that user with current roles. */
  private Result asUser(Request rq, String from) {
    UserInformation.UserIdentityRq item = rq.identity();
    UserIdentity identity;
    try {
      identity = UserIdentity.parse(item);
    } catch (IdentityFormatException e) {
      return refused("malformed user identity from " + from + ": " + e.getMessage());
    }
    X509Certificate certificate = null;
    if (!rq.peerCertificates().isEmpty()
        && rq.peerCertificates().get(0) instanceof X509Certificate x) {
      certificate = x;
    }
    Requestor requestor =
        new Requestor(
            rq.peer() == null ? null : rq.peer().getAddress(),
            rq.callingAe(),
            rq.calledAe(),
            Optional.ofNullable(certificate));
    Verdict verdict;
    try {
      verdict = verifier.verify(identity, requestor);
    } catch (RuntimeException e) {
      // a broken verifier refuses; its message might quote what it was given
      return refused(identity.kind() + " verifier failed: " + e.getClass().getSimpleName());
    }
    if (!(verdict instanceof Verdict.Authenticated a)) {
      String why =
          verdict instanceof Verdict.Refused r ? r.reason() : "the verifier decided nothing";
      return refused("user identity from " + from + " refused: " + why);
    }
    Optional<Principal> user = users.principal(a.user().name());
    if (user.isEmpty()) {
      return refused(
          "user identity from " + from + " names " + a.user().name() + ", who is not a Ward user");
    }
    byte[] response = a.serverResponse();
    if (response.length > 0xFFFF) {
      return refused("the " + identity.kind() + " verifier's server response is too long");
    }
    return accepted(
        user.get(),
        IdentityNegotiation.positiveResponse(item, response),
        "user " + user.get().name() + " (" + identity.kind() + ") from " + from);
  }

  /** Lower-case hex SHA-256 of the peer's own certificate, or null when it sent none. */
  private static String fingerprint(List<Certificate> chain) {
    if (chain.isEmpty() || !(chain.get(0) instanceof X509Certificate x)) {
      return null;
    }
    return ApplicationEntity.fingerprint(x);
  }

  /** A decision, the principal when accepted, and the reason in words. */
  private record Result(Decision decision, Principal principal, String reason) {}

  private static Result accepted(
      Principal principal, UserInformation.UserIdentityAc response, String reason) {
    return new Result(new Accept(principal, response), principal, reason);
  }

  private static Result refused(String reason) {
    return new Result(AssociationGate.reject(), null, reason);
  }

  private static Result unrecognized(String reason) {
    return new Result(AssociationGate.rejectCallingAe(), null, reason);
  }
}
