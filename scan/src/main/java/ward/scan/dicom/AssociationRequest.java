package ward.scan.dicom;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import ward.dicom.UID;
import ward.net.Association;
import ward.net.AssociationAbortedException;
import ward.net.AssociationRejectedException;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.client.ClientSettings;
import ward.net.client.DicomClient;
import ward.net.client.Peer;
import ward.net.pdu.PresentationContext;
import ward.net.pdu.UserInformation;
import ward.net.pdu.UserInformation.UserIdentityRq;
import ward.scan.ProbeContext;
import ward.scan.target.Endpoint;

/**
 * One A-ASSOCIATE-RQ (PS3.8 9.3.2) of the probe and what came back: the accepted contexts, the
 * acceptor's implementation class UID and version name and a C-ECHO (PS3.7 9.1.5), or the
 * rejection's result, source and reason (PS3.8 9.3.4), an abort, or silence.
 */
final class AssociationRequest {

  private final ProbeContext context;

  AssociationRequest(ProbeContext context) {
    this.context = context;
  }

  ClientSettings clientSettings(SocketFactory factory, UserIdentityRq identity) {
    java.time.Duration t = context.settings().timeout();
    return ClientSettings.defaults()
        .withCallingAe(context.settings().callingAe())
        .withTimeouts(t, t)
        .withSocketFactory(factory)
        .withIdentity(identity);
  }

  /** What an accepted association offered. */
  record Accepted(
      String calledAe,
      UserIdentityRq identity,
      Set<String> services,
      Set<String> transferSyntaxes,
      String implementationUid,
      String implementationVersion,
      int echoStatus) {}

  record Attempt(
      AeAttempt record,
      Accepted accepted,
      boolean needsClientCertificate,
      String implementationUid,
      String implementationVersion) {
    boolean spokeDicom() {
      return record.outcome() == AeAttempt.Outcome.ACCEPTED
          || record.outcome() == AeAttempt.Outcome.REJECTED
          || record.outcome() == AeAttempt.Outcome.ABORTED;
    }
  }

  Attempt attempt(
      Endpoint endpoint,
      String host,
      SocketFactory factory,
      String transport,
      String calledAe,
      UserIdentityRq identity) {
    DicomClient client =
        new DicomClient(
            new Peer(calledAe, host, endpoint.port()), clientSettings(factory, identity));
    context.rate().acquire();
    context
        .log()
        .sent(
            endpoint.key(),
            transport
                + " A-ASSOCIATE-RQ called="
                + calledAe
                + " calling="
                + context.settings().callingAe()
                + (identity == null ? "" : " user-identity=invented"));
    try (Association a = client.open(DicomProbe.CONTEXTS, List.of())) {
      Set<String> services = new LinkedHashSet<>();
      Set<String> syntaxes = new LinkedHashSet<>();
      for (PresentationContext.Result r : a.results()) {
        if (!r.accepted()) {
          continue;
        }
        String sop = a.abstractSyntaxOf(r.id());
        services.add(sop);
        if (UID.CTImageStorage.equals(sop)) {
          syntaxes.add(r.transferSyntax());
        }
      }
      UserInformation ui = a.acceptance().userInformation();
      String impl = ui == null ? null : ui.implementationClassUid();
      String version = ui == null ? null : ui.implementationVersionName();
      int echo = -1;
      int pc = a.contextFor(UID.Verification, null);
      if (pc > 0) {
        echo = echo(a, pc, endpoint.key());
      }
      Accepted acc = new Accepted(calledAe, identity, services, syntaxes, impl, version, echo);
      AeAttempt rec =
          new AeAttempt(
              calledAe,
              identity != null,
              AeAttempt.Outcome.ACCEPTED,
              0,
              0,
              0,
              "accepted "
                  + services.size()
                  + " of "
                  + DicomProbe.CONTEXTS.size()
                  + " presentation contexts");
      return new Attempt(rec, acc, false, impl, version);
    } catch (AssociationRejectedException e) {
      var rj = e.reject();
      return new Attempt(
          new AeAttempt(
              calledAe,
              identity != null,
              AeAttempt.Outcome.REJECTED,
              rj.result(),
              rj.source(),
              rj.reason(),
              rj.describe()),
          null,
          false,
          null,
          null);
    } catch (AssociationAbortedException e) {
      String m = e.getMessage() == null ? "aborted" : e.getMessage();
      // An A-ABORT is DICOM; a closed connection, a timeout or a malformed answer is not.
      AeAttempt.Outcome o =
          m.startsWith("aborted")
                  || m.contains("A-ABORT")
                  || m.toLowerCase(Locale.ROOT).startsWith("abort")
              ? AeAttempt.Outcome.ABORTED
              : AeAttempt.Outcome.NO_ANSWER;
      return new Attempt(
          new AeAttempt(calledAe, identity != null, o, 0, 0, 0, m), null, false, null, null);
    } catch (SSLException e) {
      String m = String.valueOf(e.getMessage());
      boolean cert =
          m.contains("bad_certificate")
              || m.contains("certificate_required")
              || m.contains("handshake_failure") && m.contains("certificate");
      return new Attempt(
          new AeAttempt(calledAe, identity != null, AeAttempt.Outcome.FAILED, 0, 0, 0, "TLS: " + m),
          null,
          cert,
          null,
          null);
    } catch (IOException | RuntimeException e) {
      return new Attempt(
          new AeAttempt(
              calledAe,
              identity != null,
              AeAttempt.Outcome.FAILED,
              0,
              0,
              0,
              String.valueOf(e.getMessage())),
          null,
          false,
          null,
          null);
    }
  }

  /** C-ECHO (PS3.7 9.1.5) on an open association; the status, or -1 when it failed. */
  private int echo(Association a, int pc, String key) {
    try {
      int id = a.nextMessageId();
      context.log().sent(key, "C-ECHO-RQ");
      a.send(pc, Commands.request(Commands.C_ECHO_RQ, id, UID.Verification, false).build(), null);
      DimseMessage rsp = a.receive();
      if (rsp == null) {
        return -1;
      }
      if (rsp.data() != null) {
        rsp.data().close();
      }
      return rsp.status();
    } catch (IOException e) {
      return -1;
    }
  }
}
