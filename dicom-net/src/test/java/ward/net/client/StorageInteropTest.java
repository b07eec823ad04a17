package ward.net.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.TransferSyntax;
import ward.dicom.UID;

/** C-ECHO and C-STORE against dcmtk's storescp. */
class StorageInteropTest {

  @TempDir Path tmp;

  private DicomClient client(int port) {
    return new DicomClient(new Peer("STORESCP", "127.0.0.1", port), ClientSettings.defaults());
  }

  private Dcmtk storescp(int port, String... options) throws Exception {
    Path out = Files.createDirectories(tmp.resolve("received"));
    List<String> cmd = new ArrayList<>(List.of("storescp", "--aetitle", "STORESCP", "-od"));
    cmd.add(out.toString());
    cmd.addAll(List.of(options));
    cmd.add(String.valueOf(port));
    return Dcmtk.server(tmp.resolve("storescp.log"), port, cmd.toArray(String[]::new));
  }

  /** The file storescp wrote for an instance (it names files MODALITY.UID). */
  private Path received(String sopInstanceUid) throws IOException {
    try (Stream<Path> s = Files.list(tmp.resolve("received"))) {
      return s.filter(p -> p.getFileName().toString().endsWith("." + sopInstanceUid))
          .findFirst()
          .orElseThrow(() -> new AssertionError("storescp wrote no file for " + sopInstanceUid));
    }
  }

  private List<Path> sources(int small, int bigRows) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.createDirectories(tmp.resolve("src"));
    for (int i = 1; i <= small + 1; i++) {
      boolean big = i > small;
      DataSet ds =
          Synthetic.ct(
              "TEST^STORE" + i,
              "STORE" + i,
              "20210101",
              "2.25.700",
              "2.25.701",
              "2.25.702" + i,
              big ? bigRows : 16);
      String ts =
          i == 2 ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid() : UID.ExplicitVRLittleEndian;
      files.add(Synthetic.write(tmp.resolve("src/" + i + ".dcm"), ds, ts));
    }
    return files;
  }

  @Test
  void echoesStorescp() throws Exception {
    int port = Dcmtk.freePort();
    try (Dcmtk scp = storescp(port)) {
      client(port).echo();
      assertThat(scp.process.isAlive()).isTrue();
    }
  }

  @Test
  void storesEveryFileByteForByteOverTwoAssociations() throws Exception {
    List<Path> files = sources(4, 8192); // the last one is 4 MiB of pixels
    assertThat(Files.size(files.get(4))).isGreaterThan(4_000_000);
    int port = Dcmtk.freePort();
    List<StoreResult> seen = new CopyOnWriteArrayList<>();
    StoreReport report;
    try (Dcmtk scp = storescp(port, "--fork", "+B")) {
      report = client(port).store(StoreJob.scan(files), 2, seen::add);
      assertThat(scp.process.isAlive()).as("storescp is still up").isTrue();
    }
    assertThat(report.failures()).isEmpty();
    assertThat(report.storedCount()).isEqualTo(5);
    assertThat(report.associations()).isEqualTo(2);
    assertThat(seen).hasSize(5);
    assertThat(report.bytesSent())
        .isEqualTo(files.stream().mapToLong(StorageInteropTest::size).sum());
    assertThat(report.megabytesPerSecond()).isPositive();
    for (Path f : files) {
      StoreJob.Instance i = StoreJob.read(f);
      assertThat(Synthetic.sha256(Synthetic.dataSetBytes(received(i.sopInstanceUid()))))
          .as("digest of the data set of %s as storescp received it", f)
          .isEqualTo(Synthetic.sha256(Synthetic.dataSetBytes(f)));
    }
  }

  @Test
  void reencodesNativeFilesWhenThePeerAcceptsOnlyImplicitVr() throws Exception {
    DataSet ds =
        Synthetic.ct("TEST^IMPLICIT", "IMP1", "20210101", "2.25.80", "2.25.81", "2.25.82", 64);
    Path explicit = Synthetic.write(tmp.resolve("explicit.dcm"), ds);
    DataSet ds2 = ds.toBuilder().setString(0x00080018, ward.dicom.VR.UI, "2.25.83").build();
    Path big = Synthetic.write(tmp.resolve("big.dcm"), ds2, UID.ExplicitVRBigEndian);
    int port = Dcmtk.freePort();
    StoreReport report;
    try (Dcmtk scp = storescp(port, "+xi")) {
      report = client(port).store(StoreJob.scan(List.of(explicit, big)), 1, StoreListener.NONE);
      assertThat(scp.process.isAlive()).as("storescp is still up").isTrue();
    }
    assertThat(report.failures()).isEmpty();
    assertThat(report.results())
        .extracting(StoreResult::transferSyntaxUid)
        .containsOnly(UID.ImplicitVRLittleEndian);
    assertThat(Synthetic.read(received("2.25.82"))).isEqualTo(ds);
    assertThat(Synthetic.read(received("2.25.83"))).isEqualTo(ds2);
  }

  @Test
  void reportsEachFileThatCannotBeSent() throws Exception {
    Path ok = sources(1, 16).get(0);
    Path jpeg =
        Synthetic.write(
            tmp.resolve("jpeg.dcm"), StoreJobTest.jpeg("2.25.90"), UID.JPEGBaseline8Bit);
    Path text = Files.writeString(tmp.resolve("notes.txt"), "not DICOM");
    int port = Dcmtk.freePort();
    StoreReport report;
    try (Dcmtk scp = storescp(port)) {
      report = client(port).store(StoreJob.scan(List.of(ok, jpeg, text)), 1, StoreListener.NONE);
      assertThat(scp.process.isAlive()).as("storescp is still up").isTrue();
    }
    assertThat(report.storedCount()).isEqualTo(1);
    assertThat(report.failures())
        .extracting(r -> r.file().getFileName().toString(), StoreResult::problem)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "jpeg.dcm",
                "the peer accepted no presentation context for CT Image Storage in JPEG Baseline"
                    + " (Process 1) (transfer syntaxes not supported)"),
            org.assertj.core.groups.Tuple.tuple(
                "notes.txt",
                "not valid DICOM: at byte 0: not a DICOM Part 10 file: no 'DICM' prefix after a"
                    + " 128-byte preamble"));
  }

  @Test
  void aRefusedConnectionIsAnError() throws Exception {
    int port = Dcmtk.freePort();
    assertThatThrownBy(() -> client(port).echo()).isInstanceOf(ConnectException.class);
    List<Path> files = sources(1, 16);
    assertThatThrownBy(() -> client(port).store(StoreJob.scan(files), 2, StoreListener.NONE))
        .isInstanceOf(ConnectException.class);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
