package ward.bench.archive;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latencies of repeated requests, summarised by nearest-rank percentiles: p50 is the median a user
 * typically waits, p95 what one request in twenty takes or more.
 */
final class Latencies {
  private final long[] sortedNanos;

  private Latencies(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    sortedNanos = nanos.clone();
    Arrays.sort(sortedNanos);
  }

  static Latencies of(long... nanos) {
    return new Latencies(nanos);
  }

  int count() {
    return sortedNanos.length;
  }

  /** The nearest-rank percentile: the smallest sample with at least {@code p}% at or below it. */
  long percentileNanos(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(rank, 1) - 1];
  }

  double meanNanos() {
    double sum = 0;
    for (long n : sortedNanos) {
      sum += n;
    }
    return sum / sortedNanos.length;
  }

  /** {@code count p50 p95 mean min max}, times in milliseconds. */
  String summary() {
    return String.format(
        Locale.ROOT,
        "%d %.3f %.3f %.3f %.3f %.3f",
        count(),
        millis(percentileNanos(50)),
        millis(percentileNanos(95)),
        meanNanos() / 1e6,
        millis(sortedNanos[0]),
        millis(sortedNanos[sortedNanos.length - 1]));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
