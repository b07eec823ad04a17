package ward.scan.finding;

import java.util.List;

/**
 * A whole scan.
 *
 * @param started when it began (ISO 8601)
 * @param finished when it ended
 * @param endpoints the assessment of each endpoint, in the order given
 * @param aggregate the totals
 * @param sent what was sent, one line each
 */
public record ScanReport(
    String started,
    String finished,
    List<EndpointReport> endpoints,
    Aggregate aggregate,
    List<String> sent) {
  public ScanReport {
    endpoints = List.copyOf(endpoints);
    sent = List.copyOf(sent);
  }
}
