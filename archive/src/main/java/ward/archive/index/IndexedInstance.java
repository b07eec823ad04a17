package ward.archive.index;

import java.time.Instant;
import ward.archive.storage.BlobKey;
import ward.dicom.DataSet;

/**
 * An instance to record: its attributes (the data set without pixel data or other bulk values),
 * where it is stored and how it arrived.
 *
 * @param attributes the data set's attributes; the patient, study, series and instance keys are
 *     taken from it
 * @param source the principal that stored it (user name or AE title)
 */
public record IndexedInstance(
    DataSet attributes,
    String transferSyntaxUid,
    BlobKey blob,
    long size,
    byte[] sha256,
    Instant received,
    String source) {}
