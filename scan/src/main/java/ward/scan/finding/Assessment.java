package ward.scan.finding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import ward.scan.dicom.DicomObservation;
import ward.scan.target.Endpoint;
import ward.scan.tls.TlsObservation;
import ward.scan.web.WebObservation;

/** Turns what the probes saw on one endpoint into findings, worst first. */
public final class Assessment {
  private Assessment() {}

  public static EndpointReport of(
      Endpoint endpoint, DicomObservation dicom, TlsObservation tls, WebObservation web) {
    List<Finding> findings = new ArrayList<>();
    findings.addAll(DicomFindings.of(dicom));
    findings.addAll(TlsFindings.of(tls));
    findings.addAll(WebFindings.of(web));
    String service = service(dicom, web);
    if ("open".equals(service)) {
      findings.add(
          new Finding(
              "port.open",
              Severity.INFO,
              "Port open, no DICOM or HTTP answer",
              dicom != null && dicom.note() != null ? dicom.note() : "",
              ""));
    }
    findings.sort(Comparator.comparing(Finding::severity));
    return new EndpointReport(endpoint.host(), endpoint.key(), service, dicom, tls, web, findings);
  }

  static String service(DicomObservation dicom, WebObservation web) {
    if (dicom != null && dicom.speaksDicom()) {
      return "tls".equals(dicom.transport()) ? "dicom-tls" : "dicom";
    }
    if (web != null && web.speaksHttp()) {
      return web.scheme();
    }
    if (dicom != null && dicom.reachable()) {
      return "open";
    }
    if (web != null && web.reachable()) {
      return "open";
    }
    return "closed";
  }
}
