package ward.archive.index;

import static ward.archive.index.TestInstance.BASIC_TEXT_SR;
import static ward.archive.index.TestInstance.MR_IMAGE;

import ward.dicom.Tags;
import ward.dicom.VR;

/**
 * Invented patients and their studies, shared by the query tests.
 *
 * <pre>
 * PID-1 Doe^Jane        1.2.3.1 20240105 101500 CT Chest   CT series (3 images), SR series (1)
 *                       1.2.3.2 20240107 0930   MR Head    MR series (1 image, 20 frames)
 * PID-2 DOE^JOHN        1.2.3.3 20240106 230000 CT Abdomen CT series (2 images)
 * PID-3 Smith^Anna^^Dr  1.2.3.4 20230601 (no time)         CT series (1)
 * P%_'"! O'Brien^...    1.2.3.5 20220101, hostile values   CT series (1)
 * PID-5 Müller^Jürgen   1.2.3.6 20210101 (ISO_IR 100)      CT series (1)
 * PID-6 Yamada^Tarou=山田^太郎 1.2.3.7 20200101 (ISO_IR 192) CT series (1)
 * </pre>
 */
final class TestClinic {
  private TestClinic() {}

  static final String HOSTILE_ID = "P%_'\"!";
  static final String HOSTILE_DESCRIPTION = "50% off_'; DROP TABLE study; --";

  static void load(Index index) throws IndexException {
    // PID-1, study 1: a CT series of three images and an SR series
    for (int n = 1; n <= 3; n++) {
      record(
          index,
          doeJane("1.2.3.1", "1.2.3.1.1", "1.2.3.1.1." + n)
              .text(Tags.StudyDate, VR.DA, "20240105")
              .text(Tags.StudyTime, VR.TM, "101500")
              .text(Tags.AccessionNumber, VR.SH, "ACC-1")
              .text(Tags.StudyID, VR.SH, "S-1")
              .text(Tags.ReferringPhysicianName, VR.PN, "Welby^Marcus")
              .text(Tags.StudyDescription, VR.LO, "CT Chest")
              .text(Tags.AdmittingDiagnosesDescription, VR.LO, "Cough")
              .text(Tags.SeriesNumber, VR.IS, "1")
              .text(Tags.SeriesDescription, VR.LO, "Axial 5mm")
              .text(Tags.BodyPartExamined, VR.CS, "CHEST")
              .text(Tags.PerformedProcedureStepStartDate, VR.DA, "20240105")
              .text(Tags.PerformedProcedureStepStartTime, VR.TM, "1015")
              .text(Tags.InstanceNumber, VR.IS, String.valueOf(n))
              .number(Tags.Rows, VR.US, 512)
              .number(Tags.Columns, VR.US, 512)
              .text(Tags.AcquisitionDateTime, VR.DT, "2024010510" + (15 + n) + "00")
              .text(Tags.InstitutionName, VR.LO, "Invented General"));
    }
    record(
        index,
        doeJane("1.2.3.1", "1.2.3.1.2", "1.2.3.1.2.1")
            .text(Tags.SOPClassUID, VR.UI, BASIC_TEXT_SR)
            .text(Tags.Modality, VR.CS, "SR")
            .text(Tags.SeriesNumber, VR.IS, "2")
            .text(Tags.SeriesDescription, VR.LO, "Report")
            .text(Tags.InstanceNumber, VR.IS, "1"));
    // PID-1, study 2: MR
    record(
        index,
        doeJane("1.2.3.2", "1.2.3.2.1", "1.2.3.2.1.1")
            .text(Tags.SOPClassUID, VR.UI, MR_IMAGE)
            .text(Tags.Modality, VR.CS, "MR")
            .text(Tags.StudyDate, VR.DA, "20240107")
            .text(Tags.StudyTime, VR.TM, "0930")
            .text(Tags.AccessionNumber, VR.SH, "ACC-3")
            .text(Tags.StudyDescription, VR.LO, "MR Head")
            .text(Tags.SeriesNumber, VR.IS, "1")
            .text(Tags.InstanceNumber, VR.IS, "1")
            .number(Tags.Rows, VR.US, 256)
            .text(Tags.NumberOfFrames, VR.IS, "20"));
    // PID-2
    for (int n = 1; n <= 2; n++) {
      record(
          index,
          TestInstance.of("PID-2", "1.2.3.3", "1.2.3.3.1", "1.2.3.3.1." + n)
              .text(Tags.PatientName, VR.PN, "DOE^JOHN")
              .text(Tags.PatientBirthDate, VR.DA, "19800202")
              .text(Tags.PatientSex, VR.CS, "M")
              .text(Tags.StudyDate, VR.DA, "20240106")
              .text(Tags.StudyTime, VR.TM, "230000")
              .text(Tags.AccessionNumber, VR.SH, "ACC-2")
              .text(Tags.StudyDescription, VR.LO, "CT Abdomen")
              .text(Tags.SeriesNumber, VR.IS, "1")
              .text(Tags.SeriesDescription, VR.LO, "Axial")
              .text(Tags.BodyPartExamined, VR.CS, "ABDOMEN")
              .text(Tags.PerformedProcedureStepStartDate, VR.DA, "20240106")
              .text(Tags.PerformedProcedureStepStartTime, VR.TM, "2300")
              .text(Tags.InstanceNumber, VR.IS, String.valueOf(n)));
    }
    // PID-3: a study without a time
    record(
        index,
        TestInstance.of("PID-3", "1.2.3.4", "1.2.3.4.1", "1.2.3.4.1.1")
            .text(Tags.PatientName, VR.PN, "Smith^Anna^^Dr")
            .text(Tags.StudyDate, VR.DA, "20230601"));
    // hostile values
    record(
        index,
        TestInstance.of(HOSTILE_ID, "1.2.3.5", "1.2.3.5.1", "1.2.3.5.1.1")
            .text(Tags.PatientName, VR.PN, "O'Brien^100%_\"x")
            .text(Tags.StudyDate, VR.DA, "20220101")
            .text(Tags.AccessionNumber, VR.SH, "A_1%")
            .text(Tags.StudyDescription, VR.LO, HOSTILE_DESCRIPTION));
    // Latin-1
    record(
        index,
        TestInstance.of(null, "1.2.3.6", "1.2.3.6.1", "1.2.3.6.1.1")
            .text(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 100")
            .text(Tags.PatientID, VR.LO, "PID-5")
            .text(Tags.PatientName, VR.PN, "Müller^Jürgen")
            .text(Tags.StudyDate, VR.DA, "20210101")
            .text(Tags.StudyDescription, VR.LO, "Schädel"));
    // UTF-8 with an ideographic group
    record(
        index,
        TestInstance.of(null, "1.2.3.7", "1.2.3.7.1", "1.2.3.7.1.1")
            .text(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 192")
            .text(Tags.PatientID, VR.LO, "PID-6")
            .text(Tags.PatientName, VR.PN, "Yamada^Tarou=山田^太郎")
            .text(Tags.StudyDate, VR.DA, "20200101"));
  }

  private static TestInstance doeJane(String study, String series, String sop) {
    return TestInstance.of("PID-1", study, series, sop)
        .text(Tags.PatientName, VR.PN, "Doe^Jane")
        .text(Tags.PatientBirthDate, VR.DA, "19700101")
        .text(Tags.PatientSex, VR.CS, "F")
        .text(Tags.PatientComments, VR.LT, "invented for tests");
  }

  private static void record(Index index, TestInstance instance) throws IndexException {
    StoreOutcome outcome = index.record(instance.build(), DuplicatePolicy.REJECT);
    if (outcome.kind() != StoreOutcome.Kind.STORED) {
      throw new IllegalStateException("fixture not stored: " + outcome);
    }
  }
}
