package ward.archive.ingest;

/** What ingest does with a Part 10 object whose preamble holds an executable ({@link Preamble}). */
public enum PreamblePolicy {
  /** Refuse it, keep it byte for byte in the quarantine (encrypted, never served), and alert. */
  QUARANTINE,
  /** Store it with the preamble zeroed (as every stored object has), and alert. */
  ZERO
}
