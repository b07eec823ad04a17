package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.cli.ArchiveTesting.PeakRss;
import ward.cli.ArchiveTesting.Run;
import ward.dicom.DataSet;
import ward.dicom.Tags;

/**
 * Two hundred hostile connections at once (bench/src/main/python/hostile_peers.py: garbage, PDUs
 * with lying lengths, malformed association requests, truncated P-DATA, peers that stall before,
 * inside or after their association request), each from its own loopback address, against the
 * archive running as its own process with a 256 MiB heap, while a well-behaved modality stores over
 * new associations throughout. Every store of the modality succeeds and is found afterwards, the
 * malformed peers are cut off, the archive's resident memory stays bounded, and it still serves
 * once the flood is over. The long version is bench/run-reliability.
 */
class ReliabilityHostilePeersTest {
  private static final int HEAP_MIB = 256;

  /** Heap, metaspace, code cache, thread stacks, TLS and H2: generous, still a bound. */
  private static final int MARGIN_MIB = 384;

  @TempDir Path work;

  @Test
  void wellBehavedModalityStoresThroughAFloodOfHostilePeers() throws Exception {
    Path data = work.resolve("data");
    int port = ArchiveTesting.configure(data);
    // Room for every hostile peer (each from its own address) beside the modality: the flood is
    // served, not shed at the door, so its cost in memory shows.
    Files.writeString(
        data.resolve("ward.conf"),
        "dicom.max-associations = 256\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    Path pw = ArchiveTesting.user(work, data, "modality1", "UPLOADER");
    Path hostileCert = work.resolve("hostile-cert");
    ArchiveTesting.entity(data, "HOSTILE", "READER", hostileCert);
    Path studies = work.resolve("studies");
    ArchiveTesting.wardOk(
        "synth",
        "--out",
        studies.toString(),
        "--patients",
        "1",
        "--series-per-study",
        "3",
        "--instances-per-series",
        "40",
        "--small",
        "--seed",
        "11");
    Map<String, DataSet> sent = ArchiveTesting.bySopInstance(studies);
    List<Path> series;
    try (Stream<Path> s = Files.walk(studies, 3)) {
      series = s.filter(p -> p.getFileName().toString().startsWith("se")).sorted().toList();
    }
    assertThat(series).hasSize(3);
    Path ca = data.resolve("tls").resolve("ca.pem");

    Path serverLog = work.resolve("serve.log");
    Process server = ArchiveTesting.serve(data, serverLog, List.of("-Xmx" + HEAP_MIB + "m"));
    try (PeakRss rss = new PeakRss(server.pid())) {
      ArchiveTesting.awaitRunning(server, serverLog);
      Path hostileLog = work.resolve("hostile.log");
      Path summary = work.resolve("hostile.json");
      Process hostile =
          ArchiveTesting.background(
              hostileLog,
              "/usr/bin/python3",
              ArchiveTesting.repositoryFile("bench/src/main/python/hostile_peers.py").toString(),
              "--port",
              Integer.toString(port),
              "--ca",
              ca.toString(),
              "--cert",
              hostileCert.resolve("chain.pem").toString(),
              "--key",
              hostileCert.resolve("key.pem").toString(),
              "--count",
              "200",
              // held until the modality is done (at least 15 s, so that every malformed peer has
              // been answered), at most 120 s
              "--hold",
              "120",
              "--release-on-eof",
              "--min-hold",
              "15",
              "--json",
              summary.toString());
      awaitReady(hostile, hostileLog);

      // The modality: one new association per series while the flood is held open.
      Set<Path> acknowledged = new HashSet<>();
      for (Path s : series) {
        assertThat(hostile.isAlive()).as("the flood is still held").isTrue();
        Run store =
            ArchiveTesting.storeAsUser(
                work, ca, port, "modality1", pw, "MODALITY1", "+sd", s.toString());
        assertThat(store.status()).as(store.out()).isZero();
        Map<Path, String> responses = ArchiveTesting.storeResponses(store.out());
        assertThat(responses).hasSize(40);
        assertThat(responses.values()).allMatch("Success"::equals);
        acknowledged.addAll(responses.keySet());
      }
      hostile.getOutputStream().close(); // ends the hold
      assertThat(hostile.waitFor(180, TimeUnit.SECONDS)).isTrue();
      String json = Files.readString(summary);
      // Peers that sent something malformed are answered (A-ABORT, A-ASSOCIATE-RJ) or closed
      // long before the flood ends; none of them holds its connection.
      for (String kind :
          List.of(
              "tls-garbage",
              "lying-length",
              "bad-version",
              "bad-fields",
              "bad-item-length",
              "truncated-pdata",
              "pdata-lying-pdv",
              "pdata-huge")) {
        assertThat(outcomes(json, kind)).as(kind + " in " + json).doesNotContainKey("still-open");
        assertThat(outcomes(json, kind).keySet())
            .as(kind + " in " + json)
            .isSubsetOf("aborted", "rejected", "closed", "reset");
      }
      assertThat(outcomes(json, "assoc-silent"))
          .as("peers that associated are served like any other: " + json)
          .doesNotContainKeys("failed-to-start", "rejected-at-associate", "aborted-at-associate");
      assertThat(server.isAlive()).as("archive alive after the flood").isTrue();
      assertThat(rss.samples()).isPositive();
      assertThat(rss.peakMib())
          .as("peak resident memory under 200 hostile connections, MiB")
          .isLessThan(HEAP_MIB + MARGIN_MIB);

      // Still serving, and every acknowledged instance is there.
      String study = sent.values().iterator().next().getString(Tags.StudyInstanceUID);
      List<DataSet> found =
          ArchiveTesting.find(
              work,
              ArchiveTesting.certified(hostileCert, ca, port, "findscu", "HOSTILE"),
              "IMAGE",
              "StudyInstanceUID=" + study,
              "SOPInstanceUID");
      Set<String> foundUids = new HashSet<>();
      found.forEach(d -> foundUids.add(d.getString(Tags.SOPInstanceUID)));
      assertThat(acknowledged).hasSize(sent.size());
      assertThat(foundUids).isEqualTo(sent.keySet());
      System.out.printf(
          "hostile flood: peak RSS %d MiB with -Xmx%dm; %s%n", rss.peakMib(), HEAP_MIB, json);
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static void awaitReady(Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.readString(log).contains("READY")) {
        return;
      }
      assertThat(p.isAlive()).as("hostile peers exited: " + Files.readString(log)).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("hostile peers never ready: " + Files.readString(log));
  }

  /** The outcome counts of one kind of peer in the driver's summary. */
  private static Map<String, Integer> outcomes(String json, String kind) {
    Matcher m =
        Pattern.compile("\"" + Pattern.quote(kind) + "\": \\{[^}]*?\"outcomes\": \\{([^}]*)\\}")
            .matcher(json);
    assertThat(m.find()).as(kind + " in " + json).isTrue();
    Map<String, Integer> out = new java.util.HashMap<>();
    Matcher e = Pattern.compile("\"([^\"]+)\": (\\d+)").matcher(m.group(1));
    while (e.find()) {
      out.put(e.group(1), Integer.parseInt(e.group(2)));
    }
    return out;
  }
}
