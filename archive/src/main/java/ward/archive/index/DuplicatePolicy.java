package ward.archive.index;

/** What happens when an instance arrives whose SOP Instance UID is already stored. */
public enum DuplicatePolicy {
  /** Refuse the new copy; the stored one stays. */
  REJECT,
  /** Keep the stored copy and report success for the new one, which is discarded. */
  KEEP,
  /** Replace the stored copy with the new one. */
  REPLACE
}
