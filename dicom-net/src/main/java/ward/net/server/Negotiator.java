package ward.net.server;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.Principal;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import ward.net.AssociationPolicy;
import ward.net.Negotiation;
import ward.net.pdu.Pdu;
import ward.net.pdu.PresentationContext;
import ward.net.pdu.UserInformation;

/**
 * Answers one association request (PS3.8 9.3.2, 9.3.3): checks the called AE title, the application
 * context and the protocol version, asks the {@link AssociationGate}, then negotiates presentation
 * contexts against the registered {@link Services} together with SCP/SCU role selection (PS3.7
 * D.3.3.4). One instance per connection; it keeps the principal the gate returned.
 */
final class Negotiator implements AssociationPolicy {

  private final String aeTitle;
  private final Services services;
  private final AssociationGate gate;
  private final Consumer<ServerEvent> events;
  private final long maxPduLength;
  private final Transport transport;
  private final int artimMillis;
  private volatile Principal principal;
  private volatile boolean reported;

  Negotiator(
      String aeTitle,
      Services services,
      AssociationGate gate,
      Consumer<ServerEvent> events,
      long maxPduLength,
      Transport transport,
      int artimMillis) {
    this.transport = transport;
    this.artimMillis = artimMillis;
    this.aeTitle = aeTitle;
    this.services = services;
    this.gate = gate;
    this.events = events;
    this.maxPduLength = maxPduLength;
  }

  /** Whether a rejection or refusal was reported as an event. */
  boolean reported() {
    return reported;
  }

  /** The principal of the accepted association; null before acceptance. */
  Principal principal() {
    return principal;
  }

  @Override
  public Pdu negotiate(Socket socket, Pdu.AssociateRq rq) {
    transport.noDeadline(); // the request is in; the gate may take its time
    InetSocketAddress peer = peerOf(socket);
    if (!aeTitle.equals(rq.calledAe())) {
      return reject(
          rq,
          peer,
          new AssociationGate.Reject(
              Pdu.AssociateRj.RESULT_PERMANENT,
              Pdu.AssociateRj.SOURCE_SERVICE_USER,
              Pdu.AssociateRj.CALLED_AE_NOT_RECOGNIZED),
          "called AE title is not this server's");
    }
    if (!Pdu.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext())) {
      return reject(
          rq,
          peer,
          new AssociationGate.Reject(
              Pdu.AssociateRj.RESULT_PERMANENT,
              Pdu.AssociateRj.SOURCE_SERVICE_USER,
              Pdu.AssociateRj.APPLICATION_CONTEXT_NOT_SUPPORTED),
          "application context not supported");
    }
    if ((rq.protocolVersion() & 1) == 0) {
      return reject(
          rq,
          peer,
          new AssociationGate.Reject(
              Pdu.AssociateRj.RESULT_PERMANENT,
              Pdu.AssociateRj.SOURCE_PROVIDER_ACSE,
              Pdu.AssociateRj.PROTOCOL_VERSION_NOT_SUPPORTED),
          "protocol version not supported");
    }
    UserInformation.UserIdentityRq identity = rq.userInformation().identityRequest();
    AssociationGate.Decision decision;
    try {
      decision =
          gate.decide(
              new AssociationGate.Request(
                  rq.callingAe(), rq.calledAe(), peer, peerCertificates(socket), identity));
    } catch (RuntimeException e) {
      events.accept(new ServerEvent.HandlerFailed(-1, peer, "association gate", e));
      decision =
          new AssociationGate.Reject(
              Pdu.AssociateRj.RESULT_TRANSIENT,
              Pdu.AssociateRj.SOURCE_SERVICE_USER,
              Pdu.AssociateRj.NO_REASON);
    }
    if (decision instanceof AssociationGate.Reject r) {
      return reject(rq, peer, r, "refused by the association gate");
    }
    AssociationGate.Accept accept = (AssociationGate.Accept) decision;
    UserInformation.UserIdentityAc identityResponse = null;
    if (identity != null && identity.positiveResponseRequested()) {
      identityResponse =
          accept.identityResponse() != null
              ? accept.identityResponse()
              : new UserInformation.UserIdentityAc(new byte[0]);
    }
    List<UserInformation.RoleSelection> roles = new ArrayList<>();
    List<PresentationContext.Result> results = answer(rq, roles);
    Pdu.AssociateAc ac = Negotiation.accept(rq, results, maxPduLength, identityResponse);
    if (!roles.isEmpty()) {
      ac =
          new Pdu.AssociateAc(
              ac.protocolVersion(),
              ac.calledAe(),
              ac.callingAe(),
              ac.applicationContext(),
              ac.presentationContexts(),
              ac.userInformation().withRoles(roles));
    }
    principal = accept.principal();
    return ac;
  }

  /**
   * Answers each proposed context and fills {@code roleAnswers}. The requestor may be SCU where a
   * service is registered; it may be SCP (receive C-STORE sub-operations of a C-GET) for storage
   * SOP classes it proposed with that role, when a C-GET service exists.
   */
  private List<PresentationContext.Result> answer(
      Pdu.AssociateRq rq, List<UserInformation.RoleSelection> roleAnswers) {
    Map<String, UserInformation.RoleSelection> proposedRoles = new LinkedHashMap<>();
    for (UserInformation.RoleSelection r : rq.userInformation().roles()) {
      proposedRoles.putIfAbsent(r.sopClassUid(), r);
    }
    Map<String, UserInformation.RoleSelection> answered = new LinkedHashMap<>();
    List<PresentationContext.Result> results = new ArrayList<>();
    for (PresentationContext.Proposed p : rq.presentationContexts()) {
      String as = p.abstractSyntax();
      List<String> offered = p.transferSyntaxes();
      String anyTs = offered.isEmpty() ? "" : offered.get(0);
      Services.Service service = services.lookup(as);
      UserInformation.RoleSelection proposed = proposedRoles.get(as);
      boolean scuOk = (proposed == null || proposed.scu()) && service != null;
      boolean scpOk =
          proposed != null
              && proposed.scp()
              && services.sendsOnAssociation()
              && (service == null || service instanceof Services.Store);
      if (!scuOk && !scpOk) {
        results.add(
            new PresentationContext.Result(
                p.id(), PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED, anyTs));
        continue;
      }
      String ts = scuOk ? firstOffered(service.transferSyntaxes(), offered) : null;
      if (ts == null && scpOk) {
        // Sub-operations only send an instance in a syntax it has (or can be re-encoded to), so
        // any offered syntax is acceptable; uncompressed ones are preferred.
        ts = firstOffered(Services.UNCOMPRESSED, offered);
        if (ts == null && !offered.isEmpty()) {
          ts = offered.get(0);
        }
      }
      if (ts == null) {
        results.add(
            new PresentationContext.Result(
                p.id(), PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED, anyTs));
        continue;
      }
      results.add(new PresentationContext.Result(p.id(), PresentationContext.ACCEPTANCE, ts));
      if (proposed != null) {
        answered.putIfAbsent(as, new UserInformation.RoleSelection(as, scuOk, scpOk));
      }
    }
    roleAnswers.addAll(answered.values());
    return results;
  }

  private static String firstOffered(List<String> preferred, List<String> offered) {
    for (String ts : preferred) {
      if (offered.contains(ts)) {
        return ts;
      }
    }
    return null;
  }

  private Pdu.AssociateRj reject(
      Pdu.AssociateRq rq, InetSocketAddress peer, AssociationGate.Reject r, String why) {
    transport.deadlineIn(2L * artimMillis); // for the answer and the peer's close (AE-8, ARTIM)
    reported = true;
    events.accept(
        new ServerEvent.Rejected(
            peer, rq.callingAe(), rq.calledAe(), r.result(), r.source(), r.reason(), why));
    return new Pdu.AssociateRj(r.result(), r.source(), r.reason());
  }

  @Override
  public void refused(Socket socket, String reason) {
    reported = true;
    String ours = transport.endReason();
    events.accept(new ServerEvent.Refused(peerOf(socket), ours != null ? ours : reason));
  }

  static InetSocketAddress peerOf(Socket socket) {
    return socket.getRemoteSocketAddress() instanceof InetSocketAddress a ? a : null;
  }

  private static List<Certificate> peerCertificates(Socket socket) {
    if (!(socket instanceof SSLSocket ssl)) {
      return null;
    }
    try {
      return List.of(ssl.getSession().getPeerCertificates());
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }
}
