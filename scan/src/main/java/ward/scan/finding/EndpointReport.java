package ward.scan.finding;

import java.util.List;
import ward.scan.dicom.DicomObservation;
import ward.scan.tls.TlsObservation;
import ward.scan.web.WebObservation;

/**
 * The assessment of one host and port.
 *
 * @param host the host as given
 * @param address the address:port probed
 * @param service what answered: "dicom", "dicom-tls", "http", "https", "open" (something else) or
 *     "closed"
 * @param dicom the DICOM observation, or null
 * @param tls the TLS observation, or null
 * @param web the web observation, or null
 * @param findings what was found, worst first
 */
public record EndpointReport(
    String host,
    String address,
    String service,
    DicomObservation dicom,
    TlsObservation tls,
    WebObservation web,
    List<Finding> findings) {
  public EndpointReport {
    findings = List.copyOf(findings);
  }

  /** The worst severity found, or null when nothing was. */
  public Severity worst() {
    Severity w = null;
    for (Finding f : findings) {
      if (w == null || f.severity().atLeast(w)) {
        w = f.severity();
      }
    }
    return w;
  }

  /** Whether anything answered on this port. */
  public boolean reachable() {
    return !"closed".equals(service);
  }

  /** Open in the studies' sense: data or images reachable without authentication. */
  public boolean open() {
    for (Finding f : findings) {
      if (f.severity().atLeast(Severity.HIGH)) {
        return true;
      }
    }
    return false;
  }
}
