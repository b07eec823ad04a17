package ward.archive.ingest;

import java.util.List;
import ward.archive.storage.BlobKey;

/** What ingest tells the rest of the archive (the audit trail, the log) as it happens. */
public interface IngestEvents {

  /** Tells nothing. */
  IngestEvents NONE =
      new IngestEvents() {
        @Override
        public void executablePreamble(ExecutablePreamble event) {}

        @Override
        public void minimized(Minimized event) {}
      };

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

  /**
   * Identifiers were removed from an instance before it was stored; the changes name attributes,
   * never values.
   *
   * @param patientId the Patient ID stored (a pseudonym if it was replaced)
   */
  record Minimized(
      String source,
      String studyInstanceUid,
      String sopInstanceUid,
      String patientId,
      List<Minimization.Change> changes) {}

  void executablePreamble(ExecutablePreamble event);

  void minimized(Minimized event);
}
