package ward.scan.finding;

import java.util.ArrayList;
import java.util.List;
import ward.scan.dicom.AeAttempt;
import ward.scan.dicom.DicomObservation;
import ward.scan.dicom.QueryExposure;

/** The findings a DICOM observation gives, each with its evidence and what to change. */
final class DicomFindings {
  private DicomFindings() {}

  static List<Finding> of(DicomObservation d) {
    List<Finding> out = new ArrayList<>();
    if (d == null || !d.reachable()) {
      return out;
    }
    if (!d.speaksDicom()) {
      return out;
    }
    if (d.tlsRequiresClientCertificate()) {
      out.add(
          new Finding(
              "dicom.tls-client-certificate",
              Severity.LOW,
              "DICOM over TLS, a client certificate is required",
              "the TLS handshake was refused without a client certificate",
              "Keep requiring client certificates or user identity; check that the port must be"
                  + " reachable from where this scan ran."));
      return out;
    }
    if (d.accepted()) {
      acceptedFindings(d, out);
    } else {
      out.add(
          new Finding(
              "dicom.hardened",
              Severity.LOW,
              "DICOM answers but refused every association request",
              rejections(d),
              "Hardened; if the port need not be reachable from here, restrict it by firewall."));
    }
    if (d.implementationClassUid() != null) {
      out.add(
          new Finding(
              "dicom.fingerprint",
              Severity.INFO,
              "Implementation "
                  + d.implementationClassUid()
                  + (d.implementationVersion() == null
                      ? ""
                      : " (" + d.implementationVersion() + ")"),
              "A-ASSOCIATE-AC implementation class UID and version name (PS3.7 D.3.3.2, D.3.3.3)",
              "Keep the software current; the version name tells an attacker which one it is."));
    }
    return out;
  }

  private static void acceptedFindings(DicomObservation d, List<Finding> out) {
    String how =
        d.anyCalledAe()
            ? "an invented called AE title (" + d.acceptedCalledAe() + ")"
            : "the called AE title " + d.acceptedCalledAe();
    boolean invented = false;
    for (AeAttempt a : d.attempts()) {
      if (a.outcome() == AeAttempt.Outcome.ACCEPTED && a.withIdentity()) {
        invented = true;
      }
    }
    if (d.storage() != null && d.storage().succeeded()) {
      out.add(
          new Finding(
              "dicom.store-open",
              Severity.CRITICAL,
              "Images can be stored without authentication",
              d.storage().detail() + "; association with " + how,
              "Require authentication (TLS client certificates or user identity) for C-STORE;"
                  + " accept storage only from registered modalities. Delete the test instance."));
    }
    if (d.retrieval() != null && d.retrieval().succeeded()) {
      out.add(
          new Finding(
              "dicom.retrieve-open",
              Severity.CRITICAL,
              "Images can be retrieved without authentication",
              d.retrieval().detail() + "; association with " + how,
              "Require authentication for C-GET and C-MOVE; allow retrieval only to known"
                  + " destinations."));
    }
    QueryExposure q = d.query();
    if (q != null && q.anyMatch()) {
      out.add(
          new Finding(
              "dicom.query-open",
              Severity.HIGH,
              "Patient data readable by C-FIND without authentication",
              exposure(q) + "; association with " + how,
              "Require authentication (TLS with client certificates or user identity) for"
                  + " C-FIND; never accept unknown calling AE titles."));
    } else if (q != null && q.answered()) {
      out.add(
          new Finding(
              "dicom.query-answered",
              Severity.MEDIUM,
              "C-FIND answered without authentication (nothing matched)",
              exposure(q) + "; association with " + how,
              "Require authentication for C-FIND before data arrives."));
    }
    if (invented) {
      out.add(
          new Finding(
              "dicom.identity-unchecked",
              Severity.MEDIUM,
              "An invented user name and passcode were accepted",
              "A-ASSOCIATE-RQ with user identity (PS3.7 D.3.3.7) of an invented user was accepted",
              "Verify user identity against a user store; reject unknown users."));
    } else if (d.anyCalledAe()) {
      out.add(
          new Finding(
              "dicom.any-ae",
              Severity.MEDIUM,
              "Any caller is accepted: an invented called AE title and an unknown calling AE"
                  + " title",
              "association accepted with " + how + ", services: " + String.join(", ", d.services()),
              "Check the called AE title and accept only registered calling AE titles, and"
                  + " authenticate them (TLS client certificates or user identity)."));
    } else {
      out.add(
          new Finding(
              "dicom.common-ae",
              Severity.MEDIUM,
              "An unknown caller is accepted under a common AE title",
              "association accepted with " + how + " from an unregistered calling AE title",
              "Accept only registered calling AE titles, authenticated by TLS client certificates"
                  + " or user identity."));
    }
    boolean storage = false;
    for (String s : d.services()) {
      if (s.endsWith("Storage")) {
        storage = true;
      }
    }
    if (storage && (d.storage() == null || !d.storage().succeeded())) {
      out.add(
          new Finding(
              "dicom.storage-offered",
              Severity.MEDIUM,
              "Storage presentation contexts accepted from an unauthenticated caller",
              "accepted transfer syntaxes for CT storage: "
                  + String.join(", ", d.transferSyntaxes())
                  + (d.storage() == null ? "" : "; " + d.storage().detail()),
              "Accept storage only from authenticated, registered modalities."));
    }
    if ("plain".equals(d.transport())) {
      out.add(
          new Finding(
              "dicom.plaintext",
              Severity.MEDIUM,
              "DICOM without TLS",
              "the association was accepted over plain TCP",
              "Offer DICOM over TLS (PS3.15 B.1, BCP 195 profile) and close the plaintext port."));
    }
  }

  static String exposure(QueryExposure q) {
    StringBuilder b = new StringBuilder();
    b.append(q.studies()).append(" studies, ");
    b.append(q.instances() < 0 ? "unknown number of" : Long.toString(q.instances()));
    b.append(" instances (").append(q.instancesCounted()).append(")");
    if (q.patientQueryStatus() >= 0) {
      b.append(", ").append(q.patients()).append(" patients");
    }
    if (!q.exposedAttributes().isEmpty()) {
      b.append("; attributes returned: ").append(String.join(", ", q.exposedAttributes()));
    }
    b.append("; SSN-shaped values: ").append(q.ssnShaped() ? "yes" : "no");
    if (q.truncated()) {
      b.append("; stopped at the match limit (counts are lower bounds)");
    }
    if (q.refusal() != null) {
      b.append("; ").append(q.refusal());
    }
    return b.toString();
  }

  /** What the rejections say about how the server decides (PS3.8 Table 9-21). */
  static String verdict(DicomObservation d) {
    boolean callingChecked = false;
    boolean refusedWithoutReason = false;
    boolean refusedInventedIdentity = false;
    boolean onlyCalledUnknown = true;
    for (AeAttempt a : d.attempts()) {
      if (a.outcome() != AeAttempt.Outcome.REJECTED) {
        continue;
      }
      if (!a.calledAeNotRecognized()) {
        onlyCalledUnknown = false;
      }
      if (a.callingAeNotRecognized()) {
        callingChecked = true;
      }
      if (a.source() == 1 && a.reason() == 1) {
        refusedWithoutReason = true;
        refusedInventedIdentity |= a.withIdentity();
      }
    }
    if (callingChecked) {
      return refusedInventedIdentity
          ? "checks the calling AE title and requires credentials (an invented user identity was"
              + " refused)"
          : "checks the calling AE title";
    }
    if (refusedWithoutReason) {
      return refusedInventedIdentity
          ? "requires credentials (refused without and with an invented user identity)"
          : "refuses this caller without giving a reason";
    }
    if (onlyCalledUnknown) {
      return "no called AE title tried was recognized (give the site's with --ae)";
    }
    return "refuses this caller";
  }

  private static String rejections(DicomObservation d) {
    int calledUnknown = 0;
    List<String> other = new ArrayList<>();
    for (AeAttempt a : d.attempts()) {
      if (a.calledAeNotRecognized()) {
        calledUnknown++;
      } else {
        other.add(
            a.calledAe()
                + (a.withIdentity() ? " with invented user identity" : "")
                + ": "
                + a.detail());
      }
    }
    StringBuilder b = new StringBuilder(d.transport()).append(": ");
    b.append(verdict(d)).append(" — ");
    if (calledUnknown > 0) {
      b.append(calledUnknown).append(" called AE titles rejected as not recognized");
    }
    if (!other.isEmpty()) {
      if (calledUnknown > 0) {
        b.append("; ");
      }
      b.append(String.join("; ", other));
    }
    return b.toString();
  }
}
