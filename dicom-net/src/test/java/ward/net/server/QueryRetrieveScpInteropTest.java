package ward.net.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;

/** C-FIND, C-GET and C-MOVE SCP against dcmtk's findscu, getscu, movescu and storescp. */
@Tag("oracle")
class QueryRetrieveScpInteropTest {

  @TempDir Path tmp;

  private TestArchive archive;
  private Fixtures.Events events;
  private DicomServer server;
  private final Map<String, MoveDestinations.Destination> destinations = new HashMap<>();
  private String study;
  private final List<DataSet> studyInstances = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    archive = new TestArchive(Files.createDirectories(tmp.resolve("archive")));
    study = Fixtures.newUid();
    for (int i = 0; i < 3; i++) {
      DataSet ds = Fixtures.image("DOE^JANE", "PAT-0001", study, 32 + i, 32);
      studyInstances.add(ds);
      archive.add(ds);
    }
    archive.add(Fixtures.image("DOE^JOHN", "PAT-0002", Fixtures.newUid(), 16, 16));
    archive.add(Fixtures.image("DOE^JUNE", "PAT-0003", Fixtures.newUid(), 16, 16));
    archive.add(Fixtures.image("ROE^RICHARD", "PAT-0004", Fixtures.newUid(), 16, 16));
    MoveDestinations known = (ae, rq) -> Optional.ofNullable(destinations.get(ae));
    Services services =
        Services.builder()
            .echo()
            .find(UID.StudyRootQueryRetrieveInformationModelFind, archive)
            .get(UID.StudyRootQueryRetrieveInformationModelGet, archive)
            .move(UID.StudyRootQueryRetrieveInformationModelMove, archive, known)
            .build();
    events = new Fixtures.Events();
    server = Fixtures.server(services, ServerLimits.DEFAULT, events).start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    int port = server.port();
    server.close();
    assertThat(Fixtures.threadsOf(port)).isEmpty();
  }

  private String port() {
    return String.valueOf(server.port());
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void findscuAtStudyLevelGetsOnePendingResponsePerMatch() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("responses"));
    Fixtures.Run run =
        Fixtures.run(
            tmp,
            "findscu",
            "-S",
            "-aec",
            "WARD",
            "-aet",
            "VIEWER",
            "-k",
            "QueryRetrieveLevel=STUDY",
            "-k",
            "PatientName=DOE*",
            "-k",
            "PatientID",
            "-k",
            "StudyInstanceUID",
            "-X",
            "-od",
            out.toString(),
            "127.0.0.1",
            port());
    assertThat(run.exit()).as(run.output()).isZero();
    List<Path> responses = files(out);
    assertThat(responses).hasSize(3);
    List<String> names = new ArrayList<>();
    for (Path p : responses) {
      names.add(DicomReader.readFile(p).dataSet().getString(Tags.PatientName));
    }
    assertThat(names).containsExactlyInAnyOrder("DOE^JANE", "DOE^JOHN", "DOE^JUNE");
    assertThat(archive.callers).extracting(p -> p.getName()).containsExactly("VIEWER");
    assertThat(archive.closedQueries.get()).isEqualTo(1);
  }

  @Test
  void findscuCancelEndsALongQueryWithStatusCancel() throws Exception {
    for (int i = 0; i < 300; i++) {
      archive.addStudy(
          DataSet.builder()
              .setString(Tags.StudyInstanceUID, VR.UI, Fixtures.newUid())
              .setString(Tags.PatientName, VR.PN, "MANY^PATIENT" + i)
              .setString(Tags.PatientID, VR.LO, "MANY-" + i)
              .build());
    }
    archive.millisPerMatch = 20; // the whole query would take 6 s
    Path out = Files.createDirectories(tmp.resolve("responses"));
    Fixtures.Run run =
        Fixtures.run(
            tmp,
            "findscu",
            "-v",
            "-S",
            "-aec",
            "WARD",
            "-aet",
            "VIEWER",
            "--cancel",
            "2",
            "-k",
            "QueryRetrieveLevel=STUDY",
            "-k",
            "PatientName=MANY*",
            "-X",
            "-od",
            out.toString(),
            "127.0.0.1",
            port());
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("Received Final Find Response (Cancel");
    assertThat(files(out).size()).isBetween(2, 299);
    assertThat(archive.closedQueries.get()).isEqualTo(1);
  }

  @Test
  void getscuRetrievesTheStudyOverItsOwnAssociation() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("got"));
    Fixtures.Run run =
        Fixtures.run(
            tmp,
            "getscu",
            "-S",
            "-aec",
            "WARD",
            "-aet",
            "VIEWER",
            "-k",
            "QueryRetrieveLevel=STUDY",
            "-k",
            "StudyInstanceUID=" + study,
            "-od",
            out.toString(),
            "127.0.0.1",
            port());
    assertThat(run.exit()).as(run.output()).isZero();
    assertReceived(files(out));
  }

  @Test
  void movescuSendsTheStudyToAStorescpDestination() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("moved"));
    int destPort = freePort();
    Process storescp =
        Fixtures.start(
            tmp, "storescp", "-aet", "DEST", "-od", out.toString(), String.valueOf(destPort));
    try {
      awaitListening(destPort);
      destinations.put("DEST", new MoveDestinations.Destination("DEST", "127.0.0.1", destPort));
      Fixtures.Run run =
          Fixtures.run(
              tmp,
              "movescu",
              "-v",
              "-S",
              "-aec",
              "WARD",
              "-aet",
              "VIEWER",
              "-aem",
              "DEST",
              "-k",
              "QueryRetrieveLevel=STUDY",
              "-k",
              "StudyInstanceUID=" + study,
              "127.0.0.1",
              port());
      assertThat(run.exit()).as(run.output()).isZero();
      assertThat(run.output()).contains("Received Final Move Response (Success)");
      assertReceived(files(out));
    } finally {
      storescp.destroy();
      storescp.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void movescuCancelStopsTheSubOperations() throws Exception {
    String big = Fixtures.newUid();
    for (int i = 0; i < 40; i++) {
      archive.add(Fixtures.image("DOE^JANE", "PAT-0001", big, 8, 8));
    }
    archive.millisPerInstance = 25; // the whole move would take a second
    Path out = Files.createDirectories(tmp.resolve("moved"));
    int destPort = freePort();
    Process storescp =
        Fixtures.start(
            tmp, "storescp", "-aet", "DEST", "-od", out.toString(), String.valueOf(destPort));
    try {
      awaitListening(destPort);
      destinations.put("DEST", new MoveDestinations.Destination("DEST", "127.0.0.1", destPort));
      Fixtures.Run run =
          Fixtures.run(
              tmp,
              "movescu",
              "-v",
              "-S",
              "--cancel",
              "1",
              "-aec",
              "WARD",
              "-aet",
              "VIEWER",
              "-aem",
              "DEST",
              "-k",
              "QueryRetrieveLevel=STUDY",
              "-k",
              "StudyInstanceUID=" + big,
              "127.0.0.1",
              port());
      assertThat(run.exit()).as(run.output()).isZero();
      assertThat(run.output()).contains("Received Final Move Response (Cancel");
      assertThat(files(out).size()).isBetween(1, 39);
    } finally {
      storescp.destroy();
      storescp.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void movescuToAnUnknownDestinationGetsA801() throws Exception {
    Fixtures.Run run =
        Fixtures.run(
            tmp,
            "movescu",
            "-v",
            "-S",
            "-aec",
            "WARD",
            "-aet",
            "VIEWER",
            "-aem",
            "NOWHERE",
            "-k",
            "QueryRetrieveLevel=STUDY",
            "-k",
            "StudyInstanceUID=" + study,
            "127.0.0.1",
            port());
    // dcmtk names status A801 so
    assertThat(run.output())
        .contains("Received Final Move Response (Refused: MoveDestinationUnknown)");
    assertThat(archive.callers).isEmpty();
  }

  private void assertReceived(List<Path> received) throws IOException {
    assertThat(received).hasSize(studyInstances.size());
    Map<String, DataSet> byUid = new HashMap<>();
    for (DataSet ds : studyInstances) {
      byUid.put(ds.getString(Tags.SOPInstanceUID), ds);
    }
    for (Path p : received) {
      DataSet got = DicomReader.readFile(p).dataSet();
      DataSet expected = byUid.get(got.getString(Tags.SOPInstanceUID));
      assertThat(expected).as("an instance of the study").isNotNull();
      assertThat(got).isEqualTo(expected);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
