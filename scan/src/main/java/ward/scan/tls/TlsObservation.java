package ward.scan.tls;

import java.util.List;

/**
 * What a TLS server offered and presented.
 *
 * @param protocols protocol versions the server completed a handshake with
 * @param untestedProtocols versions this runtime could not offer, so their support is unknown
 * @param cipherSuites suites the server accepted (TLS 1.2 and 1.3)
 * @param weakSuites the accepted suites outside the BCP 195 profiles (PS3.15 B.9, B.10)
 * @param subject the server certificate's subject
 * @param issuer its issuer
 * @param notAfter the end of its validity (ISO 8601)
 * @param expired whether it has expired (or is not yet valid)
 * @param trusted whether its chain leads to a trusted authority
 * @param selfSigned whether it signs itself
 * @param keyDescription its key, e.g. "RSA 2048" or "EC 256"
 * @param clientCertificateRequired whether the server refused the handshake without a client
 *     certificate
 */
public record TlsObservation(
    List<String> protocols,
    List<String> untestedProtocols,
    List<String> cipherSuites,
    List<String> weakSuites,
    String subject,
    String issuer,
    String notAfter,
    boolean expired,
    boolean trusted,
    boolean selfSigned,
    String keyDescription,
    boolean clientCertificateRequired) {
  public TlsObservation {
    protocols = List.copyOf(protocols);
    untestedProtocols = List.copyOf(untestedProtocols);
    cipherSuites = List.copyOf(cipherSuites);
    weakSuites = List.copyOf(weakSuites);
  }
}
