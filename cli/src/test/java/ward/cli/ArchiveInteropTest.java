package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static ward.cli.ArchiveTesting.bySopInstance;
import static ward.cli.ArchiveTesting.certified;
import static ward.cli.ArchiveTesting.files;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.config.ConfigLoader;
import ward.cli.ArchiveTesting.Run;
import ward.dicom.DataSet;
import ward.dicom.Tags;

/**
 * The archive end to end with dcmtk as the only client: storescu over TLS with user identity stores
 * synthetic studies; findscu (TLS with a client certificate the archive issued) finds them with
 * wildcard and range keys; getscu and movescu (to a registered storescp) retrieve them unchanged;
 * and every call without credentials, with wrong ones, or beyond the caller's roles is refused.
 *
 * <p>dcmtk 3.6.7's findscu has TLS but no user identity, and its getscu and movescu have neither:
 * they reach the archive through a TLS tunnel made by socat with the registered entity's
 * certificate, as sites do with such tools.
 */
class ArchiveInteropTest {

  @TempDir static Path work;

  static Archive archive;
  static Path data;
  static Path ca;
  static int port;
  static Process storescp;
  static Process tunnel;
  static int tunnelPort;
  static Path readerCert;
  static Path uploaderCert;
  static Path modalityPassword;
  static Path readerPassword;
  static Path destDir;
  static Path studies;
  static int plaintextPort;

  /** dcmtk options that reach the archive over TLS as a user, by user identity. */
  static List<String> asUser(String user, Path passwordFile, String tool, String callingAe)
      throws IOException {
    List<String> c = new ArrayList<>(List.of(tool, "+tla", "+cf", ca.toString()));
    if (user != null) {
      c.addAll(List.of("--user", user, "--password", Files.readString(passwordFile).strip()));
    }
    c.addAll(List.of("-aet", callingAe, "-aec", "WARD", "127.0.0.1", Integer.toString(port)));
    return c;
  }

  /** Options for a TLS-less dcmtk tool going through the tunnel as READER1. */
  static List<String> tunneled(String tool) {
    return new ArrayList<>(
        List.of(
            tool, "-aet", "READER1", "-aec", "WARD", "127.0.0.1", Integer.toString(tunnelPort)));
  }

  static List<DataSet> find(String level, String... keys) throws Exception {
    return ArchiveTesting.find(
        work, certified(readerCert, ca, port, "findscu", "READER1"), level, keys);
  }

  @BeforeAll
  static void start() throws Exception {
    data = work.resolve("data");
    port = ArchiveTesting.configure(data);
    plaintextPort = ArchiveTesting.freePort();
    Files.writeString(
        data.resolve("ward.conf"),
        "dicom.plaintext-port = " + plaintextPort + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    ArchiveTesting.wardOk(
        "ae", "add", "OLDCR", "--legacy-address", "127.0.0.1", "--data", data.toString());
    modalityPassword = ArchiveTesting.user(work, data, "modality1", "UPLOADER");
    readerPassword = ArchiveTesting.user(work, data, "reader1", "READER");
    int destPort = ArchiveTesting.freePort();
    destDir = Files.createDirectories(work.resolve("dest"));
    ArchiveTesting.wardOk(
        "ae",
        "add",
        "STORESCP",
        "--user-identity",
        "--move-destination",
        "127.0.0.1:" + destPort,
        "--data",
        data.toString());
    readerCert = work.resolve("reader-cert");
    uploaderCert = work.resolve("uploader-cert");
    ArchiveTesting.entity(data, "READER1", "READER", readerCert);
    ArchiveTesting.entity(data, "MODALITY2", "UPLOADER", uploaderCert);
    studies = work.resolve("studies");
    ArchiveTesting.wardOk(
        "synth",
        "--out",
        studies.toString(),
        "--patients",
        "2",
        "--series-per-study",
        "2",
        "--instances-per-series",
        "3",
        "--small",
        "--seed",
        "11");
    ConfigLoader.Result config = ConfigLoader.load(data, null, Map.of(), Map.of());
    assertThat(config.problems()).isEmpty();
    archive = Archive.start(config.config(), new PrintWriter(new StringWriter()));
    ca = data.resolve("tls").resolve("ca.pem");
    assertThat(ca).exists();
    storescp =
        ArchiveTesting.background(
            work.resolve("storescp.log"),
            "storescp",
            "-aet",
            "STORESCP",
            "-od",
            destDir.toString(),
            Integer.toString(destPort));
    tunnelPort = ArchiveTesting.freePort();
    tunnel = ArchiveTesting.tunnel(work.resolve("socat.log"), tunnelPort, port, readerCert, ca);
    List<String> store = asUser("modality1", modalityPassword, "storescu", "MODALITY1");
    store.addAll(List.of("+sd", "+r", studies.toString()));
    Run stored = ArchiveTesting.run(work, store);
    assertThat(stored.status()).as(stored.out()).isZero();
  }

  @AfterAll
  static void stop() {
    for (Process p : new Process[] {storescp, tunnel}) {
      if (p != null) {
        p.destroy();
      }
    }
    if (archive != null) {
      archive.close();
    }
  }

  @Test
  void findsStudiesByWildcardAndRangeWithCounts() throws Exception {
    Map<String, DataSet> sent = bySopInstance(studies);
    assertThat(sent).hasSize(12);
    List<DataSet> all =
        find(
            "STUDY",
            "PatientName=*",
            "StudyInstanceUID",
            "NumberOfStudyRelatedInstances",
            "ModalitiesInStudy");
    assertThat(all).hasSize(2);
    assertThat(all)
        .allSatisfy(s -> assertThat(s.getInt(Tags.NumberOfStudyRelatedInstances, -1)).isEqualTo(6));
    DataSet one = sent.values().iterator().next();
    String prefix = one.getString(Tags.PatientName).substring(0, 2) + "*";
    List<DataSet> byName = find("STUDY", "PatientName=" + prefix, "StudyInstanceUID");
    assertThat(byName)
        .extracting(s -> s.getString(Tags.StudyInstanceUID))
        .contains(one.getString(Tags.StudyInstanceUID));
    String date = one.getString(Tags.StudyDate);
    List<DataSet> byRange = find("STUDY", "StudyDate=" + date + "-", "StudyInstanceUID");
    assertThat(byRange)
        .extracting(s -> s.getString(Tags.StudyInstanceUID))
        .contains(one.getString(Tags.StudyInstanceUID));
    assertThat(find("STUDY", "StudyDate=-19000101", "StudyInstanceUID")).isEmpty();
    List<DataSet> images =
        find(
            "IMAGE",
            "StudyInstanceUID=" + one.getString(Tags.StudyInstanceUID),
            "SeriesInstanceUID=" + one.getString(Tags.SeriesInstanceUID),
            "SOPInstanceUID");
    assertThat(images).hasSize(3);
  }

  @Test
  void storesFilesOfThePydicomCorpusAndReturnsThemUnchanged() throws Exception {
    Path corpus = ward.dicom.testing.Oracles.pydicomDataDir().resolve("test_files");
    List<String> names =
        List.of("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "SC_rgb_rle.dcm", "image_dfl.dcm");
    // storescu proposes compressed syntaxes only when told which: JPEG 2000, RLE, deflate
    Map<String, String> proposal =
        Map.of("JPEG2000.dcm", "-xw", "SC_rgb_rle.dcm", "-xr", "image_dfl.dcm", "-xd");
    for (String n : names) {
      List<String> store = asUser("modality1", modalityPassword, "storescu", "MODALITY1");
      store.addAll(List.of(proposal.getOrDefault(n, "-x="), corpus.resolve(n).toString()));
      Run stored = ArchiveTesting.run(work, store);
      assertThat(stored.status()).as(n + ": " + stored.out()).isZero();
    }
    for (String n : names) {
      DataSet original = ward.dicom.DicomReader.readFile(corpus.resolve(n)).dataSet();
      List<DataSet> found =
          find(
              "IMAGE",
              "StudyInstanceUID=" + original.getString(Tags.StudyInstanceUID),
              "SeriesInstanceUID=" + original.getString(Tags.SeriesInstanceUID),
              "SOPInstanceUID=" + original.getString(Tags.SOPInstanceUID));
      assertThat(found).as(n).hasSize(1);
    }
    for (String n : List.of("CT_small.dcm", "MR_small.dcm")) {
      DataSet original = ward.dicom.DicomReader.readFile(corpus.resolve(n)).dataSet();
      Path out = Files.createTempDirectory(work, "get");
      List<String> c = tunneled("getscu");
      c.addAll(
          List.of(
              "-S",
              "-od",
              out.toString(),
              "-k",
              "QueryRetrieveLevel=IMAGE",
              "-k",
              "StudyInstanceUID=" + original.getString(Tags.StudyInstanceUID),
              "-k",
              "SeriesInstanceUID=" + original.getString(Tags.SeriesInstanceUID),
              "-k",
              "SOPInstanceUID=" + original.getString(Tags.SOPInstanceUID)));
      Run r = ArchiveTesting.run(work, c);
      assertThat(r.status()).as(r.out()).isZero();
      // dcmtk drops Data Set Trailing Padding (FFFC,FFFC) on its way; it carries no meaning
      DataSet expected = original.toBuilder().remove(0xFFFCFFFC).build();
      assertThat(bySopInstance(out).values()).as(n).containsExactly(expected);
    }
  }

  @Test
  void getReturnsTheStoredDataSetsUnchanged() throws Exception {
    Map<String, DataSet> sent = bySopInstance(studies);
    String study = sent.values().iterator().next().getString(Tags.StudyInstanceUID);
    Path out = Files.createTempDirectory(work, "get");
    List<String> c = tunneled("getscu");
    c.addAll(
        List.of(
            "-S",
            "-od",
            out.toString(),
            "-k",
            "QueryRetrieveLevel=STUDY",
            "-k",
            "StudyInstanceUID=" + study));
    Run r = ArchiveTesting.run(work, c);
    assertThat(r.status()).as(r.out()).isZero();
    Map<String, DataSet> got = bySopInstance(out);
    assertThat(got).hasSize(6);
    got.forEach((uid, ds) -> assertThat(ds).as(uid).isEqualTo(sent.get(uid)));
  }

  @Test
  void moveSendsOnlyToRegisteredDestinations() throws Exception {
    Map<String, DataSet> sent = bySopInstance(studies);
    String study = sent.values().iterator().next().getString(Tags.StudyInstanceUID);
    List<String> c = tunneled("movescu");
    c.addAll(
        List.of(
            "-S",
            "-aem",
            "STORESCP",
            "-k",
            "QueryRetrieveLevel=STUDY",
            "-k",
            "StudyInstanceUID=" + study));
    Run r = ArchiveTesting.run(work, c);
    assertThat(r.status()).as(r.out()).isZero();
    Map<String, DataSet> got = bySopInstance(destDir);
    assertThat(got).hasSize(6);
    got.forEach((uid, ds) -> assertThat(ds).as(uid).isEqualTo(sent.get(uid)));

    List<String> evil = tunneled("movescu");
    evil.addAll(
        List.of(
            "-S",
            "-aem",
            "MYLAPTOP",
            "-k",
            "QueryRetrieveLevel=STUDY",
            "-k",
            "StudyInstanceUID=" + study));
    Run refused = ArchiveTesting.run(work, evil);
    assertThat(refused.out()).contains("MoveDestinationUnknown");
    assertThat(files(destDir)).hasSize(6);
  }

  @Test
  void refusesCallersWithoutOrWithWrongCredentials() throws Exception {
    Run anonymous = ArchiveTesting.run(work, asUser(null, null, "echoscu", "ANYONE"));
    assertThat(anonymous.status()).isNotZero();
    assertThat(anonymous.out()).contains("Association Rejected");

    Path one = files(studies).get(0);
    Path wrongPassword = work.resolve("wrong.pw");
    Files.writeString(wrongPassword, "not the password");
    List<String> wrong = asUser("reader1", wrongPassword, "storescu", "VIEWER9");
    wrong.add(one.toString());
    Run w = ArchiveTesting.run(work, wrong);
    assertThat(w.status()).isNotZero();
    assertThat(w.out()).contains("Association Rejected");

    Run plain =
        ArchiveTesting.run(
            work,
            List.of(
                "storescu",
                "--user",
                "modality1",
                "--password",
                Files.readString(modalityPassword).strip(),
                "-aec",
                "WARD",
                "127.0.0.1",
                Integer.toString(port),
                one.toString()));
    assertThat(plain.status()).isNotZero();
  }

  @Test
  void legacyDevicesMayOnlyEchoAndStoreOverPlaintext() throws Exception {
    Path one = files(studies).get(0);
    String p = Integer.toString(plaintextPort);
    Run stored =
        ArchiveTesting.run(
            work,
            List.of("storescu", "-aet", "OLDCR", "-aec", "WARD", "127.0.0.1", p, one.toString()));
    assertThat(stored.status()).as(stored.out()).isZero();
    Run stranger =
        ArchiveTesting.run(
            work,
            List.of("storescu", "-aet", "NEWCR", "-aec", "WARD", "127.0.0.1", p, one.toString()));
    assertThat(stranger.status()).isNotZero();
    assertThat(stranger.out()).contains("Association Rejected");
    Run query =
        ArchiveTesting.run(
            work,
            List.of(
                "findscu",
                "-S",
                "-aet",
                "OLDCR",
                "-aec",
                "WARD",
                "127.0.0.1",
                p,
                "-k",
                "QueryRetrieveLevel=STUDY"));
    assertThat(query.status()).isNotZero();
  }

  @Test
  void malformedQueryKeysGetAClearFailure() throws Exception {
    Path out = Files.createTempDirectory(work, "find");
    List<String> c = certified(readerCert, ca, port, "findscu", "READER1");
    c.addAll(
        List.of(
            "-v",
            "-S",
            "-X",
            "-od",
            out.toString(),
            "-k",
            "QueryRetrieveLevel=STUDY",
            "-k",
            "StudyDate=2024-13-45"));
    Run r = ArchiveTesting.run(work, c);
    assertThat(files(out)).isEmpty();
    assertThat(r.out()).contains("Error: DataSetDoesNotMatchSOPClass");
  }

  @Test
  void rolesLimitWhatAnAuthenticatedCallerMayDo() throws Exception {
    // an uploader may not query
    Path out = Files.createTempDirectory(work, "find");
    List<String> c = certified(uploaderCert, ca, port, "findscu", "MODALITY2");
    c.addAll(List.of("-v", "-S", "-X", "-od", out.toString(), "-k", "QueryRetrieveLevel=STUDY"));
    Run r = ArchiveTesting.run(work, c);
    assertThat(files(out)).isEmpty();
    assertThat(r.out()).containsPattern("(?i)0x0?124");

    // a reader may not store
    Path one = files(studies).get(0);
    List<String> s = certified(readerCert, ca, port, "storescu", "READER1");
    s.addAll(List.of("-v", one.toString()));
    Run stored = ArchiveTesting.run(work, s);
    assertThat(stored.out()).containsPattern("(?i)0x0?124");
  }
}
