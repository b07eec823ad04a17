package ward.scan.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import ward.scan.finding.Aggregate;
import ward.scan.finding.Assessment;
import ward.scan.finding.EndpointReport;
import ward.scan.finding.Observations;
import ward.scan.finding.ScanReport;
import ward.scan.finding.Severity;
import ward.scan.report.JsonReport;

class ScanDiffTest {

  static String report(EndpointReport... rs) {
    List<EndpointReport> l = List.of(rs);
    return JsonReport.write(new ScanReport("a", "b", l, Aggregate.of(l), List.of()));
  }

  @Test
  void tellsWhatGotWorseAndWhatBetter() {
    String before =
        report(
            Assessment.of(
                Observations.endpoint("a", 104),
                Observations.open(null, null, false, false),
                null,
                null),
            Assessment.of(Observations.endpoint("b", 105), Observations.hardened(), null, null));
    String after =
        report(
            Assessment.of(Observations.endpoint("a", 104), Observations.hardened(), null, null),
            Assessment.of(
                Observations.endpoint("b", 105),
                Observations.open(null, Observations.exposure(4, 8, false), false, false),
                null,
                null));
    ScanDiff d = ScanDiff.of(before, after);
    assertThat(d.gotWorse()).isTrue();
    assertThat(d.worstNew()).isEqualTo(Severity.HIGH);
    assertThat(d.worse()).anyMatch(l -> l.startsWith("127.0.0.1:105: new [high]"));
    assertThat(d.better()).anyMatch(l -> l.startsWith("127.0.0.1:104: gone [medium]"));
    assertThat(d.totals().get("studiesExposed")).isEqualTo("0 -> 4");
  }

  @Test
  void sameScanIsNoChange() {
    String r =
        report(Assessment.of(Observations.endpoint("b", 105), Observations.hardened(), null, null));
    ScanDiff d = ScanDiff.of(r, r);
    assertThat(d.gotWorse()).isFalse();
    assertThat(d.better()).isEmpty();
  }

  @Test
  void refusesWhatIsNotAReport() {
    assertThatThrownBy(() -> ScanDiff.of("{}", "{}")).hasMessageContaining("not a report");
    assertThatThrownBy(() -> ScanDiff.of("nope", "{}")).hasMessageContaining("not JSON");
  }
}
