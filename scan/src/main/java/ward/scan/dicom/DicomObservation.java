package ward.scan.dicom;

import java.util.List;

/**
 * Everything the DICOM probe saw on one port.
 *
 * @param reachable whether a TCP connection was made
 * @param transport "plain", "tls", or null when no DICOM was spoken
 * @param attempts every association request and its answer, in order
 * @param acceptedCalledAe the called AE title that was accepted, or null
 * @param anyCalledAe whether an invented (random) called AE title was accepted
 * @param services names of the SOP classes accepted without credentials
 * @param transferSyntaxes transfer syntaxes accepted for image storage
 * @param implementationClassUid the acceptor's implementation class UID (a fingerprint), or null
 * @param implementationVersion the acceptor's implementation version name, or null
 * @param echoStatus the C-ECHO status, or -1 when not run
 * @param tlsRequiresClientCertificate whether the TLS handshake failed for want of a client
 *     certificate
 * @param query what queries revealed, or null when no query service was accepted
 * @param retrieval the opt-in retrieval test
 * @param storage the opt-in storage test
 * @param note a remark on why no DICOM was seen, or null
 */
public record DicomObservation(
    boolean reachable,
    String transport,
    List<AeAttempt> attempts,
    String acceptedCalledAe,
    boolean anyCalledAe,
    List<String> services,
    List<String> transferSyntaxes,
    String implementationClassUid,
    String implementationVersion,
    int echoStatus,
    boolean tlsRequiresClientCertificate,
    QueryExposure query,
    ActiveTest retrieval,
    ActiveTest storage,
    String note) {

  public DicomObservation {
    attempts = List.copyOf(attempts);
    services = List.copyOf(services);
    transferSyntaxes = List.copyOf(transferSyntaxes);
  }

  /** True when the port answered the DICOM upper layer protocol at all. */
  public boolean speaksDicom() {
    return transport != null;
  }

  public boolean accepted() {
    return acceptedCalledAe != null;
  }

  static DicomObservation unreachable(String why) {
    return new DicomObservation(
        false, null, List.of(), null, false, List.of(), List.of(), null, null, -1, false, null,
        null, null, why);
  }
}
