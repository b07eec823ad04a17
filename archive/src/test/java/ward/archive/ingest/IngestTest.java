package ward.archive.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;
import ward.archive.index.DuplicatePolicy;
import ward.archive.index.JdbcIndex;
import ward.archive.storage.FileBlobStore;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.DicomWriter;
import ward.dicom.Part10Head;
import ward.dicom.ReadOptions;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.dicom.testing.Oracles;

class IngestTest {
  @TempDir Path dir;
  Database db;
  FileBlobStore blobs;
  JdbcIndex index;

  @BeforeEach
  void open() throws IOException {
    db = Database.embedded(dir.resolve("index"));
    blobs = new FileBlobStore(dir.resolve("objects"));
    index = new JdbcIndex(db.dataSource());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private Ingest ingest(DuplicatePolicy policy) {
    return new Ingest(blobs, index, policy, Clock.systemUTC());
  }

  static DataSet instance(String sop, String name) {
    return DataSet.builder()
        .setString(Tags.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
        .setString(Tags.SOPInstanceUID, VR.UI, sop)
        .setString(Tags.StudyInstanceUID, VR.UI, "1.2.3")
        .setString(Tags.SeriesInstanceUID, VR.UI, "1.2.3.1")
        .setString(Tags.PatientName, VR.PN, name)
        .setString(Tags.PatientID, VR.LO, "SYN0001")
        .setBytes(Tags.PixelData, VR.OB, new byte[200_000])
        .build();
  }

  static byte[] dataSet(DataSet ds) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.writeDataSet(out, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    return out.toByteArray();
  }

  private long objects() throws IOException {
    try (Stream<Path> s = Files.walk(dir.resolve("objects"))) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  private Stored store(Ingest ingest, DataSet ds) throws Exception {
    return ingest.storeDataSet(
        UID.SecondaryCaptureImageStorage,
        ds.getString(Tags.SOPInstanceUID),
        UID.ExplicitVRLittleEndian,
        new ByteArrayInputStream(dataSet(ds)),
        "tester");
  }

  @Test
  void storesTheDataSetExactlyAsReceivedBehindWardsOwnHead() throws Exception {
    DataSet ds = instance("1.2.3.1.1", "Doe^Jane");
    Stored stored = store(ingest(DuplicatePolicy.REJECT), ds);
    assertThat(stored.duplicate()).isFalse();
    assertThat(index.instance("1.2.3.1.1")).isPresent();
    try (InputStream in = blobs.open(stored.instance().blob())) {
      Part10Head head = Part10Head.read(in);
      assertThat(head.preamble()).containsOnly(0);
      assertThat(head.dataSet(in).readAllBytes()).isEqualTo(dataSet(ds));
    }
  }

  @Test
  void malformedDataSetLeavesNothing() throws Exception {
    byte[] bytes = dataSet(instance("1.2.3.1.2", "Doe^John"));
    byte[] broken = Arrays.copyOf(bytes, bytes.length - 1000); // pixel data cut short
    assertThatThrownBy(
            () ->
                ingest(DuplicatePolicy.REJECT)
                    .storeDataSet(
                        UID.SecondaryCaptureImageStorage,
                        "1.2.3.1.2",
                        UID.ExplicitVRLittleEndian,
                        new ByteArrayInputStream(broken),
                        "tester"))
        .isInstanceOf(IngestException.class);
    assertThat(objects()).isZero();
    assertThat(index.countInstances()).isZero();
  }

  @Test
  void refusesADataSetThatIsNotWhatWasAnnounced() throws Exception {
    DataSet ds = instance("1.2.3.1.3", "Doe^Jane");
    assertThatThrownBy(
            () ->
                ingest(DuplicatePolicy.REJECT)
                    .storeDataSet(
                        UID.SecondaryCaptureImageStorage,
                        "1.2.3.1.999",
                        UID.ExplicitVRLittleEndian,
                        new ByteArrayInputStream(dataSet(ds)),
                        "tester"))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> assertThat(e.reason()).isEqualTo(IngestException.Reason.MISMATCH));
    DataSet noStudy = ds.toBuilder().remove(Tags.StudyInstanceUID).build();
    assertThatThrownBy(() -> store(ingest(DuplicatePolicy.REJECT), noStudy))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> assertThat(e.reason()).isEqualTo(IngestException.Reason.INVALID));
    DataSet badUid = ds.toBuilder().setString(Tags.StudyInstanceUID, VR.UI, "1.2.03.x").build();
    assertThatThrownBy(() -> store(ingest(DuplicatePolicy.REJECT), badUid))
        .isInstanceOf(IngestException.class);
    assertThat(objects()).isZero();
  }

  @Test
  void duplicatesFollowThePolicyAndLeaveOneObject() throws Exception {
    DataSet first = instance("1.2.3.1.4", "Doe^Jane");
    DataSet second = instance("1.2.3.1.4", "Doe^Janet");
    store(ingest(DuplicatePolicy.REJECT), first);
    assertThatThrownBy(() -> store(ingest(DuplicatePolicy.REJECT), second))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> assertThat(e.reason()).isEqualTo(IngestException.Reason.DUPLICATE));
    assertThat(objects()).isEqualTo(1);
    assertThat(store(ingest(DuplicatePolicy.KEEP), second).duplicate()).isTrue();
    assertThat(objects()).isEqualTo(1);
    Stored replaced = store(ingest(DuplicatePolicy.REPLACE), second);
    assertThat(objects()).isEqualTo(1);
    try (InputStream in = blobs.open(replaced.instance().blob())) {
      Part10Head head = Part10Head.read(in);
      assertThat(head.dataSet(in).readAllBytes()).isEqualTo(dataSet(second));
    }
  }

  @Test
  void storesPart10FilesOfThePydicomCorpusWithoutChangingTheirDataSets() throws Exception {
    Path corpus = Oracles.pydicomDataDir().resolve("test_files");
    Ingest ingest = ingest(DuplicatePolicy.REJECT);
    for (String name :
        new String[] {
          "CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "SC_rgb_rle.dcm", "image_dfl.dcm"
        }) {
      Path file = corpus.resolve(name);
      Stored stored;
      try (InputStream in = Files.newInputStream(file)) {
        stored = ingest.storePart10(in, "tester");
      }
      DataSet original = DicomReader.readFile(file).dataSet();
      try (InputStream in = blobs.open(stored.instance().blob())) {
        assertThat(DicomReader.read(in, ReadOptions.DEFAULT).dataSet())
            .as(name)
            .isEqualTo(original);
      }
    }
    assertThat(index.countInstances()).isEqualTo(5);
  }

  @Test
  void refusesAFileWhoseMetaInformationContradictsItsDataSet() throws Exception {
    // pydicom's rtplan.dcm names another SOP instance in its meta information than in its data set
    Path file = Oracles.pydicomDataDir().resolve("test_files").resolve("rtplan.dcm");
    try (InputStream in = Files.newInputStream(file)) {
      assertThatThrownBy(() -> ingest(DuplicatePolicy.REJECT).storePart10(in, "tester"))
          .isInstanceOfSatisfying(
              IngestException.class,
              e -> assertThat(e.reason()).isEqualTo(IngestException.Reason.MISMATCH));
    }
    assertThat(objects()).isZero();
  }
}
