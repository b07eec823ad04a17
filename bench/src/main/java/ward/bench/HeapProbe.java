package ward.bench;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import ward.dicom.DicomFile;

/**
 * Shows that the heap a parse takes does not grow with the pixel data: parses one file once and
 * prints the bytes allocated while parsing, the heap held by the parsed data set (live heap after a
 * full collection with the result held, minus the same once it is dropped), and the peak heap use
 * seen by the collector's pools (garbage included). {@code run-parse-benchmark} runs it once per
 * case, each in a fresh JVM (cases in one JVM disturbed each other's numbers), with a small {@code
 * -Xmx} and the serial collector, so the numbers are exact and the limit itself is proof.
 *
 * <p>Usage: {@code java -Xmx32m -XX:+UseSerialGC -cp ward-bench.jar ward.bench.HeapProbe DIR SET
 * MODE} prints {@code max_heap_bytes file_bytes allocated_bytes retained_bytes peak_heap_bytes},
 * tab-separated.
 */
public final class HeapProbe {
  private HeapProbe() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: HeapProbe DIR SET MODE");
      System.exit(2);
    }
    Path file = FileSet.load(Path.of(args[0]), args[1]).files().get(0);
    ParseMode mode = ParseMode.of(args[2]);
    mode.read(file); // load the classes and warm the caches once
    long[] m = measure(file, mode);
    settle();
    long retained = m[2] - usedHeap();
    System.out.printf(
        "%d\t%d\t%d\t%d\t%d%n",
        Runtime.getRuntime().maxMemory(), Files.size(file), m[0], retained, m[1]);
  }

  /**
   * Parses once; returns the bytes allocated, the peak heap use during the parse, and the live heap
   * after a full collection while the result is still held.
   */
  private static long[] measure(Path file, ParseMode mode) throws IOException {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    settle();
    resetPeaks();
    long allocBefore = threads.getThreadAllocatedBytes(tid);
    DicomFile parsed = mode.read(file);
    try {
      long allocated = threads.getThreadAllocatedBytes(tid) - allocBefore;
      long peak = peakHeap();
      settle();
      return new long[] {allocated, peak, usedHeap()};
    } finally {
      Reference.reachabilityFence(parsed); // keep the result alive while the heap is measured
    }
  }

  @SuppressWarnings("SystemGc") // a measurement of live heap needs a full collection
  private static void settle() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
