package ward.net.identity;

import ward.net.pdu.Pdu;
import ward.net.pdu.UserInformation.UserIdentityAc;
import ward.net.pdu.UserInformation.UserIdentityRq;

/**
 * The acceptor's half of User Identity Negotiation (PS3.7 D.3.3.7): parse what the requestor
 * asserts, ask the verifier, and produce either the principal with the response sub-item to put in
 * the A-ASSOCIATE-AC, or the A-ASSOCIATE-RJ to send.
 *
 * <p>Refusals use result 1 (rejected-permanent), source 1 (DICOM UL service-user), reason 1
 * (no-reason-given), as dcm4che and dcmtk-based servers do: PS3.8 Table 9-21 has no "bad
 * credentials" reason, "calling AE title not recognized" would be wrong, and one answer for every
 * refusal (unknown user, wrong passcode, expired token, no identity at all) tells a guesser
 * nothing. The reason in words goes to Ward's log and audit trail only.
 */
public final class IdentityNegotiation {
  private IdentityNegotiation() {}

  /** The A-ASSOCIATE-RJ for every identity refusal. */
  public static final Pdu.AssociateRj REJECT =
      new Pdu.AssociateRj(
          Pdu.AssociateRj.RESULT_PERMANENT,
          Pdu.AssociateRj.SOURCE_SERVICE_USER,
          Pdu.AssociateRj.NO_REASON);

  /** The outcome for one association request. */
  public sealed interface Outcome permits Accepted, Rejected {}

  /**
   * The identity holds.
   *
   * @param response the sub-item for the A-ASSOCIATE-AC, or null when the requestor asked for none
   *     (then the AC must carry none: PS3.7 D.3.3.7)
   */
  public record Accepted(AuthenticatedUser user, UserIdentityAc response) implements Outcome {}

  /** The identity does not hold; send {@code reject} and log {@code reason}. */
  public record Rejected(String reason, Pdu.AssociateRj reject) implements Outcome {}

  /**
   * Decides on the user identity of {@code rq}. A request without a user identity sub-item is
   * rejected: Ward has no anonymous access (a registered legacy modality is admitted, if at all, by
   * the association policy before it gets here).
   */
  public static Outcome negotiate(
      Pdu.AssociateRq rq, Requestor requestor, IdentityVerifier verifier) {
    UserIdentityRq item = rq.userInformation().identityRequest();
    if (item == null) {
      return rejected("no user identity was offered");
    }
    UserIdentity identity;
    try {
      identity = UserIdentity.parse(item);
    } catch (IdentityFormatException e) {
      return rejected("malformed user identity: " + e.getMessage());
    }
    Verdict verdict;
    try {
      verdict = verifier.verify(identity, requestor);
    } catch (RuntimeException e) {
      // a broken plug-in refuses; its message may not quote the secret it was given
      return rejected(identity.kind() + " verifier failed: " + e.getClass().getSimpleName());
    }
    if (verdict instanceof Verdict.Authenticated a) {
      if (a.serverResponse().length > 0xFFFF) {
        return rejected("the " + identity.kind() + " verifier's server response is too long");
      }
      return new Accepted(a.user(), positiveResponse(item, a.serverResponse()));
    }
    if (verdict instanceof Verdict.Refused r) {
      return rejected(r.reason());
    }
    return rejected("the verifier decided nothing");
  }

  /**
   * The user identity sub-item of the A-ASSOCIATE-AC (PS3.7 D.3.3.7.2), or null when the requestor
   * did not ask for a positive response. The server response is empty for types 1 and 2; for
   * Kerberos (3) it is the server ticket and for SAML (4) the SAML response, as the verifier gave
   * them; for JWT (5) the standard names no content, so it is whatever the verifier gave (Ward's
   * {@link JwtVerifier} gives nothing).
   */
  public static UserIdentityAc positiveResponse(UserIdentityRq rq, byte[] serverResponse) {
    if (!rq.positiveResponseRequested()) {
      return null;
    }
    boolean empty =
        rq.type() == UserIdentity.Kind.USERNAME.code
            || rq.type() == UserIdentity.Kind.USERNAME_AND_PASSCODE.code;
    if (empty || serverResponse == null) {
      return new UserIdentityAc(new byte[0]);
    }
    if (serverResponse.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "a server response of " + serverResponse.length + " bytes does not fit the sub-item");
    }
    return new UserIdentityAc(serverResponse.clone());
  }

  private static Rejected rejected(String reason) {
    return new Rejected(reason, REJECT);
  }
}
