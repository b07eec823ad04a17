package ward.net;

import java.net.Socket;
import ward.net.pdu.Pdu;

/**
 * What an acceptor decides about each association request. It sees the calling and called AE
 * titles, the user identity, and through the socket the peer address and the TLS session (with the
 * client certificate when one was presented), and answers before any DIMSE message is processed.
 */
public interface AssociationPolicy {

  /**
   * Answers an association request.
   *
   * @return an {@link Pdu.AssociateAc} to accept, or an {@link Pdu.AssociateRj} to reject
   */
  Pdu negotiate(Socket socket, Pdu.AssociateRq request);

  /** Told when a connection ends before or instead of a request: a probe, a stall, garbage. */
  default void refused(Socket socket, String reason) {}
}
