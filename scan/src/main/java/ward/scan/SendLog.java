package ward.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scanner sent, one line per connection or request, so an administrator can see exactly
 * what touched their systems. It holds no answers and no patient data.
 */
public final class SendLog {
  private final List<String> lines = new ArrayList<>();

  /** Notes one thing sent to {@code endpoint}. */
  public synchronized void sent(String endpoint, String what) {
    lines.add(Instant.now() + " " + endpoint + " " + what);
  }

  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }
}
