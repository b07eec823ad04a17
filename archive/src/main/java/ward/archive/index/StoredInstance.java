package ward.archive.index;

import ward.archive.storage.BlobKey;

/**
 * Where one indexed instance is and what it is.
 *
 * @param blob the stored object: a Part 10 file (preamble, file meta information, data set)
 * @param sha256 digest of the stored object's bytes
 * @param issuerOfPatientId the patient's issuer of patient ID, as indexed, or null
 * @param referringPhysician the study's referring physician as matched (upper case), or null
 * @param institution the study's institution (upper case), or null
 */
public record StoredInstance(
    String patientId,
    String studyInstanceUid,
    String seriesInstanceUid,
    String sopInstanceUid,
    String sopClassUid,
    String transferSyntaxUid,
    BlobKey blob,
    long size,
    byte[] sha256,
    String issuerOfPatientId,
    String referringPhysician,
    String institution) {

  /** Where an instance is, without the attributes that per-study access rules look at. */
  public StoredInstance(
      String patientId,
      String studyInstanceUid,
      String seriesInstanceUid,
      String sopInstanceUid,
      String sopClassUid,
      String transferSyntaxUid,
      BlobKey blob,
      long size,
      byte[] sha256) {
    this(
        patientId,
        studyInstanceUid,
        seriesInstanceUid,
        sopInstanceUid,
        sopClassUid,
        transferSyntaxUid,
        blob,
        size,
        sha256,
        null,
        null,
        null);
  }
}
