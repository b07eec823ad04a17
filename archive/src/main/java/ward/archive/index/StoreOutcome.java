package ward.archive.index;

/**
 * What recording an instance did.
 *
 * @param replaced the instance this one replaced (its blob is now unreferenced), or null
 */
public record StoreOutcome(Kind kind, StoredInstance replaced) {
  public enum Kind {
    /** New: indexed. */
    STORED,
    /** Already there and the policy keeps the stored copy: nothing recorded. */
    KEPT_EXISTING,
    /** Already there and replaced. */
    REPLACED,
    /** Already there and the policy refuses duplicates. */
    REJECTED_DUPLICATE
  }
}
