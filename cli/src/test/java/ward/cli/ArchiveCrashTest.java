package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static ward.cli.ArchiveTesting.bySopInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.cli.ArchiveTesting.Run;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.Tags;

/**
 * Kill -9 during a parallel ingest: four storescu processes store into an archive running as its
 * own process, which is killed once some instances are acknowledged. After a restart every instance
 * that got a success status is found and retrieved intact, and everything found is a complete
 * instance that was sent (no partial instance is visible).
 */
class ArchiveCrashTest {
  @TempDir Path work;

  /** The files storescu got a success response for, from its verbose log. */
  private static Set<Path> acknowledged(Path log) throws IOException {
    Set<Path> acked = new HashSet<>();
    Path sending = null;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.startsWith("I: Sending file: ")) {
        sending = Path.of(line.substring("I: Sending file: ".length()).strip());
      } else if (line.startsWith("I: Received Store Response (Success)") && sending != null) {
        acked.add(sending);
        sending = null;
      }
    }
    return acked;
  }

  private static int successes(List<Path> logs) throws IOException {
    int n = 0;
    for (Path log : logs) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
          if (line.startsWith("I: Received Store Response (Success)")) {
            n++;
          }
        }
      }
    }
    return n;
  }

  @Test
  void acknowledgedInstancesSurviveKillNine() throws Exception {
    Path data = work.resolve("data");
    int port = ArchiveTesting.configure(data);
    Path pw = ArchiveTesting.user(work, data, "modality1", "UPLOADER");
    Path readerCert = work.resolve("reader-cert");
    ArchiveTesting.entity(data, "READER1", "READER", readerCert);
    Path studies = work.resolve("studies");
    ArchiveTesting.wardOk(
        "synth",
        "--out",
        studies.toString(),
        "--patients",
        "1",
        "--series-per-study",
        "4",
        "--instances-per-series",
        "60",
        "--rows",
        "128",
        "--columns",
        "128",
        "--seed",
        "5");
    Map<String, DataSet> sent = bySopInstance(studies);
    Path ca = data.resolve("tls").resolve("ca.pem");

    Path serverLog = work.resolve("serve-1.log");
    Process server = ArchiveTesting.serve(data, serverLog);
    ArchiveTesting.awaitRunning(server, serverLog);
    List<Path> series;
    try (var s = Files.walk(studies, 3)) {
      series = s.filter(p -> p.getFileName().toString().startsWith("se")).sorted().toList();
    }
    assertThat(series).hasSize(4);
    List<Process> clients = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      Path log = work.resolve("storescu-" + i + ".log");
      logs.add(log);
      clients.add(
          ArchiveTesting.background(
              log,
              "storescu",
              "-v",
              "+tla",
              "+cf",
              ca.toString(),
              "--user",
              "modality1",
              "--password",
              Files.readString(pw).strip(),
              "-aet",
              "MODALITY" + i,
              "-aec",
              "WARD",
              "127.0.0.1",
              Integer.toString(port),
              "+sd",
              series.get(i).toString()));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (successes(logs) < 40 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    server.destroyForcibly().waitFor(); // SIGKILL
    for (Process c : clients) {
      c.waitFor(60, TimeUnit.SECONDS);
    }
    Set<String> acked = new HashSet<>();
    for (Path log : logs) {
      for (Path f : acknowledged(log)) {
        acked.add(DicomReader.readFile(f).dataSet().getString(Tags.SOPInstanceUID));
      }
    }
    assertThat(acked).as("instances acknowledged before the kill").hasSizeGreaterThanOrEqualTo(40);
    assertThat(acked.size()).as("the kill came during the ingest").isLessThan(sent.size());

    int[] foundCount = {-1};
    Path restartLog = work.resolve("serve-2.log");
    Process restarted = ArchiveTesting.serve(data, restartLog);
    try {
      ArchiveTesting.awaitRunning(restarted, restartLog);
      String study = sent.values().iterator().next().getString(Tags.StudyInstanceUID);
      List<DataSet> found =
          ArchiveTesting.find(
              work,
              ArchiveTesting.certified(readerCert, ca, port, "findscu", "READER1"),
              "IMAGE",
              "StudyInstanceUID=" + study,
              "SOPInstanceUID");
      Set<String> foundUids = new HashSet<>();
      found.forEach(d -> foundUids.add(d.getString(Tags.SOPInstanceUID)));
      foundCount[0] = foundUids.size();
      assertThat(foundUids).containsAll(acked);
      assertThat(sent.keySet()).containsAll(foundUids);

      int tunnelPort = ArchiveTesting.freePort();
      Process tunnel =
          ArchiveTesting.tunnel(work.resolve("socat.log"), tunnelPort, port, readerCert, ca);
      try {
        Path out = Files.createDirectories(work.resolve("retrieved"));
        Run get =
            ArchiveTesting.run(
                work,
                List.of(
                    "getscu",
                    "-aet",
                    "READER1",
                    "-aec",
                    "WARD",
                    "127.0.0.1",
                    Integer.toString(tunnelPort),
                    "-S",
                    "-od",
                    out.toString(),
                    "-k",
                    "QueryRetrieveLevel=STUDY",
                    "-k",
                    "StudyInstanceUID=" + study));
        assertThat(get.status()).as(get.out()).isZero();
        Map<String, DataSet> retrieved = bySopInstance(out);
        assertThat(retrieved.keySet()).isEqualTo(foundUids);
        retrieved.forEach((uid, ds) -> assertThat(ds).as(uid).isEqualTo(sent.get(uid)));
      } finally {
        tunnel.destroy();
      }
    } finally {
      restarted.destroy();
      restarted.waitFor(30, TimeUnit.SECONDS);
    }
    // Every instance the index lists verifies against the digest recorded at ingest.
    Run verify = ArchiveTesting.ward("verify", "--quiet", "--data", data.toString());
    assertThat(verify.status()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out())
        .contains(foundCount[0] + " objects checked, " + foundCount[0] + " intact");
  }
}
