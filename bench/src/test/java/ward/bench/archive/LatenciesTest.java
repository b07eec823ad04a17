package ward.bench.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesAreNearestRankOverTheSortedSamples() {
    long[] nanos = new long[100];
    for (int i = 0; i < 100; i++) {
      nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted on purpose
    }
    Latencies l = Latencies.of(nanos);
    assertThat(l.percentileNanos(50)).isEqualTo(50_000_000L);
    assertThat(l.percentileNanos(95)).isEqualTo(95_000_000L);
    assertThat(l.percentileNanos(100)).isEqualTo(100_000_000L);
    assertThat(l.summary()).isEqualTo("100 50.000 95.000 50.500 1.000 100.000");
  }

  @Test
  void aSingleSampleIsEveryPercentile() {
    Latencies l = Latencies.of(7_000_000L);
    assertThat(l.percentileNanos(1)).isEqualTo(7_000_000L);
    assertThat(l.percentileNanos(95)).isEqualTo(7_000_000L);
  }

  @Test
  void refusesNoSamplesAndPercentilesOutOfRange() {
    assertThatThrownBy(Latencies::of).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Latencies.of(1).percentileNanos(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
