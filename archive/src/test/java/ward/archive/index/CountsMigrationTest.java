package ward.archive.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.TestMigrations;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;

/**
 * An index written before migration V5 kept its counts in the level rows: after the migration they
 * are answered from the counts tables, and the index goes on counting from them.
 */
class CountsMigrationTest {
  @TempDir Path dir;

  @Test
  void countsRecordedBeforeV5AreKeptAndRaisedAfterIt() throws Exception {
    DataSource ds = TestMigrations.h2At(dir, "2");
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO patient (pk, patient_id, issuer_of_patient_id, num_studies, num_series,"
              + " num_instances, attributes) VALUES (1, 'P1', '', 1, 2, 7, '{}')");
      s.executeUpdate(
          "INSERT INTO study (pk, patient_pk, study_instance_uid, num_series, num_instances,"
              + " attributes) VALUES (1, 1, '1.2.3', 2, 7, '{}')");
      s.executeUpdate(
          "INSERT INTO series (pk, study_pk, series_instance_uid, modality, num_instances,"
              + " attributes) VALUES (1, 1, '1.2.3.1', 'CT', 4, '{}'),"
              + " (2, 1, '1.2.3.2', 'CT', 3, '{}')");
    }
    TestMigrations.migrate(ds, "latest");

    JdbcIndex index = new JdbcIndex(ds);
    DataSet study = onlyStudy(index);
    assertThat(study.getString(Tags.NumberOfStudyRelatedSeries)).isEqualTo("2");
    assertThat(study.getString(Tags.NumberOfStudyRelatedInstances)).isEqualTo("7");
    assertThat(study.getString(Tags.NumberOfPatientRelatedInstances)).isEqualTo("7");

    index.record(
        TestInstance.of("P1", "1.2.3", "1.2.3.1", "1.2.3.1.9").build(), DuplicatePolicy.REJECT);
    study = onlyStudy(index);
    assertThat(study.getString(Tags.NumberOfStudyRelatedSeries)).isEqualTo("2");
    assertThat(study.getString(Tags.NumberOfStudyRelatedInstances)).isEqualTo("8");
    DataSet series =
        index
            .find(
                TestQuery.studyRoot(Level.SERIES)
                    .key(Tags.StudyInstanceUID, VR.UI, "1.2.3")
                    .key(Tags.SeriesInstanceUID, VR.UI, "1.2.3.1")
                    .key(Tags.NumberOfSeriesRelatedInstances, VR.IS)
                    .build())
            .get(0);
    assertThat(series.getString(Tags.NumberOfSeriesRelatedInstances)).isEqualTo("5");
  }

  private static DataSet onlyStudy(JdbcIndex index) throws IndexException {
    List<DataSet> found =
        index.find(
            TestQuery.patientRoot(Level.STUDY)
                .key(Tags.PatientID, VR.LO, "P1")
                .key(Tags.NumberOfPatientRelatedInstances, VR.IS)
                .build());
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
