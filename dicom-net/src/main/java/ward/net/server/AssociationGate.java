package ward.net.server;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Objects;
import ward.net.pdu.Pdu;
import ward.net.pdu.UserInformation;

/**
 * The application's decision on who may associate: the one place a DICOM caller is authenticated.
 * The server asks it for every association request whose called AE title and application context
 * are right, before any presentation context is negotiated; there is no default that lets anyone
 * in.
 */
@FunctionalInterface
public interface AssociationGate {

  Decision decide(Request request);

  /**
   * What is known about a caller when it asks to associate.
   *
   * @param callingAe the AE title the peer gives for itself (not proof of anything)
   * @param calledAe the AE title it called
   * @param peer its address
   * @param peerCertificates the TLS client certificate chain, the peer's own first; empty when TLS
   *     is used without a client certificate, null when the connection is not TLS
   * @param identity the user identity negotiation item (PS3.7 D.3.3.7), or null
   */
  record Request(
      String callingAe,
      String calledAe,
      InetSocketAddress peer,
      List<Certificate> peerCertificates,
      UserInformation.UserIdentityRq identity) {
    public Request {
      peerCertificates = peerCertificates == null ? null : List.copyOf(peerCertificates);
    }
  }

  /** Accept with a principal, or reject. */
  sealed interface Decision permits Accept, Reject {}

  /**
   * Accepts the association for {@code principal}, who is passed to every service call.
   *
   * @param identityResponse the server response for a positive user identity response (Kerberos,
   *     SAML, JWT), or null; when the peer asked for a response and none is given, an empty one is
   *     sent
   */
  record Accept(Principal principal, UserInformation.UserIdentityAc identityResponse)
      implements Decision {
    public Accept {
      Objects.requireNonNull(principal, "an accepted association needs a principal");
    }
  }

  /** Rejects with the result, source and reason of PS3.8 9.3.4 (constants in Pdu.AssociateRj). */
  record Reject(int result, int source, int reason) implements Decision {}

  static Decision accept(Principal principal) {
    return new Accept(principal, null);
  }

  /** Permanent rejection by the service user: calling AE title not recognized. */
  static Decision rejectCallingAe() {
    return new Reject(
        Pdu.AssociateRj.RESULT_PERMANENT,
        Pdu.AssociateRj.SOURCE_SERVICE_USER,
        Pdu.AssociateRj.CALLING_AE_NOT_RECOGNIZED);
  }

  /** Permanent rejection by the service user, no reason given (used for failed authentication). */
  static Decision reject() {
    return new Reject(
        Pdu.AssociateRj.RESULT_PERMANENT,
        Pdu.AssociateRj.SOURCE_SERVICE_USER,
        Pdu.AssociateRj.NO_REASON);
  }
}
