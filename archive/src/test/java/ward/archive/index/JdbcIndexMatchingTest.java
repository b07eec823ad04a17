package ward.archive.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ward.archive.index.TestQuery.patientRoot;
import static ward.archive.index.TestQuery.studyRoot;
import static ward.archive.index.TestQuery.values;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;

/** PS3.4 C.2.2.2 matching at every level of both models, over {@link TestClinic}. */
class JdbcIndexMatchingTest {
  @TempDir static Path dir;
  static Database db;
  static Index index;

  @BeforeAll
  static void load() throws Exception {
    db = Database.embedded(dir);
    index = new JdbcIndex(db.dataSource());
    TestClinic.load(index);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static List<String> find(TestQuery q, int tag) throws IndexException {
    return values(index.find(q.build()), tag);
  }

  private static List<String> studies(TestQuery q) throws IndexException {
    return find(q, Tags.StudyInstanceUID);
  }

  // --- patient level (Patient Root) ---

  @Test
  void textSingleValueMatchingIsCaseSensitive() throws Exception {
    assertThat(find(patientRoot(Level.PATIENT).key(Tags.PatientID, VR.LO, "PID-1"), Tags.PatientID))
        .containsExactly("PID-1");
    assertThat(find(patientRoot(Level.PATIENT).key(Tags.PatientID, VR.LO, "pid-1"), Tags.PatientID))
        .isEmpty();
    assertThat(find(patientRoot(Level.PATIENT).key(Tags.PatientSex, VR.CS, "f"), Tags.PatientID))
        .isEmpty();
  }

  @Test
  void personNamesMatchCaseInsensitively() throws Exception {
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientName, VR.PN, "doe^jane"),
                Tags.PatientID))
        .containsExactly("PID-1");
  }

  @Test
  void wildcardsMatchAnyRunAndAnyOneCharacter() throws Exception {
    assertThat(
            find(patientRoot(Level.PATIENT).key(Tags.PatientName, VR.PN, "DOE*"), Tags.PatientID))
        .containsExactly("PID-1", "PID-2");
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientName, VR.PN, "do?^j?hn"),
                Tags.PatientID))
        .containsExactly("PID-2");
    assertThat(find(patientRoot(Level.PATIENT).key(Tags.PatientID, VR.LO, "PID-?"), Tags.PatientID))
        .containsExactly("PID-1", "PID-2", "PID-3", "PID-5", "PID-6");
    assertThat(find(patientRoot(Level.PATIENT).key(Tags.PatientID, VR.LO, "*"), Tags.PatientID))
        .hasSize(6);
  }

  @Test
  void personNamesMatchWithoutTrailingEmptyComponents() throws Exception {
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientName, VR.PN, "SMITH^ANNA^^DR^"),
                Tags.PatientID))
        .containsExactly("PID-3");
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientName, VR.PN, "SMITH^ANNA"),
                Tags.PatientID))
        .as("single value matching is on the whole name")
        .isEmpty();
  }

  @Test
  void personNamesMatchOnTheAlphabeticGroup() throws Exception {
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientName, VR.PN, "YAMADA^TAROU=山田^太郎"),
                Tags.PatientID))
        .containsExactly("PID-6");
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientName, VR.PN, "yamada*"), Tags.PatientID))
        .containsExactly("PID-6");
    assertThat(
            find(patientRoot(Level.PATIENT).key(Tags.PatientName, VR.PN, "=山田^太郎"), Tags.PatientID))
        .as("without an alphabetic group the key is universal")
        .hasSize(6);
  }

  @Test
  void nonAsciiNamesMatch() throws Exception {
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientName, VR.PN, "müller*"), Tags.PatientID))
        .containsExactly("PID-5");
  }

  @Test
  void dateRangesIncludeTheirEnds() throws Exception {
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientBirthDate, VR.DA, "19700101"),
                Tags.PatientID))
        .containsExactly("PID-1");
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientBirthDate, VR.DA, "19750101-"),
                Tags.PatientID))
        .containsExactly("PID-2");
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientBirthDate, VR.DA, "-19750101"),
                Tags.PatientID))
        .containsExactly("PID-1");
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientBirthDate, VR.DA, "19700101-19800202"),
                Tags.PatientID))
        .containsExactly("PID-1", "PID-2");
  }

  @Test
  void emptyKeysMatchUniversallyAndAreReturned() throws Exception {
    List<DataSet> all =
        index.find(
            patientRoot(Level.PATIENT)
                .key(Tags.PatientName, VR.PN)
                .key(Tags.PatientBirthDate, VR.DA)
                .build());
    assertThat(all).hasSize(6);
    assertThat(values(all, Tags.PatientBirthDate)).contains("19700101", "19800202", "");
    assertThat(all).allMatch(m -> m.contains(Tags.PatientBirthDate));
  }

  @Test
  void severalValuesMatchAny() throws Exception {
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientID, VR.LO, "PID-3", "PID-1"),
                Tags.PatientID))
        .containsExactly("PID-1", "PID-3");
  }

  @Test
  void studyRootHasNoPatientLevel() {
    assertThatThrownBy(() -> index.find(studyRoot(Level.PATIENT).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- study level ---

  @Test
  void patientKeysMatchAtStudyLevelInBothModels() throws Exception {
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.PatientName, VR.PN, "DOE*")))
        .containsExactly("1.2.3.1", "1.2.3.2", "1.2.3.3");
    assertThat(studies(patientRoot(Level.STUDY).key(Tags.PatientID, VR.LO, "PID-1")))
        .containsExactly("1.2.3.1", "1.2.3.2");
  }

  @Test
  void uidListsMatchAnyUid() throws Exception {
    assertThat(
            studies(studyRoot(Level.STUDY).key(Tags.StudyInstanceUID, VR.UI, "1.2.3.3", "1.2.3.1")))
        .containsExactly("1.2.3.1", "1.2.3.3");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.StudyInstanceUID, VR.UI, "1.2.3.?")))
        .as("UIDs take no wildcards")
        .isEmpty();
  }

  @Test
  void studyDateRanges() throws Exception {
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.StudyDate, VR.DA, "20240105-20240106")))
        .containsExactly("1.2.3.1", "1.2.3.3");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.StudyDate, VR.DA, "20230101-20240105")))
        .containsExactly("1.2.3.1", "1.2.3.4");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.StudyDate, VR.DA, "20240106-")))
        .containsExactly("1.2.3.2", "1.2.3.3");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.StudyDate, VR.DA, "-20210101")))
        .containsExactly("1.2.3.6", "1.2.3.7");
  }

  @Test
  void timeRangesAndReducedPrecision() throws Exception {
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.StudyTime, VR.TM, "0900-1100")))
        .containsExactly("1.2.3.1", "1.2.3.2");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.StudyTime, VR.TM, "10")))
        .as("10 stands for 10:00 to 10:59")
        .containsExactly("1.2.3.1");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.StudyTime, VR.TM, "-0930")))
        .as("an upper bound of 09:30 includes 09:30:00")
        .containsExactly("1.2.3.2");
  }

  @Test
  void studyDateAndTimeMatchAsOneRange() throws Exception {
    // from the 5th at 10:00 to the 7th at 09:45, not 10:00 to 09:45 on each day
    assertThat(
            studies(
                studyRoot(Level.STUDY)
                    .key(Tags.StudyDate, VR.DA, "20240105-20240107")
                    .key(Tags.StudyTime, VR.TM, "1000-0945")))
        .containsExactly("1.2.3.1", "1.2.3.2", "1.2.3.3");
    assertThat(
            studies(
                studyRoot(Level.STUDY)
                    .key(Tags.StudyDate, VR.DA, "20240105-20240107")
                    .key(Tags.StudyTime, VR.TM, "1100-0900")))
        .containsExactly("1.2.3.3");
    assertThat(
            studies(
                studyRoot(Level.STUDY)
                    .key(Tags.StudyDate, VR.DA, "20240105")
                    .key(Tags.StudyTime, VR.TM, "10")))
        .containsExactly("1.2.3.1");
    assertThat(
            studies(
                studyRoot(Level.STUDY)
                    .key(Tags.StudyDate, VR.DA, "20230601")
                    .key(Tags.StudyTime, VR.TM, "1200-1300")))
        .as("a study without a time covers its whole day")
        .containsExactly("1.2.3.4");
  }

  @Test
  void modalitiesInStudyMatchAnySeries() throws Exception {
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.ModalitiesInStudy, VR.CS, "SR")))
        .containsExactly("1.2.3.1");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.ModalitiesInStudy, VR.CS, "MR", "SR")))
        .containsExactly("1.2.3.1", "1.2.3.2");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.ModalitiesInStudy, VR.CS, "M?")))
        .containsExactly("1.2.3.2");
  }

  @Test
  void sopClassesInStudyMatch() throws Exception {
    assertThat(
            studies(
                patientRoot(Level.STUDY)
                    .key(Tags.SOPClassesInStudy, VR.UI, TestInstance.BASIC_TEXT_SR)))
        .containsExactly("1.2.3.1");
  }

  @Test
  void otherStudyKeys() throws Exception {
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.AccessionNumber, VR.SH, "ACC-2")))
        .containsExactly("1.2.3.3");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.StudyID, VR.SH, "S-1")))
        .containsExactly("1.2.3.1");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.StudyDescription, VR.LO, "*Head")))
        .containsExactly("1.2.3.2");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.ReferringPhysicianName, VR.PN, "welby*")))
        .containsExactly("1.2.3.1");
  }

  @Test
  void malformedDatesAreRefused() {
    assertThatThrownBy(
            () -> index.find(studyRoot(Level.STUDY).key(Tags.StudyDate, VR.DA, "2024-13").build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> index.find(studyRoot(Level.STUDY).key(Tags.StudyDate, VR.DA, "-").build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- series level ---

  @Test
  void seriesKeys() throws Exception {
    assertThat(
            find(
                studyRoot(Level.SERIES)
                    .key(Tags.StudyInstanceUID, VR.UI, "1.2.3.1")
                    .key(Tags.Modality, VR.CS, "CT"),
                Tags.SeriesInstanceUID))
        .containsExactly("1.2.3.1.1");
    assertThat(
            find(
                studyRoot(Level.SERIES).key(Tags.SeriesNumber, VR.IS, "2"), Tags.SeriesInstanceUID))
        .containsExactly("1.2.3.1.2");
    assertThat(
            find(
                studyRoot(Level.SERIES).key(Tags.BodyPartExamined, VR.CS, "CHE*"),
                Tags.SeriesInstanceUID))
        .containsExactly("1.2.3.1.1");
    assertThat(
            find(
                studyRoot(Level.SERIES).key(Tags.SeriesDescription, VR.LO, "Axial"),
                Tags.SeriesInstanceUID))
        .containsExactly("1.2.3.3.1");
    assertThat(
            find(
                patientRoot(Level.SERIES)
                    .key(Tags.PatientID, VR.LO, "PID-1")
                    .key(Tags.SeriesInstanceUID, VR.UI),
                Tags.SeriesInstanceUID))
        .containsExactly("1.2.3.1.1", "1.2.3.1.2", "1.2.3.2.1");
  }

  @Test
  void performedProcedureStepDateAndTimeMatchAsOneRange() throws Exception {
    assertThat(
            find(
                studyRoot(Level.SERIES)
                    .key(Tags.PerformedProcedureStepStartDate, VR.DA, "20240105-20240106")
                    .key(Tags.PerformedProcedureStepStartTime, VR.TM, "1100-2330"),
                Tags.SeriesInstanceUID))
        .containsExactly("1.2.3.3.1");
    assertThat(
            find(
                studyRoot(Level.SERIES)
                    .key(Tags.PerformedProcedureStepStartDate, VR.DA, "20240105-20240106")
                    .key(Tags.PerformedProcedureStepStartTime, VR.TM, "1000-2330"),
                Tags.SeriesInstanceUID))
        .containsExactly("1.2.3.1.1", "1.2.3.3.1");
  }

  @Test
  void malformedNumbersAreRefused() {
    assertThatThrownBy(
            () -> index.find(studyRoot(Level.SERIES).key(Tags.SeriesNumber, VR.IS, "x").build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- image level ---

  @Test
  void imageKeys() throws Exception {
    assertThat(
            find(
                studyRoot(Level.IMAGE)
                    .key(Tags.SeriesInstanceUID, VR.UI, "1.2.3.1.1")
                    .key(Tags.InstanceNumber, VR.IS, "2"),
                Tags.SOPInstanceUID))
        .containsExactly("1.2.3.1.1.2");
    assertThat(
            find(
                patientRoot(Level.IMAGE)
                    .key(Tags.SOPInstanceUID, VR.UI, "1.2.3.3.1.2", "1.2.3.1.1.1"),
                Tags.SOPInstanceUID))
        .containsExactly("1.2.3.1.1.1", "1.2.3.3.1.2");
    assertThat(
            find(
                studyRoot(Level.IMAGE).key(Tags.SOPClassUID, VR.UI, TestInstance.MR_IMAGE),
                Tags.SOPInstanceUID))
        .containsExactly("1.2.3.2.1.1");
    assertThat(find(studyRoot(Level.IMAGE).number(Tags.Rows, VR.US, 256), Tags.SOPInstanceUID))
        .containsExactly("1.2.3.2.1.1");
    assertThat(
            find(studyRoot(Level.IMAGE).key(Tags.NumberOfFrames, VR.IS, "20"), Tags.SOPInstanceUID))
        .containsExactly("1.2.3.2.1.1");
  }

  @Test
  void dateTimeRangesAndReducedPrecision() throws Exception {
    assertThat(
            find(
                studyRoot(Level.IMAGE)
                    .key(Tags.AcquisitionDateTime, VR.DT, "202401051017-202401051018"),
                Tags.SOPInstanceUID))
        .containsExactly("1.2.3.1.1.2", "1.2.3.1.1.3");
    assertThat(
            find(
                studyRoot(Level.IMAGE).key(Tags.AcquisitionDateTime, VR.DT, "-20240105101659"),
                Tags.SOPInstanceUID))
        .containsExactly("1.2.3.1.1.1");
    assertThat(
            find(
                studyRoot(Level.IMAGE).key(Tags.AcquisitionDateTime, VR.DT, "2024010510"),
                Tags.SOPInstanceUID))
        .as("an hour stands for its whole hour")
        .hasSize(3);
    assertThat(
            find(
                studyRoot(Level.IMAGE).key(Tags.AcquisitionDateTime, VR.DT, "20240105101700-0500-"),
                Tags.SOPInstanceUID))
        .as("a UTC offset is not a range")
        .containsExactly("1.2.3.1.1.2", "1.2.3.1.1.3");
  }

  @Test
  void keysOfLowerLevelsAreNeitherMatchedNorReturned() throws Exception {
    List<DataSet> matches =
        index.find(
            studyRoot(Level.STUDY)
                .key(Tags.StudyInstanceUID, VR.UI, "1.2.3.1")
                .key(Tags.Modality, VR.CS, "MR")
                .build());
    assertThat(values(matches, Tags.StudyInstanceUID)).containsExactly("1.2.3.1");
    assertThat(matches.get(0).contains(Tags.Modality)).isFalse();
  }

  // --- hostile values ---

  @Test
  void hostileValuesMatchLiterally() throws Exception {
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientID, VR.LO, TestClinic.HOSTILE_ID),
                Tags.PatientID))
        .containsExactly(TestClinic.HOSTILE_ID);
    assertThat(find(patientRoot(Level.PATIENT).key(Tags.PatientID, VR.LO, "P%"), Tags.PatientID))
        .as("%% is no wildcard")
        .isEmpty();
    assertThat(find(patientRoot(Level.PATIENT).key(Tags.PatientID, VR.LO, "P_*"), Tags.PatientID))
        .as("_ is no wildcard")
        .isEmpty();
    assertThat(find(patientRoot(Level.PATIENT).key(Tags.PatientID, VR.LO, "P?_'*"), Tags.PatientID))
        .containsExactly(TestClinic.HOSTILE_ID);
    assertThat(find(patientRoot(Level.PATIENT).key(Tags.PatientID, VR.LO, "*!"), Tags.PatientID))
        .containsExactly(TestClinic.HOSTILE_ID);
    assertThat(
            find(
                patientRoot(Level.PATIENT).key(Tags.PatientName, VR.PN, "o'brien^100%_\"x"),
                Tags.PatientID))
        .containsExactly(TestClinic.HOSTILE_ID);
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.AccessionNumber, VR.SH, "A?1*")))
        .containsExactly("1.2.3.5");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.AccessionNumber, VR.SH, "A_1_"))).isEmpty();
    assertThat(
            studies(
                studyRoot(Level.STUDY)
                    .key(Tags.StudyDescription, VR.LO, TestClinic.HOSTILE_DESCRIPTION)))
        .containsExactly("1.2.3.5");
    assertThat(studies(studyRoot(Level.STUDY).key(Tags.StudyDescription, VR.LO, "*'; DROP*")))
        .containsExactly("1.2.3.5");
    // a backslash separates values: each matches literally
    assertThat(
            find(
                patientRoot(Level.PATIENT)
                    .key(Tags.PatientID, VR.LO, "O'Brien\\" + TestClinic.HOSTILE_ID),
                Tags.PatientID))
        .containsExactly(TestClinic.HOSTILE_ID);
    assertThat(index.countInstances()).isEqualTo(11);
  }

  @Test
  void likePatternsEscapeTheirMetacharacters() {
    assertThat(Criteria.likePattern("a!b%c_d*e?f\\g'h")).isEqualTo("a!!b!%c!_d%e_f\\g'h");
  }
}
