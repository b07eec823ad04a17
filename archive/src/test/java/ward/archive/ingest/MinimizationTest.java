package ward.archive.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;
import ward.archive.index.DuplicatePolicy;
import ward.archive.index.JdbcIndex;
import ward.archive.keys.DataKeys;
import ward.archive.keys.KeyRing;
import ward.archive.storage.BlobStore;
import ward.archive.storage.EncryptedBlobStore;
import ward.archive.storage.FileBlobStore;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.ReadOptions;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;

class MinimizationTest {
  private static final String SSN_A = "123-45-6789";
  private static final String SSN_B = "234-56-7890";

  @TempDir Path dir;
  private Database db;
  private JdbcIndex index;
  private BlobStore blobs;
  private Pseudonyms pseudonyms;
  private final List<IngestEvents.Minimized> told = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    db = Database.embedded(dir.resolve("index"));
    index = new JdbcIndex(db.dataSource());
    KeyRing keys = KeyRing.open(dir.resolve("keys"));
    blobs =
        new EncryptedBlobStore(
            new FileBlobStore(dir.resolve("blobs")), new DataKeys(db.dataSource(), keys));
    pseudonyms = new Pseudonyms(db.dataSource(), keys, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private Ingest ingest(Pattern extra) {
    IngestEvents events =
        new IngestEvents() {
          @Override
          public void executablePreamble(ExecutablePreamble event) {}

          @Override
          public void minimized(Minimized event) {
            told.add(event);
          }
        };
    return new Ingest(
        blobs,
        index,
        DuplicatePolicy.REJECT,
        new Safeguards(
            PreamblePolicy.QUARANTINE, null, new Minimization(extra), pseudonyms, events),
        Clock.systemUTC());
  }

  private static DataSet instance(String sop, String patientId) {
    DataSet otherA = DataSet.builder().setString(Tags.PatientID, VR.LO, SSN_B).build();
    DataSet otherB = DataSet.builder().setString(Tags.PatientID, VR.LO, "HOSP-9").build();
    DataSet request =
        DataSet.builder()
            .setString(Tags.ReasonForTheRequestedProcedure, VR.LO, "check 234 56 7890 please")
            .build();
    return IngestTest.instance(sop, "MINIMAL^PERSON").toBuilder()
        .setString(Tags.PatientID, VR.LO, patientId)
        .setString(Tags.OtherPatientIDs, VR.LO, "MRN123", SSN_B)
        .setSequence(Tags.OtherPatientIDsSequence, List.of(otherA, otherB))
        .setString(Tags.PatientComments, VR.LT, "SSN " + SSN_A + " on file; call 555-0100")
        .setSequence(Tags.RequestAttributesSequence, List.of(request))
        .build();
  }

  private Stored store(Ingest ingest, DataSet ds) throws Exception {
    return ingest.storeDataSet(
        UID.SecondaryCaptureImageStorage,
        ds.getString(Tags.SOPInstanceUID),
        UID.ExplicitVRLittleEndian,
        new ByteArrayInputStream(IngestTest.dataSet(ds)),
        "modality1");
  }

  private DataSet stored(Stored s) throws Exception {
    try (InputStream in = blobs.open(s.instance().blob())) {
      return DicomReader.read(in.readAllBytes(), ReadOptions.DEFAULT).dataSet();
    }
  }

  @Test
  void ssnShapesAreToldFromOtherNumbers() {
    for (String yes : List.of(SSN_A, "123 45 6789", "id:123-45-6789.", SSN_B)) {
      assertThat(Minimization.SSN.matcher(yes).find()).as(yes).isTrue();
    }
    for (String no :
        List.of(
            "000-12-3456",
            "666-12-3456",
            "912-34-5678",
            "123-00-4567",
            "123-45-0000",
            "1123-45-6789",
            "123-45-67890",
            "123456789",
            "2023-01-15",
            "555-0100")) {
      assertThat(Minimization.SSN.matcher(no).find()).as(no).isFalse();
    }
  }

  @Test
  void nationalIdentifiersAreRemovedAndThePatientIdPseudonymized() throws Exception {
    Stored s = store(ingest(null), instance("1.2.826.0.1.3680043.9.7433.6.1", SSN_A));
    assertThat(s.coerced()).isTrue();
    DataSet ds = stored(s);
    String pid = ds.getString(Tags.PatientID);
    assertThat(pid).startsWith(Pseudonyms.PREFIX).doesNotContain("6789");
    assertThat(ds.getString(Tags.IssuerOfPatientID)).isEqualTo(Minimization.PSEUDONYM_ISSUER);
    assertThat(ds.getStrings(Tags.OtherPatientIDs)).containsExactly("MRN123");
    assertThat(ds.getSequence(Tags.OtherPatientIDsSequence))
        .extracting(i -> i.getString(Tags.PatientID))
        .containsExactly("HOSP-9");
    assertThat(ds.getString(Tags.PatientComments))
        .isEqualTo("SSN " + Minimization.REMOVED + " on file; call 555-0100");
    assertThat(
            ds.getSequence(Tags.RequestAttributesSequence)
                .get(0)
                .getString(Tags.ReasonForTheRequestedProcedure))
        .isEqualTo("check " + Minimization.REMOVED + " please");
    assertThat(ds.getString(Tags.PatientName)).isEqualTo("MINIMAL^PERSON");
    assertThat(ds.getBytes(Tags.PixelData)).hasSize(200_000);

    // the index knows the pseudonym only; the stored digest is the stored object's
    assertThat(s.instance().patientId()).isEqualTo(pid);
    assertThat(index.instance(s.instance().sopInstanceUid()).orElseThrow().patientId())
        .isEqualTo(pid);
    assertThat(pseudonyms.reveal(pid)).contains(SSN_A);

    // the copy as received is gone: one object, one data key
    try (var files = Files.walk(dir.resolve("blobs").resolve("objects"))) {
      assertThat(files.filter(Files::isRegularFile)).hasSize(1);
    }
    assertThat(new ward.archive.integrity.IntegrityCheck(index, blobs).all(f -> {}).problems())
        .isEmpty();

    // reported by attribute, never by value
    assertThat(told)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.patientId()).isEqualTo(pid);
              assertThat(e.changes())
                  .extracting(Minimization.Change::attribute)
                  .containsExactlyInAnyOrder(
                      "PatientID",
                      "OtherPatientIDs",
                      "OtherPatientIDsSequence",
                      "PatientComments",
                      "RequestAttributesSequence>ReasonForTheRequestedProcedure");
              assertThat(e.changes().toString()).doesNotContain("6789").doesNotContain("7890");
            });
  }

  @Test
  void theSameIdentifierGetsTheSamePseudonymSoStudiesStayTogether() throws Exception {
    Ingest ingest = ingest(null);
    Stored a = store(ingest, instance("1.2.826.0.1.3680043.9.7433.6.2", SSN_A));
    Stored b = store(ingest, instance("1.2.826.0.1.3680043.9.7433.6.3", SSN_A));
    Stored c = store(ingest, instance("1.2.826.0.1.3680043.9.7433.6.4", SSN_B));
    assertThat(a.instance().patientId()).isEqualTo(b.instance().patientId());
    assertThat(c.instance().patientId()).isNotEqualTo(a.instance().patientId());
  }

  @Test
  void aSitePatternIsRemovedToo() throws Exception {
    DataSet ds =
        IngestTest.instance("1.2.826.0.1.3680043.9.7433.6.5", "SITE^PATTERN").toBuilder()
            .setString(Tags.PatientComments, VR.LT, "national id AB123456C")
            .build();
    DataSet kept = stored(store(ingest(Pattern.compile("[A-Z]{2}[0-9]{6}[A-D]")), ds));
    assertThat(kept.getString(Tags.PatientComments))
        .isEqualTo("national id " + Minimization.REMOVED);
  }

  @Test
  void anInstanceWithoutIdentifiersIsStoredExactlyAsReceived() throws Exception {
    DataSet ds = IngestTest.instance("1.2.826.0.1.3680043.9.7433.6.6", "PLAIN^PERSON");
    Stored s = store(ingest(null), ds);
    assertThat(s.coerced()).isFalse();
    assertThat(stored(s)).isEqualTo(ds);
    assertThat(told).isEmpty();
    byte[] all;
    try (InputStream in = blobs.open(s.instance().blob())) {
      all = in.readAllBytes();
    }
    assertThat(new String(all, StandardCharsets.ISO_8859_1)).contains("PLAIN^PERSON");
  }
}
