package ward.net.identity;

import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.Optional;
import ward.net.pdu.Pdu;
import ward.net.tls.TlsProfile;

/**
 * Who is asking, besides the identity they assert: where from, under which AE titles, and with
 * which TLS client certificate. Verifiers use it for lockout and audit, never as proof of identity.
 */
public record Requestor(
    InetAddress address,
    String callingAe,
    String calledAe,
    Optional<X509Certificate> clientCertificate) {

  public static Requestor of(Socket socket, Pdu.AssociateRq rq) {
    return new Requestor(
        socket.getInetAddress(), rq.callingAe(), rq.calledAe(), TlsProfile.peerCertificate(socket));
  }
}
