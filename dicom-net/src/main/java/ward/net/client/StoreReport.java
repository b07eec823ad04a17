package ward.net.client;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a C-STORE run.
 *
 * @param results one per file, in the order they were answered
 * @param bytesSent the size of the files that were stored
 * @param elapsed from the first association request to the last release
 * @param associations how many associations were opened
 */
public record StoreReport(
    List<StoreResult> results, long bytesSent, Duration elapsed, int associations) {

  public StoreReport {
    results = List.copyOf(results);
  }

  public long storedCount() {
    return results.stream().filter(StoreResult::stored).count();
  }

  public List<StoreResult> failures() {
    return results.stream().filter(r -> !r.stored()).toList();
  }

  public List<StoreResult> warnings() {
    return results.stream().filter(StoreResult::warning).toList();
  }

  public double instancesPerSecond() {
    return storedCount() / seconds();
  }

  /** Megabytes (10^6 bytes) of stored files per second. */
  public double megabytesPerSecond() {
    return bytesSent / 1e6 / seconds();
  }

  private double seconds() {
    return Math.max(elapsed.toNanos(), 1) / 1e9;
  }
}
