package ward.net.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import ward.dicom.DataSet;
import ward.dicom.DicomFile;
import ward.dicom.DicomReader;
import ward.dicom.DicomWriter;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;
import ward.dicom.UID;
import ward.dicom.VR;

/** Invented CT instances for tests: no real patient is in them. */
final class Synthetic {
  private Synthetic() {}

  /** A CT image of {@code rows} x 256 16-bit pixels. */
  static DataSet ct(
      String patientName,
      String patientId,
      String studyDate,
      String studyUid,
      String seriesUid,
      String sopUid,
      int rows) {
    byte[] pixels = new byte[rows * 256 * 2];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 31 + sopUid.hashCode());
    }
    return DataSet.builder()
        .setString(Tags.SOPClassUID, VR.UI, UID.CTImageStorage)
        .setString(Tags.SOPInstanceUID, VR.UI, sopUid)
        .setString(Tags.StudyDate, VR.DA, studyDate)
        .setString(Tags.StudyTime, VR.TM, "101500")
        .setString(Tags.AccessionNumber, VR.SH, "A" + Math.abs(studyUid.hashCode() % 100000))
        .setString(Tags.Modality, VR.CS, "CT")
        .setString(Tags.PatientName, VR.PN, patientName)
        .setString(Tags.PatientID, VR.LO, patientId)
        .setString(Tags.PatientBirthDate, VR.DA, "19700101")
        .setString(Tags.PatientSex, VR.CS, "O")
        .setString(Tags.StudyInstanceUID, VR.UI, studyUid)
        .setString(Tags.SeriesInstanceUID, VR.UI, seriesUid)
        .setString(Tags.StudyID, VR.SH, "1")
        .setString(Tags.SeriesNumber, VR.IS, "1")
        .setString(Tags.InstanceNumber, VR.IS, "1")
        .setInts(Tags.SamplesPerPixel, VR.US, 1)
        .setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2")
        .setInts(Tags.Rows, VR.US, rows)
        .setInts(Tags.Columns, VR.US, 256)
        .setInts(Tags.BitsAllocated, VR.US, 16)
        .setInts(Tags.BitsStored, VR.US, 12)
        .setInts(Tags.HighBit, VR.US, 11)
        .setInts(Tags.PixelRepresentation, VR.US, 0)
        .setBytes(Tags.PixelData, VR.OW, pixels)
        .build();
  }

  static Path write(Path file, DataSet ds, String transferSyntax) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      DicomWriter.writeFile(
          out,
          DicomWriter.fileMetaFor(
              ds.getString(Tags.SOPClassUID), ds.getString(Tags.SOPInstanceUID), transferSyntax),
          ds);
    }
    return file;
  }

  static Path write(Path file, DataSet ds) throws IOException {
    return write(file, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
  }

  static DataSet read(Path file) throws IOException {
    DicomFile d = DicomReader.readFile(file);
    return d.dataSet();
  }

  /** The bytes of a Part 10 file after its file meta information. */
  static byte[] dataSetBytes(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    long offset = StoreJob.dataSetOffset(file);
    return java.util.Arrays.copyOfRange(all, (int) offset, all.length);
  }

  static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
