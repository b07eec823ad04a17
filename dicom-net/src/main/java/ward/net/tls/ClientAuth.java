package ward.net.tls;

/** Whether a TLS server asks its clients for a certificate (PS3.15 B.1: peer authentication). */
public enum ClientAuth {
  /** No certificate is requested: clients are identified some other way (user identity). */
  NONE,
  /**
   * A certificate is requested; a client without one is still served, one with a bad one is not.
   */
  OPTIONAL,
  /** A client without a certificate from a trusted CA is refused during the handshake. */
  REQUIRED
}
