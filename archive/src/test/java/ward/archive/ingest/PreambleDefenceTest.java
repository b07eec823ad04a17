package ward.archive.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import ward.dicom.UID;
import ward.dicom.testing.Oracles;

/**
 * The preamble defence with a real PE/DICOM polyglot that the test builds: the operating system's
 * own tools ({@code file}, {@code objdump}) see a Windows executable, dcmtk sees a valid DICOM
 * object, and Ward refuses it, keeps it byte for byte in quarantine and reports it.
 */
class PreambleDefenceTest {
  private static final String SOP = "1.2.826.0.1.3680043.9.7433.5.1";

  @TempDir Path dir;
  private Database db;
  private JdbcIndex index;
  private BlobStore blobs;
  private Quarantine quarantine;
  private final List<IngestEvents.ExecutablePreamble> events = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    db = Database.embedded(dir.resolve("index"));
    index = new JdbcIndex(db.dataSource());
    blobs =
        new EncryptedBlobStore(
            new FileBlobStore(dir.resolve("blobs")),
            new DataKeys(db.dataSource(), KeyRing.open(dir.resolve("keys"))));
    quarantine = new Quarantine(db.dataSource(), blobs, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private Ingest ingest(PreamblePolicy policy) {
    IngestEvents told =
        new IngestEvents() {
          @Override
          public void executablePreamble(ExecutablePreamble event) {
            events.add(event);
          }

          @Override
          public void minimized(Minimized event) {}
        };
    return new Ingest(
        blobs,
        index,
        DuplicatePolicy.REJECT,
        new Safeguards(policy, quarantine, null, null, told),
        Clock.systemUTC());
  }

  private static byte[] polyglot() throws Exception {
    DataSet ds = IngestTest.instance(SOP, "POLYGLOT^TEST");
    return PeDicomPolyglot.build(UID.SecondaryCaptureImageStorage, SOP, IngestTest.dataSet(ds));
  }

  @Test
  void thePolyglotIsARealExecutableAndARealDicomFile() throws Exception {
    Path f = dir.resolve("polyglot.dcm");
    Files.write(f, polyglot());
    assertThat(Oracles.run(List.of("file", "-k", "-b", f.toString()), new byte[0]))
        .contains("PE32 executable");
    assertThat(Oracles.run(List.of("objdump", "-f", f.toString()), new byte[0]))
        .contains("pei-i386");
    assertThat(Oracles.run(List.of("dcmdump", "-q", f.toString()), new byte[0])).contains(SOP);
    assertThat(Preamble.of(polyglot())).isEqualTo(Preamble.PE);
    assertThat(Preamble.of(Arrays.copyOf(polyglot(), 128))).isEqualTo(Preamble.MZ);
  }

  @Test
  void anExecutablePreambleIsRefusedQuarantinedAndReported() throws Exception {
    byte[] file = polyglot();
    Ingest ingest = ingest(PreamblePolicy.QUARANTINE);
    assertThatThrownBy(() -> ingest.storePart10(new ByteArrayInputStream(file), "uploader1"))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("Windows PE executable")
        .satisfies(
            e ->
                assertThat(((IngestException) e).reason())
                    .isEqualTo(IngestException.Reason.QUARANTINED));
    assertThat(index.countInstances()).isZero();
    assertThat(index.instance(SOP)).isEmpty();
    List<Quarantine.Entry> kept = quarantine.list();
    assertThat(kept)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.sopInstanceUid()).isEqualTo(SOP);
              assertThat(e.source()).isEqualTo("uploader1");
              assertThat(e.size()).isEqualTo(file.length);
            });
    try (InputStream in = quarantine.open(kept.get(0).object())) {
      assertThat(in.readAllBytes()).isEqualTo(file);
    }
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.preamble()).isEqualTo(Preamble.PE);
              assertThat(e.refused()).isTrue();
              assertThat(e.quarantined()).isEqualTo(kept.get(0).object());
            });
    assertThat(quarantine.delete(kept.get(0).object())).isTrue();
    assertThat(quarantine.list()).isEmpty();
  }

  @Test
  void byPolicyTheObjectIsStoredWithAZeroedPreamble() throws Exception {
    Stored s = ingest(PreamblePolicy.ZERO).storePart10(new ByteArrayInputStream(polyglot()), "u");
    byte[] stored;
    try (InputStream in = blobs.open(s.instance().blob())) {
      stored = in.readAllBytes();
    }
    assertThat(Arrays.copyOf(stored, 128)).isEqualTo(new byte[128]);
    assertThat(DicomReader.read(stored, ReadOptions.DEFAULT).dataSet().getString(0x00080018))
        .isEqualTo(SOP);
    assertThat(events).singleElement().satisfies(e -> assertThat(e.refused()).isFalse());
    assertThat(quarantine.list()).isEmpty();
  }

  @Test
  void withoutAQuarantineTheObjectIsRefusedAndNothingKept() throws Exception {
    Ingest plain = new Ingest(blobs, index, DuplicatePolicy.REJECT, Clock.systemUTC());
    assertThatThrownBy(() -> plain.storePart10(new ByteArrayInputStream(polyglot()), "u"))
        .isInstanceOf(IngestException.class);
    assertThat(index.countInstances()).isZero();
    try (var files = Files.walk(dir.resolve("blobs"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void preamblesAreToldApart() {
    assertThat(Preamble.of(new byte[128])).isEqualTo(Preamble.ZERO);
    assertThat(Preamble.of(prefix(0x7F, 'E', 'L', 'F'))).isEqualTo(Preamble.ELF);
    assertThat(Preamble.of(prefix(0xCF, 0xFA, 0xED, 0xFE))).isEqualTo(Preamble.MACH_O);
    assertThat(Preamble.of(prefix(0xCA, 0xFE, 0xBA, 0xBE))).isEqualTo(Preamble.MACH_O);
    assertThat(Preamble.of(prefix('#', '!', '/'))).isEqualTo(Preamble.SCRIPT);
    assertThat(Preamble.of(prefix('M', 'Z'))).isEqualTo(Preamble.MZ);
    assertThat(Preamble.of(prefix('I', 'I', 0x2A, 0))).isEqualTo(Preamble.TIFF);
    assertThat(Preamble.of(prefix('M', 'M', 0, 0x2B))).isEqualTo(Preamble.TIFF);
    assertThat(Preamble.of(prefix('A', 'C', 'M', 'E'))).isEqualTo(Preamble.OTHER);
    assertThat(Preamble.TIFF.executable()).isFalse();
    assertThat(Preamble.OTHER.executable()).isFalse();
  }

  private static byte[] prefix(int... bytes) {
    byte[] p = new byte[128];
    for (int i = 0; i < bytes.length; i++) {
      p[i] = (byte) bytes[i];
    }
    return p;
  }
}
