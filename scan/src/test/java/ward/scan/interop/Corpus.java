package ward.scan.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;

/**
 * Invented studies with known counts for the exposure tests: three studies of two invented patients
 * with 2, 3 and 1 instances; one patient ID has the shape of a US Social Security number (an
 * invented one) so the flag can be seen to work.
 */
final class Corpus {
  private Corpus() {}

  static final int STUDIES = 3;
  static final int INSTANCES = 6;
  static final int PATIENTS = 2;
  static final String SSN_SHAPED_ID = "000-12-3456";
  static final String PATIENT_NAME = "INVENTED^PATIENT";

  static List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    int[] perStudy = {2, 3, 1};
    String[] patient = {SSN_SHAPED_ID, SSN_SHAPED_ID, "INV-2"};
    for (int s = 0; s < perStudy.length; s++) {
      for (int i = 0; i < perStudy[s]; i++) {
        String study = "2.25.9900" + s;
        String sop = study + "." + (i + 1);
        DataSet ds =
            DataSet.builder()
                .setString(Tags.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
                .setString(Tags.SOPInstanceUID, VR.UI, sop)
                .setString(Tags.StudyInstanceUID, VR.UI, study)
                .setString(Tags.SeriesInstanceUID, VR.UI, study + ".1")
                .setString(Tags.PatientName, VR.PN, PATIENT_NAME + (s == 2 ? "TWO" : ""))
                .setString(Tags.PatientID, VR.LO, patient[s])
                .setString(Tags.PatientBirthDate, VR.DA, "19700101")
                .setString(Tags.StudyDate, VR.DA, "2020010" + (s + 1))
                .setString(Tags.StudyTime, VR.TM, "101500")
                .setString(Tags.AccessionNumber, VR.SH, "ACC" + s)
                .setString(Tags.StudyID, VR.SH, "S" + s)
                .setString(Tags.Modality, VR.CS, "OT")
                .setString(Tags.SeriesNumber, VR.IS, "1")
                .setString(Tags.InstanceNumber, VR.IS, Integer.toString(i + 1))
                .setString(Tags.ConversionType, VR.CS, "WSD")
                .setInts(Tags.SamplesPerPixel, VR.US, 1)
                .setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .setInts(Tags.Rows, VR.US, 8)
                .setInts(Tags.Columns, VR.US, 8)
                .setInts(Tags.BitsAllocated, VR.US, 8)
                .setInts(Tags.BitsStored, VR.US, 8)
                .setInts(Tags.HighBit, VR.US, 7)
                .setInts(Tags.PixelRepresentation, VR.US, 0)
                .setBytes(Tags.PixelData, VR.OB, new byte[64])
                .build();
        Path f = dir.resolve(sop + ".dcm");
        try (OutputStream out = Files.newOutputStream(f)) {
          DicomWriter.writeFile(
              out,
              DicomWriter.fileMetaFor(
                  UID.SecondaryCaptureImageStorage, sop, UID.ExplicitVRLittleEndian),
              ds);
        }
        files.add(f);
      }
    }
    return files;
  }
}
