package ward.archive.ingest;

import ward.archive.storage.BlobKey;

/** What ingest tells the rest of the archive (the audit trail, the log) as it happens. */
public interface IngestEvents {

  /** Tells nothing. */
  IngestEvents NONE = e -> {};

  /**
   * An object arrived with an executable in its preamble.
   *
   * @param quarantined where it is kept, or null when it is not
   * @param refused whether it was refused (else stored with the preamble zeroed)
   */
  record ExecutablePreamble(
      Preamble preamble,
      String source,
      String sopClassUid,
      String sopInstanceUid,
      BlobKey quarantined,
      boolean refused) {}

  void executablePreamble(ExecutablePreamble event);
}
