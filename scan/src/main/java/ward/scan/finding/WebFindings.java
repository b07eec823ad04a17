package ward.scan.finding;

import java.util.ArrayList;
import java.util.List;
import ward.scan.web.WebObservation;
import ward.scan.web.WebObservation.OpenEndpoint;

/** Findings of a web observation: DICOMweb and PACS interfaces open without a login. */
final class WebFindings {
  private WebFindings() {}

  static List<Finding> of(WebObservation w) {
    List<Finding> out = new ArrayList<>();
    if (w == null || !w.speaksHttp()) {
      return out;
    }
    if (w.retrieval() != null && w.retrieval().succeeded()) {
      out.add(
          new Finding(
              "web.retrieve-open",
              Severity.CRITICAL,
              "Images can be retrieved over DICOMweb without a login",
              w.retrieval().detail(),
              "Require authentication on WADO-RS and WADO-URI (OAuth or basic over TLS)."));
    }
    List<String> data = new ArrayList<>();
    List<String> interfaces = new ArrayList<>();
    for (OpenEndpoint e : w.open()) {
      String line =
          e.path()
              + " ("
              + e.kind()
              + ", HTTP "
              + e.status()
              + (e.items() >= 0 ? ", " + e.items() + " entries" : "")
              + ")";
      if (e.patientData() || e.items() > 0 && !e.kind().equals("orthanc-system")) {
        data.add(line);
      } else {
        interfaces.add(line);
      }
    }
    if (!data.isEmpty()) {
      out.add(
          new Finding(
              "web.data-open",
              Severity.HIGH,
              "Patient data readable over "
                  + w.scheme().toUpperCase(java.util.Locale.ROOT)
                  + " without a login",
              String.join("; ", data),
              "Require authentication on every route (for Orthanc: AuthenticationEnabled true,"
                  + " RemoteAccessAllowed only with users; for DICOMweb: OAuth or basic over"
                  + " TLS)."));
    }
    if (!interfaces.isEmpty()) {
      out.add(
          new Finding(
              "web.interface-open",
              Severity.MEDIUM,
              "PACS web interface or REST API open without a login",
              String.join("; ", interfaces),
              "Require a login for the web interface and the REST API."));
    }
    if (!w.defaultCredentials().isEmpty()) {
      List<String> d = new ArrayList<>();
      for (OpenEndpoint e : w.defaultCredentials()) {
        d.add(e.path() + " (" + e.kind() + ")");
      }
      out.add(
          new Finding(
              "web.default-credentials",
              Severity.HIGH,
              "A well-known default user name and password are accepted",
              String.join("; ", d),
              "Change or remove the default account."));
    }
    if ("http".equals(w.scheme()) && (!w.open().isEmpty() || !w.closed().isEmpty())) {
      out.add(
          new Finding(
              "web.plaintext",
              w.open().isEmpty() ? Severity.LOW : Severity.MEDIUM,
              "PACS web interface over plain HTTP",
              "answered over http without TLS",
              "Serve HTTPS only; credentials and images sent over HTTP can be read on the way."));
    }
    if (w.open().isEmpty() && w.defaultCredentials().isEmpty() && !w.closed().isEmpty()) {
      out.add(
          new Finding(
              "web.login-required",
              Severity.LOW,
              "PACS web endpoints answer but require a login",
              String.join(", ", w.closed()),
              "Hardened; restrict the port if it need not be reachable from here."));
    }
    return out;
  }
}
