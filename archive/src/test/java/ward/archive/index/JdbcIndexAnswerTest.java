package ward.archive.index;

import static org.assertj.core.api.Assertions.assertThat;
import static ward.archive.index.TestQuery.patientRoot;
import static ward.archive.index.TestQuery.studyRoot;
import static ward.archive.index.TestQuery.values;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;

/**
 * What each match holds, its character set, paging and the patient scope, over {@link TestClinic}.
 */
class JdbcIndexAnswerTest {
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

  private static DataSet study(String uid, TestQuery q) throws IndexException {
    List<DataSet> matches = index.find(q.key(Tags.StudyInstanceUID, VR.UI, uid).build());
    assertThat(matches).hasSize(1);
    return matches.get(0);
  }

  @Test
  void studyMatchHoldsReturnKeysUniqueKeysAndComputedAttributes() throws Exception {
    DataSet m =
        study(
            "1.2.3.1",
            studyRoot(Level.STUDY)
                .key(Tags.PatientName, VR.PN)
                .key(Tags.StudyDescription, VR.LO)
                .key(Tags.PatientAge, VR.AS)
                .key(Tags.ModalitiesInStudy, VR.CS)
                .key(Tags.SOPClassesInStudy, VR.UI));
    assertThat(m.getString(Tags.PatientName)).isEqualTo("Doe^Jane");
    assertThat(m.getString(Tags.StudyDescription)).isEqualTo("CT Chest");
    assertThat(m.contains(Tags.PatientAge)).as("a key without a value comes back empty").isTrue();
    assertThat(m.get(Tags.PatientAge).isEmpty()).isTrue();
    assertThat(m.getString(Tags.PatientID)).isEqualTo("PID-1");
    assertThat(m.getString(Tags.NumberOfStudyRelatedSeries)).isEqualTo("2");
    assertThat(m.getString(Tags.NumberOfStudyRelatedInstances)).isEqualTo("4");
    assertThat(m.getStrings(Tags.ModalitiesInStudy)).containsExactly("CT", "SR");
    assertThat(m.getStrings(Tags.SOPClassesInStudy))
        .containsExactlyInAnyOrder(TestInstance.CT_IMAGE, TestInstance.BASIC_TEXT_SR);
    assertThat(m.contains(Tags.PatientComments)).as("not asked for").isFalse();
    assertThat(m.contains(Tags.NumberOfPatientRelatedStudies)).as("not asked for").isFalse();
    assertThat(m.contains(Tags.SpecificCharacterSet)).as("all ASCII").isFalse();
  }

  @Test
  void aStudysListsOfModalitiesAndSopClassesComeOnlyWhenAskedFor() throws Exception {
    DataSet counts = study("1.2.3.1", studyRoot(Level.STUDY).key(Tags.PatientName, VR.PN));
    assertThat(counts.getString(Tags.NumberOfStudyRelatedInstances)).isEqualTo("4");
    assertThat(counts.contains(Tags.ModalitiesInStudy)).as("not asked for").isFalse();
    assertThat(counts.contains(Tags.SOPClassesInStudy)).as("not asked for").isFalse();
    DataSet modalities =
        study("1.2.3.1", studyRoot(Level.STUDY).key(Tags.ModalitiesInStudy, VR.CS));
    assertThat(modalities.getStrings(Tags.ModalitiesInStudy)).containsExactly("CT", "SR");
    assertThat(modalities.contains(Tags.SOPClassesInStudy)).as("not asked for").isFalse();
  }

  @Test
  void patientMatchHoldsPatientCounts() throws Exception {
    List<DataSet> matches =
        index.find(patientRoot(Level.PATIENT).key(Tags.PatientID, VR.LO, "PID-1").build());
    DataSet m = matches.get(0);
    assertThat(m.getString(Tags.NumberOfPatientRelatedStudies)).isEqualTo("2");
    assertThat(m.getString(Tags.NumberOfPatientRelatedSeries)).isEqualTo("3");
    assertThat(m.getString(Tags.NumberOfPatientRelatedInstances)).isEqualTo("5");
    assertThat(m.contains(Tags.StudyInstanceUID)).isFalse();
  }

  @Test
  void seriesAndImageMatchesHoldTheUniqueKeysAbove() throws Exception {
    DataSet series =
        index
            .find(studyRoot(Level.SERIES).key(Tags.SeriesInstanceUID, VR.UI, "1.2.3.1.1").build())
            .get(0);
    assertThat(series.getString(Tags.StudyInstanceUID)).isEqualTo("1.2.3.1");
    assertThat(series.getString(Tags.NumberOfSeriesRelatedInstances)).isEqualTo("3");
    assertThat(series.contains(Tags.NumberOfStudyRelatedInstances)).isFalse();

    DataSet image =
        index
            .find(
                studyRoot(Level.IMAGE)
                    .key(Tags.SOPInstanceUID, VR.UI, "1.2.3.1.1.2")
                    .key(Tags.Rows, VR.US)
                    .key(Tags.InstanceNumber, VR.IS)
                    .key(Tags.ModalitiesInStudy, VR.CS)
                    .key(Tags.StudyDate, VR.DA)
                    .build())
            .get(0);
    assertThat(image.getString(Tags.SeriesInstanceUID)).isEqualTo("1.2.3.1.1");
    assertThat(image.getString(Tags.StudyInstanceUID)).isEqualTo("1.2.3.1");
    assertThat(image.getInt(Tags.Rows, 0)).isEqualTo(512);
    assertThat(image.getString(Tags.InstanceNumber)).isEqualTo("2");
    assertThat(image.getStrings(Tags.ModalitiesInStudy)).containsExactly("CT", "SR");
    assertThat(image.getString(Tags.StudyDate)).isEqualTo("20240105");
  }

  @Test
  void allAttributesGivesEveryRecordedAttributeOfTheLevelAndAbove() throws Exception {
    DataSet study = study("1.2.3.1", studyRoot(Level.STUDY).all());
    assertThat(study.getString(Tags.PatientComments)).isEqualTo("invented for tests");
    assertThat(study.getString(Tags.AdmittingDiagnosesDescription)).isEqualTo("Cough");
    assertThat(study.getString(Tags.AccessionNumber)).isEqualTo("ACC-1");
    assertThat(study.contains(Tags.SeriesDescription)).isFalse();
    assertThat(study.contains(Tags.InstitutionName)).isFalse();

    DataSet image =
        index
            .find(
                studyRoot(Level.IMAGE).key(Tags.SOPInstanceUID, VR.UI, "1.2.3.1.1.1").all().build())
            .get(0);
    assertThat(image.getString(Tags.InstitutionName)).isEqualTo("Invented General");
    assertThat(image.getString(Tags.SeriesDescription)).isEqualTo("Axial 5mm");
    assertThat(image.getString(Tags.PatientName)).isEqualTo("Doe^Jane");
    assertThat(image.getString(Tags.AcquisitionDateTime)).isEqualTo("20240105101600");
    assertThat(image.getString(Tags.NumberOfStudyRelatedInstances)).isEqualTo("4");
  }

  @Test
  void nonAsciiMatchesAreUtf8() throws Exception {
    DataSet latin =
        study(
            "1.2.3.6",
            studyRoot(Level.STUDY).key(Tags.PatientName, VR.PN).key(Tags.StudyDescription, VR.LO));
    assertThat(latin.getString(Tags.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
    assertThat(latin.charset().isUtf8()).isTrue();
    assertThat(latin.getString(Tags.PatientName)).isEqualTo("Müller^Jürgen");
    assertThat(latin.getString(Tags.StudyDescription)).isEqualTo("Schädel");

    DataSet japanese = study("1.2.3.7", studyRoot(Level.STUDY).key(Tags.PatientName, VR.PN));
    assertThat(japanese.getString(Tags.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
    assertThat(japanese.getString(Tags.PatientName)).isEqualTo("Yamada^Tarou=山田^太郎");

    DataSet ascii =
        study(
            "1.2.3.5",
            studyRoot(Level.STUDY).key(Tags.PatientName, VR.PN).key(Tags.StudyDescription, VR.LO));
    assertThat(ascii.contains(Tags.SpecificCharacterSet)).isFalse();
    assertThat(ascii.getString(Tags.StudyDescription)).isEqualTo(TestClinic.HOSTILE_DESCRIPTION);
  }

  @Test
  void pagesFollowOneStableOrder() throws Exception {
    List<String> whole = values(index.find(studyRoot(Level.STUDY).build()), Tags.StudyInstanceUID);
    assertThat(whole).hasSize(7).doesNotHaveDuplicates();
    List<String> paged = new ArrayList<>();
    for (int offset = 0; offset < 8; offset += 3) {
      List<DataSet> page = index.find(studyRoot(Level.STUDY).page(offset, 3).build());
      assertThat(page.size()).isLessThanOrEqualTo(3);
      paged.addAll(values(page, Tags.StudyInstanceUID));
    }
    assertThat(paged).isEqualTo(whole);
    assertThat(index.find(studyRoot(Level.STUDY).page(7, 3).build())).isEmpty();
  }

  @Test
  void patientScopeRestrictsEveryLevel() throws Exception {
    assertThat(
            values(
                index.find(studyRoot(Level.STUDY).scope("PID-2", "PID-3").build()),
                Tags.StudyInstanceUID))
        .containsExactly("1.2.3.3", "1.2.3.4");
    assertThat(
            values(
                index.find(
                    studyRoot(Level.STUDY)
                        .key(Tags.PatientID, VR.LO, "PID-1")
                        .scope("PID-2")
                        .build()),
                Tags.StudyInstanceUID))
        .isEmpty();
    assertThat(index.find(studyRoot(Level.IMAGE).scope().build())).isEmpty();
    assertThat(
            values(index.find(patientRoot(Level.PATIENT).scope("PID-6").build()), Tags.PatientID))
        .containsExactly("PID-6");
    assertThat(index.find(studyRoot(Level.IMAGE).scope("PID-2").build())).hasSize(2);
  }

  @Test
  void theQueryCharacterSetAndLevelAreNotEchoed() throws Exception {
    DataSet m =
        study(
            "1.2.3.3",
            studyRoot(Level.STUDY)
                .key(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 100")
                .key(Tags.QueryRetrieveLevel, VR.CS, "STUDY"));
    assertThat(m.contains(Tags.SpecificCharacterSet)).isFalse();
    assertThat(m.contains(Tags.QueryRetrieveLevel)).isFalse();
  }
}
