package ward.scan.finding;

import java.util.Objects;

/**
 * One thing the scanner found on an endpoint.
 *
 * @param id a stable identifier of the kind of finding (for example {@code dicom.query-open}), used
 *     to compare scans
 * @param severity how bad it is
 * @param title one line saying what was found
 * @param evidence what was observed on the wire, without patient data
 * @param remediation what to change
 */
public record Finding(
    String id, Severity severity, String title, String evidence, String remediation) {
  public Finding {
    Objects.requireNonNull(id);
    Objects.requireNonNull(severity);
    Objects.requireNonNull(title);
    evidence = evidence == null ? "" : evidence;
    remediation = remediation == null ? "" : remediation;
  }
}
