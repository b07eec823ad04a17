package ward.archive.auth;

/** What an action is done to. */
public sealed interface Resource {

  /** The archive as a whole (for example a query before any study is known). */
  record Archive() implements Resource {}

  /**
   * One study, with what decides who may see it: the patient ID (patients), the issuer of patient
   * ID, the referring physician and the institution (per-study rules); any may be null when not
   * known.
   */
  record Study(
      String studyInstanceUid,
      String patientId,
      String issuerOfPatientId,
      String referringPhysician,
      String institution)
      implements Resource {
    public Study(String studyInstanceUid, String patientId) {
      this(studyInstanceUid, patientId, null, null, null);
    }
  }

  /** The system itself: users, entities, configuration, audit. */
  record Administration() implements Resource {}

  Resource ARCHIVE = new Archive();
  Resource SYSTEM = new Administration();
}
