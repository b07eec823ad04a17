package ward.archive.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ward.archive.index.TestQuery.patientRoot;
import static ward.archive.index.TestQuery.studyRoot;
import static ward.archive.index.TestQuery.values;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;

/** Selecting instances for retrieve and delete, and removing them with what they leave empty. */
class JdbcIndexRemoveTest {
  @TempDir static Path dir;
  static Database db;
  static Index index;

  @BeforeAll
  static void openDatabase() throws Exception {
    db = Database.embedded(dir);
    index = new JdbcIndex(db.dataSource());
  }

  @AfterAll
  static void closeDatabase() {
    db.close();
  }

  /**
   * PID-A: study 2.25.10 with series .1 (instances 3, 1, 2 stored in that order) and series .2 (one
   * instance); study 2.25.11 with one instance. PID-B: study 2.25.20 with one instance.
   */
  @BeforeEach
  void load() throws Exception {
    TestDatabase.clear(db);
    for (int n : new int[] {3, 1, 2}) {
      record("PID-A", "2.25.10", "2.25.10.1", n, 1);
    }
    record("PID-A", "2.25.10", "2.25.10.2", 1, 2);
    record("PID-A", "2.25.11", "2.25.11.1", 1, 1);
    record("PID-B", "2.25.20", "2.25.20.1", 1, 1);
  }

  private void record(String patient, String study, String series, int number, int seriesNumber)
      throws IndexException {
    index.record(
        TestInstance.of(patient, study, series, series + "." + number)
            .text(Tags.InstanceNumber, VR.IS, String.valueOf(number))
            .text(Tags.SeriesNumber, VR.IS, String.valueOf(seriesNumber))
            .build(),
        DuplicatePolicy.REJECT);
  }

  private static InstanceSelector select(
      Level level, String patient, List<String> studies, List<String> series, List<String> sops) {
    return new InstanceSelector(level, patient, studies, series, sops, null);
  }

  private static List<String> sops(List<StoredInstance> instances) {
    return instances.stream().map(StoredInstance::sopInstanceUid).toList();
  }

  @Test
  void selectsAStudyInSeriesAndInstanceNumberOrder() throws Exception {
    assertThat(
            sops(
                index.instances(
                    select(Level.STUDY, null, List.of("2.25.10"), List.of(), List.of()))))
        .containsExactly("2.25.10.1.1", "2.25.10.1.2", "2.25.10.1.3", "2.25.10.2.1");
  }

  @Test
  void selectsAPatientSeriesAndImages() throws Exception {
    assertThat(
            sops(index.instances(select(Level.PATIENT, "PID-A", List.of(), List.of(), List.of()))))
        .hasSize(5);
    assertThat(
            sops(
                index.instances(
                    select(
                        Level.SERIES,
                        null,
                        List.of("2.25.10"),
                        List.of("2.25.10.2", "2.25.11.1"),
                        List.of()))))
        .as("keys of every level given narrow the selection")
        .containsExactly("2.25.10.2.1");
    assertThat(
            sops(
                index.instances(
                    select(
                        Level.IMAGE,
                        null,
                        List.of(),
                        List.of(),
                        List.of("2.25.20.1.1", "2.25.10.1.2")))))
        .containsExactly("2.25.10.1.2", "2.25.20.1.1");
  }

  @Test
  void aSelectorMustNameItsLevel() {
    assertThatThrownBy(
            () -> index.instances(select(Level.STUDY, "PID-A", List.of(), List.of(), List.of())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> index.remove(select(Level.PATIENT, "", List.of(), List.of(), List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void patientScopeRestrictsTheSelection() throws Exception {
    InstanceSelector outOfScope =
        new InstanceSelector(
            Level.STUDY,
            null,
            List.of("2.25.10", "2.25.20"),
            List.of(),
            List.of(),
            StudyScope.ofPatients(Set.of("PID-B")));
    assertThat(sops(index.instances(outOfScope))).containsExactly("2.25.20.1.1");
    assertThat(index.remove(outOfScope)).hasSize(1);
    assertThat(index.instance("2.25.10.1.1")).isPresent();
  }

  @Test
  void removingAnInstanceLowersTheCounts() throws Exception {
    List<StoredInstance> removed =
        index.remove(select(Level.IMAGE, null, List.of(), List.of(), List.of("2.25.10.1.2")));
    assertThat(sops(removed)).containsExactly("2.25.10.1.2");
    assertThat(removed.get(0).blob()).isNotNull();
    assertThat(index.instance("2.25.10.1.2")).isEmpty();
    DataSet study = study("2.25.10");
    assertThat(study.getString(Tags.NumberOfStudyRelatedInstances)).isEqualTo("3");
    assertThat(study.getString(Tags.NumberOfStudyRelatedSeries)).isEqualTo("2");
    DataSet patient = patient("PID-A");
    assertThat(patient.getString(Tags.NumberOfPatientRelatedInstances)).isEqualTo("4");
  }

  @Test
  void removingASeriesLastInstanceRemovesTheSeries() throws Exception {
    index.remove(select(Level.SERIES, null, List.of(), List.of("2.25.10.2"), List.of()));
    assertThat(
            values(
                index.find(
                    studyRoot(Level.SERIES).key(Tags.StudyInstanceUID, VR.UI, "2.25.10").build()),
                Tags.SeriesInstanceUID))
        .containsExactly("2.25.10.1");
    DataSet study = study("2.25.10");
    assertThat(study.getString(Tags.NumberOfStudyRelatedSeries)).isEqualTo("1");
    assertThat(study.getStrings(Tags.ModalitiesInStudy)).containsExactly("CT");
    DataSet patient = patient("PID-A");
    assertThat(patient.getString(Tags.NumberOfPatientRelatedSeries)).isEqualTo("2");
    assertThat(patient.getString(Tags.NumberOfPatientRelatedStudies)).isEqualTo("2");
  }

  @Test
  void removingAStudyKeepsItsPatientWhileAnotherStudyRemains() throws Exception {
    assertThat(index.remove(select(Level.STUDY, null, List.of("2.25.10"), List.of(), List.of())))
        .hasSize(4);
    assertThat(values(index.find(studyRoot(Level.STUDY).build()), Tags.StudyInstanceUID))
        .containsExactly("2.25.11", "2.25.20");
    DataSet patient = patient("PID-A");
    assertThat(patient.getString(Tags.NumberOfPatientRelatedStudies)).isEqualTo("1");
    assertThat(patient.getString(Tags.NumberOfPatientRelatedSeries)).isEqualTo("1");
    assertThat(patient.getString(Tags.NumberOfPatientRelatedInstances)).isEqualTo("1");

    index.remove(select(Level.STUDY, null, List.of("2.25.11"), List.of(), List.of()));
    assertThat(values(index.find(patientRoot(Level.PATIENT).build()), Tags.PatientID))
        .containsExactly("PID-B");
    assertThat(index.countInstances()).isEqualTo(1);
  }

  @Test
  void aRemovedStudyCanBeStoredAgain() throws Exception {
    index.remove(select(Level.PATIENT, "PID-B", List.of(), List.of(), List.of()));
    assertThat(index.instance("2.25.20.1.1")).isEmpty();
    record("PID-B", "2.25.20", "2.25.20.1", 1, 1);
    assertThat(study("2.25.20").getString(Tags.NumberOfStudyRelatedInstances)).isEqualTo("1");
  }

  private DataSet study(String uid) throws IndexException {
    List<DataSet> m =
        index.find(
            studyRoot(Level.STUDY)
                .key(Tags.StudyInstanceUID, VR.UI, uid)
                .key(Tags.ModalitiesInStudy, VR.CS)
                .build());
    assertThat(m).hasSize(1);
    return m.get(0);
  }

  private DataSet patient(String id) throws IndexException {
    List<DataSet> m = index.find(patientRoot(Level.PATIENT).key(Tags.PatientID, VR.LO, id).build());
    assertThat(m).hasSize(1);
    return m.get(0);
  }
}
