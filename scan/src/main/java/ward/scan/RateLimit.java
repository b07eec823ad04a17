package ward.scan;

/** At most {@code perSecond} connections a second over the whole scan, spaced evenly. */
public final class RateLimit {
  private final long intervalNanos;
  private long next = System.nanoTime();

  public RateLimit(int perSecond) {
    this.intervalNanos = 1_000_000_000L / perSecond;
  }

  /** Waits for the next slot. */
  public void acquire() {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = Math.max(now, next);
      next = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
