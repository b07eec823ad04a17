package ward.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * CPU time of the benchmark thread over JMH's measurement iterations. Wall-clock throughput on a
 * shared machine follows the other tenants' load; the CPU time an operation takes much less so. At
 * the end of a trial it prints one line, {@value #PREFIX} followed by nanoseconds per operation,
 * which {@code run-parse-benchmark} reads from JMH's output.
 *
 * <p>One meter belongs to one benchmark state and its single benchmark thread.
 */
final class CpuMeter {
  static final String PREFIX = "ward-cpu-ns-per-op ";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long iterationStart;
  private long ops;
  private long measuredNanos;
  private long measuredOps;

  /** Counts one operation; called from the benchmark method. */
  void count() {
    ops++;
  }

  /** At the start of an iteration, in the benchmark thread. */
  void start() {
    ops = 0;
    iterationStart = threads.getCurrentThreadCpuTime();
  }

  /** At the end of an iteration, in the benchmark thread. */
  void stop(IterationParams iteration) {
    long used = threads.getCurrentThreadCpuTime() - iterationStart;
    if (iteration.getType() == IterationType.MEASUREMENT) {
      measuredNanos += used;
      measuredOps += ops;
    }
  }

  void report() {
    if (measuredOps > 0) {
      System.out.println(PREFIX + (double) measuredNanos / measuredOps);
    }
  }
}
