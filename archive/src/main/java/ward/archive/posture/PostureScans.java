package ward.archive.posture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@link Posture} scans on a worker of their own, one at a time, each bounded by a timeout,
 * and keeps the last result. A scan asked for while one runs does not start another: the caller
 * gets the running one's result. Nothing here blocks the caller: results come as futures.
 */
public final class PostureScans implements AutoCloseable {

  /**
   * One finished scan.
   *
   * @param requestedBy the user who asked for it
   * @param report the scanner's report, JSON
   */
  public record Result(Instant startedAt, Instant finishedAt, String requestedBy, String report) {
    public Result {
      Objects.requireNonNull(startedAt);
      Objects.requireNonNull(finishedAt);
      Objects.requireNonNull(report);
    }
  }

  private final Posture posture;
  private final Duration timeout;
  private final Clock clock;
  private final ExecutorService worker;
  private CompletableFuture<Result> current;
  private volatile Result last;

  public PostureScans(Posture posture, Duration timeout, Clock clock) {
    this.posture = Objects.requireNonNull(posture);
    this.timeout = Objects.requireNonNull(timeout);
    this.clock = Objects.requireNonNull(clock);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a scan needs a positive timeout");
    }
    this.worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "ward-posture");
              t.setDaemon(true);
              return t;
            });
  }

  public Duration timeout() {
    return timeout;
  }

  /** The last scan that finished, if any. */
  public Optional<Result> last() {
    return Optional.ofNullable(last);
  }

  /**
   * Starts a scan, or joins the one running. The future fails with a {@link TimeoutException} when
   * the scan takes longer than the timeout (the scan is then interrupted).
   */
  public synchronized CompletableFuture<Result> run(String requestedBy) {
    if (current != null && !current.isDone()) {
      return current;
    }
    CompletableFuture<Result> out = new CompletableFuture<>();
    Future<?> task =
        worker.submit(
            () -> {
              Instant started = clock.instant();
              try {
                String report = posture.scan();
                Result r = new Result(started, clock.instant(), requestedBy, report);
                last = r;
                out.complete(r);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.completeExceptionally(e);
              } catch (Exception | Error e) {
                out.completeExceptionally(e);
              }
            });
    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              if (out.completeExceptionally(
                  new TimeoutException(
                      "the scan did not finish within " + timeout.toSeconds() + " s"))) {
                task.cancel(true);
              }
            });
    current = out;
    return out;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
