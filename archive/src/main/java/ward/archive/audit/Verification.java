package ward.archive.audit;

import java.util.List;

/**
 * What {@link AuditTrail#verify()} found.
 *
 * @param records how many records were checked
 * @param checkpoints how many signed checkpoints were checked
 * @param firstBad the first record that was edited, removed or moved, or 0 when none
 * @param problems every problem found, in words; empty when the trail is intact
 */
public record Verification(long records, long checkpoints, long firstBad, List<String> problems) {
  public Verification {
    problems = List.copyOf(problems);
  }

  public boolean intact() {
    return problems.isEmpty();
  }
}
