package ward.scan.finding;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A scan in the terms of the public studies: systems checked, systems open, studies and images
 * exposed.
 *
 * @param endpoints endpoints probed
 * @param systemsChecked endpoints that answered DICOM or HTTP
 * @param systemsOpen of those, the ones that gave data or images to an unauthenticated caller (a
 *     finding of high or critical severity)
 * @param studiesExposed studies counted by unauthenticated queries
 * @param imagesExposed instances in those studies (where countable)
 * @param patientsExposed patients counted by unauthenticated patient-level queries
 * @param bySeverity how many findings of each severity
 */
public record Aggregate(
    int endpoints,
    int systemsChecked,
    int systemsOpen,
    long studiesExposed,
    long imagesExposed,
    long patientsExposed,
    Map<Severity, Integer> bySeverity) {

  public Aggregate {
    bySeverity = Map.copyOf(bySeverity);
  }

  public static Aggregate of(List<EndpointReport> reports) {
    int checked = 0;
    int open = 0;
    long studies = 0;
    long images = 0;
    long patients = 0;
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      counts.put(s, 0);
    }
    for (EndpointReport r : reports) {
      if (r.service().startsWith("dicom") || r.service().startsWith("http")) {
        checked++;
      }
      if (r.open()) {
        open++;
      }
      if (r.dicom() != null && r.dicom().query() != null) {
        studies += r.dicom().query().studies();
        images += Math.max(0, r.dicom().query().instances());
        patients += r.dicom().query().patients();
      }
      for (Finding f : r.findings()) {
        counts.merge(f.severity(), 1, Integer::sum);
      }
    }
    return new Aggregate(reports.size(), checked, open, studies, images, patients, counts);
  }

  /** The worst severity found, or null. */
  public Severity worst() {
    for (Severity s : Severity.values()) {
      if (bySeverity.getOrDefault(s, 0) > 0) {
        return s;
      }
    }
    return null;
  }
}
