package ward.dicom;

/**
 * A Part 10 file: preamble, file meta information (group 0002) and the data set.
 *
 * @param preamble the 128-byte preamble as read, or null when the input had none
 * @param fileMeta the file meta information; empty for a raw data set
 * @param dataSet the data set
 * @param transferSyntax how the data set was (or is to be) encoded
 */
public record DicomFile(
    byte[] preamble, DataSet fileMeta, DataSet dataSet, TransferSyntax transferSyntax) {}
