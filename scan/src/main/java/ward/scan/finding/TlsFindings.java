package ward.scan.finding;

import java.util.ArrayList;
import java.util.List;
import ward.scan.tls.TlsObservation;

/** Findings of a TLS observation, judged against the BCP 195 profiles of PS3.15 B.9 and B.10. */
final class TlsFindings {
  private TlsFindings() {}

  static List<Finding> of(TlsObservation t) {
    List<Finding> out = new ArrayList<>();
    if (t == null) {
      return out;
    }
    List<String> old = new ArrayList<>();
    for (String p : t.protocols()) {
      if (!p.equals("TLSv1.2") && !p.equals("TLSv1.3")) {
        old.add(p);
      }
    }
    if (!old.isEmpty()) {
      out.add(
          new Finding(
              "tls.old-protocol",
              Severity.MEDIUM,
              "TLS versions older than 1.2 accepted",
              "handshakes completed with " + String.join(", ", old),
              "Offer only TLS 1.2 and 1.3 (PS3.15 B.9, BCP 195 / RFC 9325)."));
    }
    if (!t.weakSuites().isEmpty()) {
      out.add(
          new Finding(
              "tls.weak-suites",
              Severity.MEDIUM,
              "Cipher suites outside the BCP 195 profile accepted",
              String.join(", ", t.weakSuites()),
              "Accept only AEAD suites with forward secrecy (ECDHE/DHE with AES-GCM or"
                  + " ChaCha20-Poly1305), as PS3.15 B.9 recommends."));
    }
    if (t.expired()) {
      out.add(
          new Finding(
              "tls.expired",
              Severity.MEDIUM,
              "The server certificate is outside its validity period",
              "not after " + t.notAfter() + ", subject " + t.subject(),
              "Renew the certificate."));
    }
    if (!t.trusted()) {
      out.add(
          new Finding(
              "tls.untrusted",
              Severity.LOW,
              t.selfSigned()
                  ? "The server certificate is self-signed"
                  : "The server certificate does not chain to a trusted authority",
              "subject " + t.subject() + ", issuer " + t.issuer(),
              "Give clients the issuing CA (--trust) or use a certificate from the site's CA;"
                  + " clients must verify it, never accept any certificate."));
    }
    out.add(
        new Finding(
            "tls.summary",
            Severity.INFO,
            "TLS " + String.join(", ", t.protocols()),
            t.cipherSuites().size()
                + " cipher suites accepted of those tried for TLS 1.2 and 1.3; certificate "
                + t.keyDescription()
                + ", valid until "
                + t.notAfter()
                + (t.clientCertificateRequired() ? "; client certificate required" : "")
                + (t.untestedProtocols().isEmpty()
                    ? ""
                    : "; not tested (this runtime cannot offer them): "
                        + String.join(", ", t.untestedProtocols())),
            ""));
    return out;
  }
}
