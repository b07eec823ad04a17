package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.cli.ArchiveTesting.Run;
import ward.cli.ArchiveTesting.SmallDisk;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.Tags;

/**
 * The archive's data directory on a small file system (a 48 MB ext4 image, or tmpfs), filled by
 * ingest and then by something else. Clients get clean failures (C-STORE out of resources, STOW-RS
 * 409 with a failure reason) and never a success for something not stored; the archive stays up; it
 * stores again once space is freed; afterwards {@code ward verify} is clean, the objects on disk
 * are exactly the indexed ones, and every acknowledged instance comes back identical.
 */
class ReliabilityFullDiskTest {
  private static final String SUCCESS = "Success";
  private static final String OUT_OF_RESOURCES = "Refused: OutOfResources";

  @TempDir Path work;

  @Test
  void fullDiskRefusesCleanlyAndIngestResumesWhenSpaceReturns() throws Exception {
    try (SmallDisk disk = SmallDisk.create(work, 48)) {
      Path inside = disk.mountPoint().resolve("data");
      Path data = disk.outside(inside);
      int port = ArchiveTesting.configure(data);
      Files.writeString(
          data.resolve("ward.conf"),
          "storage.reserve-mb = 4\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      // Commands that open the database run inside: H2 resolves the /proc path this JVM uses.
      Path pw = work.resolve("modality1.pw");
      Files.writeString(pw, "correct horse modality1\n");
      wardInside(
          disk,
          "user",
          "add",
          "modality1",
          "--role",
          "UPLOADER",
          "--password-file",
          pw.toString(),
          "--data",
          inside.toString());
      Path readerCert = work.resolve("reader-cert");
      wardInside(
          disk,
          "ae",
          "add",
          "READER1",
          "--issue-certificate",
          readerCert.toString(),
          "--role",
          "READER",
          "--data",
          inside.toString());
      Path ca = work.resolve("ca.pem");
      Files.copy(data.resolve("tls").resolve("ca.pem"), ca);
      // Room that "something else" holds and frees later.
      Run ballast =
          ArchiveTesting.run(
              work,
              disk.inside(
                  "dd",
                  "if=/dev/zero",
                  "of=" + disk.mountPoint().resolve("ballast"),
                  "bs=1M",
                  "count=8"));
      assertThat(ballast.status()).as(ballast.out()).isZero();

      Path first = work.resolve("first");
      ArchiveTesting.wardOk(
          "synth",
          "--out",
          first.toString(),
          "--patients",
          "1",
          "--series-per-study",
          "1",
          "--instances-per-series",
          "300",
          "--rows",
          "256",
          "--columns",
          "256",
          "--seed",
          "21");
      Path later = ArchiveTesting.synth(work.resolve("later"), 1, 20, 22);
      Map<String, DataSet> sent = ArchiveTesting.bySopInstance(first);
      sent.putAll(ArchiveTesting.bySopInstance(later));

      Path serverLog = work.resolve("serve.log");
      Process server = serveInside(disk, inside, serverLog);
      Set<Path> acknowledged = new HashSet<>();
      try {
        ArchiveTesting.awaitRunning(server, serverLog);

        // 1. Ingest fills the disk down to the reserve.
        Run fill = store(ca, port, pw, first);
        Map<Path, String> responses = ArchiveTesting.storeResponses(fill.out());
        assertThat(responses).as("a response for every file: " + tail(fill)).hasSize(300);
        assertThat(Set.copyOf(responses.values()))
            .containsExactlyInAnyOrder(SUCCESS, OUT_OF_RESOURCES);
        responses.forEach(
            (file, status) -> {
              if (status.equals(SUCCESS)) {
                acknowledged.add(file);
              }
            });
        assertThat(Files.readString(serverLog)).contains("storage full");

        // STOW-RS while full: 409, the instance refused with a failure reason.
        Path one =
            responses.entrySet().stream()
                .filter(e -> !e.getValue().equals(SUCCESS))
                .findFirst()
                .orElseThrow()
                .getKey();
        String base = ArchiveTesting.httpsBase(data);
        String token = ArchiveTesting.login(work, ca, base, "modality1", pw);
        Run stow = stow(ca, token, base, one);
        assertThat(stow.out()).as(stow.out()).endsWith("HTTP 409");
        assertThat(stow.out()).contains("00081197"); // Failure Reason

        // 2. Something else takes the rest: the index, the audit trail and ingest all meet a
        // full disk. Nothing is acknowledged; associations are refused or stores answered
        // out of resources.
        disk.fill(work, "ballast-2");
        Path laterSeries = seriesOf(later);
        Run starved = store(ca, port, pw, laterSeries);
        assertThat(ArchiveTesting.storeResponses(starved.out()).values())
            .as(tail(starved))
            .doesNotContain(SUCCESS)
            .allMatch(OUT_OF_RESOURCES::equals);
        assertThat(server.isAlive()).as("archive alive on a full disk").isTrue();

        // 3. Space returns: the same archive process stores again.
        disk.remove(work, "ballast-2");
        disk.remove(work, "ballast");
        Run resumed = null;
        for (int attempt = 0; attempt < 3; attempt++) {
          resumed = store(ca, port, pw, laterSeries);
          if (resumed.status() == 0) {
            break;
          }
          // the first attempt may meet the database reopening
          assertThat(ArchiveTesting.storeResponses(resumed.out()).values())
              .as(tail(resumed))
              .doesNotContain(SUCCESS);
        }
        assertThat(resumed.status()).as(tail(resumed)).isZero();
        Map<Path, String> after = ArchiveTesting.storeResponses(resumed.out());
        assertThat(after).hasSize(20);
        assertThat(after.values()).allMatch(SUCCESS::equals);
        acknowledged.addAll(after.keySet());
      } finally {
        server.destroy();
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }

      Set<String> ackedUids = new HashSet<>();
      for (Path f : acknowledged) {
        ackedUids.add(DicomReader.readFile(f).dataSet().getString(Tags.SOPInstanceUID));
      }
      // Index and objects agree, and every object verifies.
      Run verify = wardInside(disk, "verify", "--quiet", "--data", inside.toString());
      assertThat(verify.out())
          .contains(ackedUids.size() + " objects checked, " + ackedUids.size() + " intact");
      assertThat(ArchiveTesting.files(data.resolve("objects").resolve("objects")))
          .hasSize(ackedUids.size());
      assertThat(ArchiveTesting.files(data.resolve("objects").resolve("incoming"))).isEmpty();

      // Restarted, the archive gives back exactly the acknowledged instances, unchanged.
      Path restartLog = work.resolve("serve-2.log");
      Process restarted = serveInside(disk, inside, restartLog);
      try {
        ArchiveTesting.awaitRunning(restarted, restartLog);
        Map<String, DataSet> back = new HashMap<>();
        for (Path set : List.of(first, later)) {
          String study =
              ArchiveTesting.bySopInstance(set)
                  .values()
                  .iterator()
                  .next()
                  .getString(Tags.StudyInstanceUID);
          Path out = Files.createDirectories(work.resolve("got-" + set.getFileName()));
          Run get =
              ArchiveTesting.getCertified(
                  readerCert, ca, port, "READER1", out, "STUDY", "StudyInstanceUID=" + study);
          assertThat(get.status()).as(get.out() + get.err()).isZero();
          back.putAll(ArchiveTesting.bySopInstance(out));
        }
        assertThat(back.keySet()).isEqualTo(ackedUids);
        back.forEach((uid, ds) -> assertThat(ds).as(uid).isEqualTo(sent.get(uid)));
        System.out.printf(
            "full disk (%s): %d of 300 acknowledged before the reserve; resumed after freeing%n",
            disk.type(), ackedUids.size() - 20);
      } finally {
        restarted.destroy();
        restarted.waitFor(60, TimeUnit.SECONDS);
      }
    }
  }

  /** A ward command in its own JVM with the small file system mounted; it must succeed. */
  private Run wardInside(SmallDisk disk, String... args) throws Exception {
    List<String> c =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "ward.cli.Main"));
    c.addAll(List.of(args));
    Run r = ArchiveTesting.run(work, disk.inside(c.toArray(String[]::new)));
    assertThat(r.status()).as(String.join(" ", args) + ": " + r.out()).isZero();
    return r;
  }

  private Process serveInside(SmallDisk disk, Path data, Path log) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> c =
        disk.inside(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            "ward.cli.Main",
            "serve",
            "--data",
            data.toString());
    return ArchiveTesting.background(log, c.toArray(String[]::new));
  }

  private Run store(Path ca, int port, Path pw, Path dir) throws Exception {
    return ArchiveTesting.storeAsUser(
        work, ca, port, "modality1", pw, "MODALITY1", "-nh", "+sd", "+r", dir.toString());
  }

  private static Path seriesOf(Path studies) throws Exception {
    try (Stream<Path> s = Files.walk(studies, 3)) {
      return s.filter(p -> p.getFileName().toString().startsWith("se")).findFirst().orElseThrow();
    }
  }

  /** STOW-RS of one Part 10 file; the output ends with "HTTP " and the status. */
  private Run stow(Path ca, String token, String base, Path file) throws Exception {
    String boundary = "wardreliability";
    Path body = work.resolve("stow.body");
    List<byte[]> parts = new ArrayList<>();
    parts.add(
        ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    parts.add(Files.readAllBytes(file));
    parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    Files.write(body, new byte[0]);
    for (byte[] p : parts) {
      Files.write(body, p, StandardOpenOption.APPEND);
    }
    return ArchiveTesting.curl(
        work,
        ca,
        token,
        base + "/dicomweb/studies",
        "-X",
        "POST",
        "-H",
        "Content-Type: multipart/related; type=\"application/dicom\"; boundary=" + boundary,
        "-H",
        "Accept: application/dicom+json",
        "--data-binary",
        "@" + body);
  }

  private static String tail(Run r) {
    String out = r.out();
    return out.length() > 3000 ? out.substring(out.length() - 3000) : out;
  }
}
