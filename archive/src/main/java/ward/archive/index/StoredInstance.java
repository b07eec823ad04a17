package ward.archive.index;

import ward.archive.storage.BlobKey;

/**
 * Where one indexed instance is and what it is.
 *
 * @param blob the stored object: a Part 10 file (preamble, file meta information, data set)
 * @param sha256 digest of the stored object's bytes
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
    byte[] sha256) {}
