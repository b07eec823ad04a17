package ward.archive.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;
import ward.archive.index.DuplicatePolicy;
import ward.archive.index.JdbcIndex;
import ward.archive.index.StoredInstance;
import ward.archive.ingest.Ingest;
import ward.archive.integrity.IntegrityCheck.Verdict;
import ward.archive.keys.DataKeys;
import ward.archive.keys.KeyRing;
import ward.archive.storage.BlobKey;
import ward.archive.storage.BlobStore;
import ward.archive.storage.EncryptedBlobStore;
import ward.archive.storage.FileBlobStore;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;
import ward.dicom.UID;
import ward.dicom.VR;

class IntegrityCheckTest {
  private static final int INSTANCES = 30;

  @TempDir Path dir;
  private Database db;
  private JdbcIndex index;
  private List<StoredInstance> stored;

  @BeforeEach
  void open() throws Exception {
    db = Database.embedded(dir.resolve("index"));
    index = new JdbcIndex(db.dataSource());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private BlobStore encrypted() throws Exception {
    return new EncryptedBlobStore(
        new FileBlobStore(dir.resolve("blobs")),
        new DataKeys(db.dataSource(), KeyRing.open(dir.resolve("keys"))));
  }

  private void fill(BlobStore blobs) throws Exception {
    Ingest ingest = new Ingest(blobs, index, DuplicatePolicy.REJECT, Clock.systemUTC());
    stored = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      String sop = "1.2.826.0.1.3680043.9.7433.1." + (100 + i);
      DataSet ds =
          DataSet.builder()
              .setString(Tags.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
              .setString(Tags.SOPInstanceUID, VR.UI, sop)
              .setString(Tags.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.9.7433.2")
              .setString(Tags.SeriesInstanceUID, VR.UI, "1.2.826.0.1.3680043.9.7433.3")
              .setString(Tags.PatientName, VR.PN, "INTEGRITY^TEST")
              .setString(Tags.PatientID, VR.LO, "SYNINT")
              .setBytes(Tags.PixelData, VR.OB, new byte[150_000 + i])
              .build();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      DicomWriter.writeDataSet(out, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
      stored.add(
          ingest
              .storeDataSet(
                  UID.SecondaryCaptureImageStorage,
                  sop,
                  UID.ExplicitVRLittleEndian,
                  new ByteArrayInputStream(out.toByteArray()),
                  "TEST")
              .instance());
    }
  }

  private Path file(BlobKey key) {
    String k = key.value();
    return dir.resolve("blobs")
        .resolve("objects")
        .resolve(k.substring(0, 2))
        .resolve(k.substring(2, 4))
        .resolve(k);
  }

  private void flipByte(StoredInstance i, int offset) throws Exception {
    byte[] b = Files.readAllBytes(file(i.blob()));
    b[offset] ^= 0x40;
    Files.write(file(i.blob()), b);
  }

  @Test
  void anUntouchedArchiveIsIntact() throws Exception {
    fill(encrypted());
    IntegrityCheck check = new IntegrityCheck(index, encrypted());
    List<IntegrityCheck.Finding> seen = new ArrayList<>();
    IntegrityCheck.Report r = check.all(seen::add);
    assertThat(r.checked()).isEqualTo(INSTANCES);
    assertThat(r.clean()).isTrue();
    assertThat(seen).hasSize(INSTANCES).allMatch(IntegrityCheck.Finding::intact);
  }

  @Test
  void everyChangedOrLostObjectIsNamed() throws Exception {
    fill(encrypted());
    flipByte(stored.get(7), 70_000);
    Files.delete(file(stored.get(9).blob()));
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("UPDATE instance SET sha256 = ? WHERE sop_instance_uid = ?")) {
      s.setString(1, "00".repeat(32));
      s.setString(2, stored.get(11).sopInstanceUid());
      s.executeUpdate();
    }
    IntegrityCheck.Report r = new IntegrityCheck(index, encrypted()).all(f -> {});
    assertThat(r.checked()).isEqualTo(INSTANCES);
    assertThat(r.problems())
        .extracting(f -> f.instance().sopInstanceUid(), IntegrityCheck.Finding::verdict)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(stored.get(7).sopInstanceUid(), Verdict.TAMPERED),
            org.assertj.core.groups.Tuple.tuple(stored.get(9).sopInstanceUid(), Verdict.MISSING),
            org.assertj.core.groups.Tuple.tuple(stored.get(11).sopInstanceUid(), Verdict.CHANGED));
  }

  @Test
  void aChangedPlainObjectFailsItsDigest() throws Exception {
    BlobStore plain = new FileBlobStore(dir.resolve("blobs"));
    fill(plain);
    flipByte(stored.get(3), 1000);
    IntegrityCheck.Report r = new IntegrityCheck(index, plain).all(f -> {});
    assertThat(r.problems())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.verdict()).isEqualTo(Verdict.CHANGED);
              assertThat(f.instance().sopInstanceUid()).isEqualTo(stored.get(3).sopInstanceUid());
            });
  }

  @Test
  void aRollingPassCoversEveryObjectAndStartsAgain() throws Exception {
    fill(encrypted());
    IntegrityCheck check = new IntegrityCheck(index, encrypted());
    Set<String> covered = new HashSet<>();
    for (int round = 0; round < 4; round++) { // 4 x 8 = 32 > 30
      IntegrityCheck.Report r = check.next(8, f -> covered.add(f.instance().sopInstanceUid()));
      assertThat(r.checked()).isEqualTo(8);
    }
    assertThat(covered).hasSize(INSTANCES);
    flipByte(stored.get(0), 50);
    // the pass started again at the first object: another full pass finds the change once
    List<String> found = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      check.next(8, f -> {}).problems().forEach(f -> found.add(f.instance().sopInstanceUid()));
    }
    assertThat(found).containsExactly(stored.get(0).sopInstanceUid());
  }

  @Test
  void aSampleChecksDistinctObjects() throws Exception {
    fill(encrypted());
    Set<String> seen = new HashSet<>();
    IntegrityCheck.Report r =
        new IntegrityCheck(index, encrypted())
            .sample(12, new Random(5), f -> seen.add(f.instance().sopInstanceUid()));
    assertThat(r.checked()).isEqualTo(12);
    assertThat(seen).hasSize(12);
    assertThat(new IntegrityCheck(index, encrypted()).sample(100, new Random(5), f -> {}).checked())
        .isEqualTo(INSTANCES);
  }
}
