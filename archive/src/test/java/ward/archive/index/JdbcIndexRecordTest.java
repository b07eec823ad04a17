package ward.archive.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ward.archive.index.TestQuery.patientRoot;
import static ward.archive.index.TestQuery.studyRoot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;
import ward.archive.storage.BlobKey;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;

/** Recording instances: duplicates, first attributes kept, and many writers at once. */
class JdbcIndexRecordTest {
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

  @BeforeEach
  void empty() throws Exception {
    TestDatabase.clear(db);
  }

  private static TestInstance ct(String sop) {
    return TestInstance.of("PID-7", "2.25.1", "2.25.1.1", sop)
        .text(Tags.PatientName, VR.PN, "Roe^Richard")
        .text(Tags.StudyDescription, VR.LO, "First");
  }

  private DataSet onlyStudy() throws IndexException {
    List<DataSet> studies =
        index.find(
            studyRoot(Level.STUDY)
                .key(Tags.PatientName, VR.PN)
                .key(Tags.StudyDescription, VR.LO)
                .build());
    assertThat(studies).hasSize(1);
    return studies.get(0);
  }

  @Test
  void recordsAnInstanceWithWhereItIsStored() throws Exception {
    BlobKey blob = BlobKey.random();
    StoreOutcome outcome =
        index.record(ct("2.25.1.1.1").blob(blob).build(), DuplicatePolicy.REJECT);
    assertThat(outcome.kind()).isEqualTo(StoreOutcome.Kind.STORED);
    assertThat(outcome.replaced()).isNull();
    StoredInstance stored = index.instance("2.25.1.1.1").orElseThrow();
    assertThat(stored.blob()).isEqualTo(blob);
    assertThat(stored.patientId()).isEqualTo("PID-7");
    assertThat(stored.studyInstanceUid()).isEqualTo("2.25.1");
    assertThat(stored.seriesInstanceUid()).isEqualTo("2.25.1.1");
    assertThat(stored.sopClassUid()).isEqualTo(TestInstance.CT_IMAGE);
    assertThat(stored.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.1");
    assertThat(stored.size()).isEqualTo(1234);
    assertThat(stored.sha256()).hasSize(32);
    assertThat(index.instance("2.25.9")).isEmpty();
    assertThat(index.countInstances()).isEqualTo(1);
  }

  @Test
  void rejectPolicyRefusesASecondCopy() throws Exception {
    BlobKey first = BlobKey.random();
    index.record(ct("2.25.1.1.1").blob(first).build(), DuplicatePolicy.REJECT);
    StoreOutcome again = index.record(ct("2.25.1.1.1").build(), DuplicatePolicy.REJECT);
    assertThat(again.kind()).isEqualTo(StoreOutcome.Kind.REJECTED_DUPLICATE);
    assertThat(index.instance("2.25.1.1.1").orElseThrow().blob()).isEqualTo(first);
    assertThat(index.countInstances()).isEqualTo(1);
  }

  @Test
  void keepPolicyKeepsTheStoredCopy() throws Exception {
    BlobKey first = BlobKey.random();
    index.record(ct("2.25.1.1.1").blob(first).build(), DuplicatePolicy.REJECT);
    StoreOutcome again = index.record(ct("2.25.1.1.1").build(), DuplicatePolicy.KEEP);
    assertThat(again.kind()).isEqualTo(StoreOutcome.Kind.KEPT_EXISTING);
    assertThat(index.instance("2.25.1.1.1").orElseThrow().blob()).isEqualTo(first);
  }

  @Test
  void replacePolicyReplacesAndNamesTheOldCopy() throws Exception {
    BlobKey first = BlobKey.random();
    BlobKey second = BlobKey.random();
    index.record(ct("2.25.1.1.1").blob(first).build(), DuplicatePolicy.REJECT);
    index.record(ct("2.25.1.1.2").build(), DuplicatePolicy.REJECT);
    StoreOutcome again =
        index.record(ct("2.25.1.1.1").blob(second).build(), DuplicatePolicy.REPLACE);
    assertThat(again.kind()).isEqualTo(StoreOutcome.Kind.REPLACED);
    assertThat(again.replaced().blob()).isEqualTo(first);
    assertThat(index.instance("2.25.1.1.1").orElseThrow().blob()).isEqualTo(second);
    assertThat(index.countInstances()).isEqualTo(2);
    assertThat(onlyStudy().getString(Tags.NumberOfStudyRelatedInstances)).isEqualTo("2");
  }

  @Test
  void replacingTheOnlyInstanceOfASeriesIntoAnotherSeriesRemovesTheOldSeries() throws Exception {
    index.record(ct("2.25.1.1.1").build(), DuplicatePolicy.REJECT);
    TestInstance moved = TestInstance.of("PID-7", "2.25.1", "2.25.1.2", "2.25.1.1.1");
    assertThat(index.record(moved.build(), DuplicatePolicy.REPLACE).kind())
        .isEqualTo(StoreOutcome.Kind.REPLACED);
    List<DataSet> series = index.find(studyRoot(Level.SERIES).build());
    assertThat(TestQuery.values(series, Tags.SeriesInstanceUID)).containsExactly("2.25.1.2");
    assertThat(series.get(0).getString(Tags.NumberOfSeriesRelatedInstances)).isEqualTo("1");
    DataSet study = index.find(studyRoot(Level.STUDY).build()).get(0);
    assertThat(study.getString(Tags.NumberOfStudyRelatedSeries)).isEqualTo("1");
    assertThat(study.getString(Tags.NumberOfStudyRelatedInstances)).isEqualTo("1");
  }

  @Test
  void theFirstInstanceSetsPatientAndStudyAttributes() throws Exception {
    index.record(ct("2.25.1.1.1").build(), DuplicatePolicy.REJECT);
    index.record(
        ct("2.25.1.1.2")
            .text(Tags.PatientName, VR.PN, "Roe^Rick")
            .text(Tags.StudyDescription, VR.LO, "Second")
            .build(),
        DuplicatePolicy.REJECT);
    DataSet study = onlyStudy();
    assertThat(study.getString(Tags.PatientName)).isEqualTo("Roe^Richard");
    assertThat(study.getString(Tags.StudyDescription)).isEqualTo("First");
    assertThat(study.getString(Tags.NumberOfStudyRelatedInstances)).isEqualTo("2");
    assertThat(index.find(studyRoot(Level.STUDY).key(Tags.PatientName, VR.PN, "ROE^RICK").build()))
        .isEmpty();
  }

  @Test
  void aKnownStudyKeepsItsPatient() throws Exception {
    index.record(ct("2.25.1.1.1").build(), DuplicatePolicy.REJECT);
    index.record(
        TestInstance.of("PID-8", "2.25.1", "2.25.1.3", "2.25.1.3.1").build(),
        DuplicatePolicy.REJECT);
    assertThat(index.instance("2.25.1.3.1").orElseThrow().patientId()).isEqualTo("PID-7");
    assertThat(index.find(patientRoot(Level.PATIENT).build())).hasSize(1);
  }

  @Test
  void patientsAreTheirIdWithItsIssuer() throws Exception {
    index.record(
        TestInstance.of("100", "2.25.1", "2.25.1.1", "2.25.1.1.1")
            .text(Tags.IssuerOfPatientID, VR.LO, "NORTH")
            .build(),
        DuplicatePolicy.REJECT);
    index.record(
        TestInstance.of("100", "2.25.2", "2.25.2.1", "2.25.2.1.1")
            .text(Tags.IssuerOfPatientID, VR.LO, "SOUTH")
            .build(),
        DuplicatePolicy.REJECT);
    index.record(
        TestInstance.of(null, "2.25.3", "2.25.3.1", "2.25.3.1.1").build(), DuplicatePolicy.REJECT);
    List<DataSet> patients =
        index.find(patientRoot(Level.PATIENT).key(Tags.IssuerOfPatientID, VR.LO).build());
    assertThat(TestQuery.values(patients, Tags.IssuerOfPatientID))
        .containsExactly("NORTH", "SOUTH", "");
    assertThat(
            TestQuery.values(
                index.find(
                    patientRoot(Level.STUDY)
                        .key(Tags.PatientID, VR.LO, "100")
                        .key(Tags.IssuerOfPatientID, VR.LO, "SOUTH")
                        .build()),
                Tags.StudyInstanceUID))
        .containsExactly("2.25.2");
  }

  @Test
  void refusesAnInstanceWithoutItsUids() {
    TestInstance noSop = TestInstance.of("PID-7", "2.25.1", "2.25.1.1", "");
    assertThatThrownBy(() -> index.record(noSop.build(), DuplicatePolicy.REJECT))
        .isInstanceOf(IllegalArgumentException.class);
    TestInstance longUid = TestInstance.of("PID-7", "2.25.1", "2.25.1.1", "2.25." + "1".repeat(70));
    assertThatThrownBy(() -> index.record(longUid.build(), DuplicatePolicy.REJECT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyWritersIntoOneNewStudy() throws Exception {
    int threads = 6;
    int perThread = 9;
    List<StoreOutcome> outcomes =
        runTogether(
            threads,
            t -> {
              List<StoreOutcome> mine = new ArrayList<>();
              for (int n = 0; n < perThread; n++) {
                // the threads share three new series of one new study of one new patient
                String series = "2.25.5.1." + (n % 3);
                mine.add(
                    index.record(
                        TestInstance.of("PID-9", "2.25.5", series, series + "." + t + "." + n)
                            .text(Tags.PatientName, VR.PN, "Poe^Pat")
                            .text(Tags.Modality, VR.CS, n % 3 == 2 ? "SR" : "CT")
                            .build(),
                        DuplicatePolicy.REJECT));
              }
              return mine;
            });
    assertThat(outcomes).hasSize(threads * perThread);
    assertThat(outcomes).allMatch(o -> o.kind() == StoreOutcome.Kind.STORED);
    assertThat(index.countInstances()).isEqualTo((long) threads * perThread);

    List<DataSet> patients = index.find(patientRoot(Level.PATIENT).build());
    assertThat(patients).hasSize(1);
    assertThat(patients.get(0).getString(Tags.NumberOfPatientRelatedStudies)).isEqualTo("1");
    assertThat(patients.get(0).getString(Tags.NumberOfPatientRelatedSeries)).isEqualTo("3");
    assertThat(patients.get(0).getString(Tags.NumberOfPatientRelatedInstances)).isEqualTo("54");
    List<DataSet> studies =
        index.find(studyRoot(Level.STUDY).key(Tags.ModalitiesInStudy, VR.CS).build());
    assertThat(studies).hasSize(1);
    assertThat(studies.get(0).getString(Tags.NumberOfStudyRelatedSeries)).isEqualTo("3");
    assertThat(studies.get(0).getString(Tags.NumberOfStudyRelatedInstances)).isEqualTo("54");
    assertThat(studies.get(0).getStrings(Tags.ModalitiesInStudy)).containsExactly("CT", "SR");
    List<DataSet> series = index.find(studyRoot(Level.SERIES).build());
    assertThat(series).hasSize(3);
    assertThat(TestQuery.values(series, Tags.NumberOfSeriesRelatedInstances))
        .containsExactly("18", "18", "18");
  }

  @Test
  void manyWritersOfOneInstanceStoreItOnce() throws Exception {
    List<StoreOutcome> outcomes =
        runTogether(
            6,
            t ->
                List.of(
                    index.record(
                        TestInstance.of("PID-9", "2.25.6", "2.25.6.1", "2.25.6.1.1").build(),
                        DuplicatePolicy.KEEP)));
    assertThat(outcomes).filteredOn(o -> o.kind() == StoreOutcome.Kind.STORED).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o.kind() == StoreOutcome.Kind.KEPT_EXISTING).hasSize(5);
    assertThat(index.countInstances()).isEqualTo(1);
    assertThat(
            index
                .find(studyRoot(Level.STUDY).build())
                .get(0)
                .getString(Tags.NumberOfStudyRelatedInstances))
        .isEqualTo("1");
  }

  private interface Writer {
    List<StoreOutcome> write(int thread) throws Exception;
  }

  /** Runs writers on threads released at the same moment; returns all their outcomes. */
  private static List<StoreOutcome> runTogether(int threads, Writer writer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<StoreOutcome>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<List<StoreOutcome>> task =
            () -> {
              start.await();
              return writer.write(thread);
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<StoreOutcome> all = new ArrayList<>();
      for (Future<List<StoreOutcome>> f : futures) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }
}
