package ward.scan.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ward.scan.dicom.ActiveTest;
import ward.scan.dicom.AeAttempt;
import ward.scan.dicom.DicomObservation;
import ward.scan.dicom.QueryExposure;
import ward.scan.finding.Aggregate;
import ward.scan.finding.EndpointReport;
import ward.scan.finding.Finding;
import ward.scan.finding.ScanReport;
import ward.scan.finding.Severity;
import ward.scan.tls.TlsObservation;
import ward.scan.web.WebObservation;

/** The scan as JSON for machines (and for {@code ward scan diff}). No patient data is in it. */
public final class JsonReport {
  private JsonReport() {}

  /** The format's name and version, first in every report. */
  public static final String FORMAT = "ward-scan/1";

  public static String write(ScanReport report) {
    return Json.write(tree(report));
  }

  static Map<String, Object> tree(ScanReport report) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("started", report.started());
    m.put("finished", report.finished());
    m.put("aggregate", aggregate(report.aggregate()));
    List<Object> eps = new ArrayList<>();
    for (EndpointReport e : report.endpoints()) {
      eps.add(endpoint(e));
    }
    m.put("endpoints", eps);
    m.put("sent", report.sent());
    return m;
  }

  static Map<String, Object> aggregate(Aggregate a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("endpoints", a.endpoints());
    m.put("systemsChecked", a.systemsChecked());
    m.put("systemsOpen", a.systemsOpen());
    m.put("studiesExposed", a.studiesExposed());
    m.put("imagesExposed", a.imagesExposed());
    m.put("patientsExposed", a.patientsExposed());
    Map<String, Object> s = new LinkedHashMap<>();
    for (Severity sev : Severity.values()) {
      s.put(sev.label(), a.bySeverity().getOrDefault(sev, 0));
    }
    m.put("findingsBySeverity", s);
    return m;
  }

  static Map<String, Object> endpoint(EndpointReport e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", e.host());
    m.put("address", e.address());
    m.put("service", e.service());
    m.put("worst", e.worst() == null ? null : e.worst().label());
    m.put("open", e.open());
    List<Object> fs = new ArrayList<>();
    for (Finding f : e.findings()) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("id", f.id());
      fm.put("severity", f.severity().label());
      fm.put("title", f.title());
      fm.put("evidence", f.evidence());
      fm.put("remediation", f.remediation());
      fs.add(fm);
    }
    m.put("findings", fs);
    if (e.dicom() != null) {
      m.put("dicom", dicom(e.dicom()));
    }
    if (e.tls() != null) {
      m.put("tls", tls(e.tls()));
    }
    if (e.web() != null) {
      m.put("web", web(e.web()));
    }
    return m;
  }

  static Map<String, Object> dicom(DicomObservation d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reachable", d.reachable());
    m.put("transport", d.transport());
    m.put("acceptedCalledAe", d.acceptedCalledAe());
    m.put("anyCalledAe", d.anyCalledAe());
    m.put("implementationClassUid", d.implementationClassUid());
    m.put("implementationVersion", d.implementationVersion());
    m.put("echoStatus", d.echoStatus());
    m.put("services", d.services());
    m.put("transferSyntaxes", d.transferSyntaxes());
    List<Object> attempts = new ArrayList<>();
    for (AeAttempt a : d.attempts()) {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("calledAe", a.calledAe());
      am.put("withIdentity", a.withIdentity());
      am.put("outcome", a.outcome().name().toLowerCase(java.util.Locale.ROOT));
      if (a.outcome() == AeAttempt.Outcome.REJECTED) {
        am.put("result", a.result());
        am.put("source", a.source());
        am.put("reason", a.reason());
      }
      am.put("detail", a.detail());
      attempts.add(am);
    }
    m.put("associations", attempts);
    QueryExposure q = d.query();
    if (q != null) {
      Map<String, Object> qm = new LinkedHashMap<>();
      qm.put("studyQueryStatus", q.studyQueryStatus());
      qm.put("studies", q.studies());
      qm.put("instances", q.instances());
      qm.put("instancesCounted", q.instancesCounted());
      qm.put("patientQueryStatus", q.patientQueryStatus());
      qm.put("patients", q.patients());
      qm.put("exposedAttributes", q.exposedAttributes());
      qm.put("ssnShapedValues", q.ssnShaped());
      qm.put("truncated", q.truncated());
      qm.put("refusal", q.refusal());
      m.put("query", qm);
    }
    if (d.retrieval() != null) {
      m.put("retrieval", active(d.retrieval()));
    }
    if (d.storage() != null) {
      m.put("storage", active(d.storage()));
    }
    if (d.note() != null) {
      m.put("note", d.note());
    }
    return m;
  }

  static Map<String, Object> active(ActiveTest t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attempted", t.attempted());
    m.put("succeeded", t.succeeded());
    m.put("detail", t.detail());
    return m;
  }

  static Map<String, Object> tls(TlsObservation t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("protocols", t.protocols());
    m.put("untestedProtocols", t.untestedProtocols());
    m.put("cipherSuites", t.cipherSuites());
    m.put("weakSuites", t.weakSuites());
    m.put("subject", t.subject());
    m.put("issuer", t.issuer());
    m.put("notAfter", t.notAfter());
    m.put("expired", t.expired());
    m.put("trusted", t.trusted());
    m.put("selfSigned", t.selfSigned());
    m.put("key", t.keyDescription());
    m.put("clientCertificateRequired", t.clientCertificateRequired());
    return m;
  }

  static Map<String, Object> web(WebObservation w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scheme", w.scheme());
    m.put("server", w.server());
    List<Object> open = new ArrayList<>();
    for (WebObservation.OpenEndpoint o : w.open()) {
      open.add(openEndpoint(o));
    }
    m.put("open", open);
    m.put("loginRequired", w.closed());
    List<Object> def = new ArrayList<>();
    for (WebObservation.OpenEndpoint o : w.defaultCredentials()) {
      def.add(openEndpoint(o));
    }
    m.put("defaultCredentials", def);
    if (w.retrieval() != null) {
      m.put("retrieval", active(w.retrieval()));
    }
    return m;
  }

  private static Map<String, Object> openEndpoint(WebObservation.OpenEndpoint o) {
    Map<String, Object> om = new LinkedHashMap<>();
    om.put("path", o.path());
    om.put("kind", o.kind());
    om.put("status", o.status());
    om.put("items", o.items());
    om.put("patientData", o.patientData());
    return om;
  }
}
