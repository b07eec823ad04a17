package ward.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import ward.scan.finding.Aggregate;
import ward.scan.finding.Assessment;
import ward.scan.finding.EndpointReport;
import ward.scan.finding.Observations;
import ward.scan.finding.ScanReport;

class HtmlReportTest {

  static ScanReport hostile() {
    String evil = "<script src=\"https://evil.example/x.js\"></script><img onerror=alert(1)>";
    List<EndpointReport> rs =
        List.of(
            Assessment.of(
                Observations.endpoint(evil, 104),
                Observations.open(evil, Observations.exposure(3, 6, true), true, false),
                null,
                null),
            Assessment.of(
                Observations.endpoint("ward", 2762), Observations.hardened(), null, null));
    return new ScanReport(
        "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", rs, Aggregate.of(rs), List.of());
  }

  @Test
  void escapesEverythingFromTheTargetAndLoadsNothing() {
    String html = HtmlReport.write(hostile());
    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("onerror=alert(1)>");
    assertThat(html).contains("&lt;script src=&quot;https://evil.example/x.js&quot;&gt;");
    // nothing fetched from elsewhere: the only URL is the SVG namespace
    assertThat(html.replace("http://www.w3.org/2000/svg", "").replace("https://evil.example", ""))
        .doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(html).contains("<svg").contains("critical: 1").contains("high: 1");
    assertThat(html).contains("From 2026-01-01 00:00:00 UTC to 2026-01-01 00:00:01 UTC.");
  }

  @Test
  void jsonCarriesTheCountsAndNoPatientValues() {
    String json = JsonReport.write(hostile());
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> m = (java.util.Map<String, Object>) Json.read(json);
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> a = (java.util.Map<String, Object>) m.get("aggregate");
    assertThat(a.get("studiesExposed")).isEqualTo(3L);
    assertThat(a.get("imagesExposed")).isEqualTo(6L);
    assertThat(a.get("systemsOpen")).isEqualTo(1L);
  }
}
