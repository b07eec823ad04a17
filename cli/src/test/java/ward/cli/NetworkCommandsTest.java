package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.DicomWriter;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.dicom.Value;
import ward.dicom.json.DicomJson;

/**
 * The echo, store, find, get and move commands against dcmtk's storescp and dcmqrscp, run in
 * process: exit statuses, one-line reasons, and what arrives where.
 */
class NetworkCommandsTest {

  @TempDir static Path shared;
  @TempDir Path tmp;

  static Process qrscp;
  static int qrPort;
  static int destPort;
  static final List<DataSet> ARCHIVE = new ArrayList<>();

  record Run(int status, String out, String err) {}

  static Run ward(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(status, out.toString(), err.toString());
  }

  // ------------------------------------------------------------------ fixtures

  /** An invented CT instance: no real patient is in it. */
  static DataSet ct(String name, String id, String date, String study, String sop, int rows) {
    return DataSet.builder()
        .setString(Tags.SOPClassUID, VR.UI, UID.CTImageStorage)
        .setString(Tags.SOPInstanceUID, VR.UI, sop)
        .setString(Tags.StudyDate, VR.DA, date)
        .setString(Tags.Modality, VR.CS, "CT")
        .setString(Tags.PatientName, VR.PN, name)
        .setString(Tags.PatientID, VR.LO, id)
        .setString(Tags.StudyInstanceUID, VR.UI, study)
        .setString(Tags.SeriesInstanceUID, VR.UI, study + ".1")
        .setInts(Tags.SamplesPerPixel, VR.US, 1)
        .setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2")
        .setInts(Tags.Rows, VR.US, rows)
        .setInts(Tags.Columns, VR.US, 256)
        .setInts(Tags.BitsAllocated, VR.US, 16)
        .setInts(Tags.BitsStored, VR.US, 16)
        .setInts(Tags.HighBit, VR.US, 15)
        .setInts(Tags.PixelRepresentation, VR.US, 0)
        .setBytes(Tags.PixelData, VR.OW, new byte[rows * 512])
        .build();
  }

  static Path write(Path file, DataSet ds) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      DicomWriter.writeFile(
          out,
          DicomWriter.fileMetaFor(
              ds.getString(Tags.SOPClassUID),
              ds.getString(Tags.SOPInstanceUID),
              UID.ExplicitVRLittleEndian),
          ds);
    }
    return file;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts a dcmtk server, its output in {@code log}, and waits until it listens. */
  static Process server(Path log, int port, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return p;
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          stop(p);
          throw new IllegalStateException(command[0] + " did not start: " + Files.readString(log));
        }
        Thread.sleep(30);
      }
    }
  }

  static void stop(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  Process storescp(int port, Path out, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("storescp", "--aetitle", "STORESCP", "-od"));
    cmd.add(out.toString());
    cmd.addAll(List.of(options));
    cmd.add(String.valueOf(port));
    return server(tmp.resolve("storescp.log"), port, cmd.toArray(String[]::new));
  }

  @BeforeAll
  static void startArchive() throws Exception {
    ARCHIVE.add(ct("DOE^JOHN", "DOE1", "20200315", "2.25.510", "2.25.5101", 4));
    ARCHIVE.add(ct("DOE^JOHN", "DOE1", "20200315", "2.25.510", "2.25.5102", 4));
    ARCHIVE.add(ct("DOE^JANE", "DOE2", "20201120", "2.25.520", "2.25.5201", 4));
    ARCHIVE.add(ct("DOE^JIM", "DOE3", "20180101", "2.25.530", "2.25.5301", 4));
    ARCHIVE.add(ct("ROE^RICHARD", "ROE1", "20200501", "2.25.540", "2.25.5401", 4));
    Path area = Files.createDirectories(shared.resolve("db/WARDQR"));
    Path src = Files.createDirectories(shared.resolve("archive"));
    List<String> index = new ArrayList<>(List.of("dcmqridx", area.toString()));
    for (DataSet ds : ARCHIVE) {
      index.add(write(src.resolve(ds.getString(Tags.SOPInstanceUID) + ".dcm"), ds).toString());
    }
    Process idx = new ProcessBuilder(index).redirectErrorStream(true).start();
    assertThat(idx.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(idx.exitValue())
        .as(new String(idx.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
    qrPort = freePort();
    destPort = freePort();
    Path config = shared.resolve("dcmqrscp.cfg");
    Files.writeString(
        config,
        String.join(
            "\n",
            "NetworkTCPPort = " + qrPort,
            "MaxPDUSize = 16384",
            "MaxAssociations = 4",
            "HostTable BEGIN",
            "storedest = (STOREDEST, localhost, " + destPort + ")",
            "HostTable END",
            "VendorTable BEGIN",
            "VendorTable END",
            "AETable BEGIN",
            "WARDQR " + area + " RW (100, 100mb) ANY",
            "AETable END",
            ""));
    // dcmqrscp 3.6.7 crashes after one association in --single-process mode: it forks.
    qrscp =
        server(
            shared.resolve("dcmqrscp.log"),
            qrPort,
            "dcmqrscp",
            "-c",
            config.toString(),
            String.valueOf(qrPort));
  }

  @AfterAll
  static void stopArchive() throws Exception {
    if (qrscp != null) {
      stop(qrscp);
    }
  }

  static String qr() {
    return "WARDQR@127.0.0.1:" + qrPort;
  }

  // ------------------------------------------------------------------ echo

  @Test
  void echoSaysThePeerAnswered() throws Exception {
    int port = freePort();
    Process scp = storescp(port, tmp);
    try {
      Run r = ward("echo", "STORESCP@127.0.0.1:" + port);
      assertThat(r.status()).as(r.err()).isZero();
      assertThat(r.out())
          .startsWith("STORESCP@127.0.0.1:" + port + " answered C-ECHO with success");
    } finally {
      stop(scp);
    }
  }

  @Test
  void aRejectionExitsOneWithTheReason() throws Exception {
    Path f =
        write(tmp.resolve("a.dcm"), ct("TEST^REJECT", "R1", "20200101", "2.25.9", "2.25.91", 2));
    Run r = ward("store", "NOSUCHAE@127.0.0.1:" + qrPort, f.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("ward store: rejected permanently: called AE title not recognized\n");
    Run echo = ward("echo", "--aet", "WARDTEST", "NOSUCHAE@127.0.0.1:" + qrPort);
    assertThat(echo.err())
        .isEqualTo("ward echo: rejected permanently: called AE title not recognized\n");
  }

  @Test
  void anUnreachablePeerExitsOne() throws Exception {
    Run r = ward("echo", "--timeout", "2", "PACS@127.0.0.1:" + freePort());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("ward echo: cannot connect to PACS@127.0.0.1:")
        .contains("refused");
  }

  @Test
  void invalidInputExitsTwo() throws Exception {
    assertThat(ward("echo", "pacs.example.org:104").err())
        .isEqualTo(
            "ward echo: invalid peer: 'pacs.example.org:104' is not CALLED_AE@HOST:PORT"
                + " (no '@' before the host)\n");
    assertThat(ward("echo", "PACS@::1:104").status()).isEqualTo(2);
    assertThat(ward("echo", "--aet", "MUCH_TOO_LONG_AE_TITLE", "PACS@127.0.0.1:104").err())
        .contains("longer than 16");
    assertThat(ward("echo", "--tls", "PACS@127.0.0.1:104").err())
        .isEqualTo(
            "ward echo: --tls needs --trust CA.pem: the certificates to check the peer with\n");
    assertThat(ward("echo", "--trust", "ca.pem", "PACS@127.0.0.1:104").status()).isEqualTo(2);
    assertThat(ward("find", "--level", "PATIENT", "PACS@127.0.0.1:104").err())
        .contains("add --model patient");
    assertThat(ward("find", "-k", "NoSuchKeyword=1", "PACS@127.0.0.1:104").err())
        .startsWith("ward find: unknown key 'NoSuchKeyword'");
    assertThat(ward("move", "--dest", "X", "PACS@127.0.0.1:104").err())
        .startsWith("ward move: say what to move");
  }

  @Test
  void aPasswordIsNeverTakenOnTheCommandLine() throws Exception {
    Run r = ward("echo", "--user", "alice", "--password", "secret", "PACS@127.0.0.1:104");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown options: '--password'");
    Run noUser = ward("echo", "--password-file", "pw", "PACS@127.0.0.1:104");
    assertThat(noUser.status()).isEqualTo(2);
  }

  @Test
  void presentsTheUserIdentityFromFiles() throws Exception {
    Path pw = tmp.resolve("pw");
    Files.writeString(pw, "s3cret-pass\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    Path jwt = tmp.resolve("token.jwt");
    Files.writeString(jwt, "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl\n");
    Files.setPosixFilePermissions(jwt, PosixFilePermissions.fromString("rw-r--r--"));
    int port = freePort();
    String peer = "STORESCP@127.0.0.1:" + port;
    Process scp = storescp(port, tmp, "-d");
    Run password;
    Run token;
    try {
      password = ward("echo", "--user", "alice", "--password-file", pw.toString(), peer);
      token = ward("echo", "--jwt", jwt.toString(), peer);
    } finally {
      stop(scp);
    }
    assertThat(password.status()).as(password.err()).isZero();
    assertThat(password.err()).isEmpty();
    assertThat(token.status()).as(token.err()).isZero();
    assertThat(token.err())
        .isEqualTo("ward: warning: --jwt " + jwt + " can be read by other users (chmod 600 it)\n");
    // storescp -d prints what it was sent: the file's content, without its line break
    assertThat(Files.readString(tmp.resolve("storescp.log")))
        .contains("Authentication mode 2", "Username: [alice]", "Password: [s3cret-pass]")
        .contains("Authentication mode 5");
  }

  /** Runs openssl in {@code dir}; fails with its output when it fails. */
  static void openssl(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  /** A throw-away CA, and a certificate for NAME (with key NAME.key) for 127.0.0.1. */
  static void certificate(Path dir, String name) throws Exception {
    Files.writeString(
        dir.resolve(name + ".ext"),
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
            + "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1\n");
    String[] ec = {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"};
    openssl(
        dir,
        concat(
            List.of("req", "-new"),
            ec,
            "-keyout",
            name + ".key",
            "-out",
            name + ".csr",
            "-subj",
            "/CN=" + name));
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-set_serial",
        String.valueOf(name.hashCode() & 0xFFFF),
        "-days",
        "2",
        "-sha256",
        "-extfile",
        name + ".ext",
        "-out",
        name + ".pem");
  }

  @Test
  void echoAndStoreOverTlsWithAClientCertificate() throws Exception {
    Path pki = Files.createDirectories(tmp.resolve("pki"));
    String[] ec = {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"};
    openssl(
        pki,
        concat(
            List.of("req", "-x509"),
            ec,
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-sha256",
            "-subj",
            "/CN=Ward Test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign"));
    certificate(pki, "server");
    certificate(pki, "client");
    Path f =
        write(tmp.resolve("t.dcm"), ct("TEST^TLS", "T1", "20230101", "2.25.77", "2.25.771", 2));
    int port = freePort();
    String peer = "STORESCP@127.0.0.1:" + port;
    Process scp =
        storescp(
            port,
            Files.createDirectories(tmp.resolve("tls-in")),
            "+tls",
            pki.resolve("server.key").toString(),
            pki.resolve("server.pem").toString(),
            "-pw",
            "+cf",
            pki.resolve("ca.pem").toString(),
            "--profile-bcp195-nd");
    Run echo;
    Run store;
    Run noCert;
    try {
      String[] tls = {
        "--tls",
        "--trust",
        pki.resolve("ca.pem").toString(),
        "--cert",
        pki.resolve("client.pem").toString(),
        "--key",
        pki.resolve("client.key").toString()
      };
      echo = ward(concat(List.of("echo"), tls, peer));
      store = ward(concat(List.of("store"), tls, peer, f.toString()));
      noCert = ward("echo", "--tls", "--trust", pki.resolve("ca.pem").toString(), peer);
    } finally {
      stop(scp);
    }
    assertThat(echo.status()).as(echo.err()).isZero();
    assertThat(store.status()).as(store.err()).isZero();
    assertThat(store.out()).startsWith("stored 1 of 1 instances");
    assertThat(noCert.status()).isEqualTo(1);
    assertThat(noCert.err()).startsWith("ward echo: ");
  }

  private static String[] concat(List<String> head, String[] middle, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(middle));
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  // ------------------------------------------------------------------ store

  @Test
  void storeSendsFilesAndDirectoriesOverParallelAssociations() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("in/sub"));
    List<DataSet> sent = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      sent.add(
          ct("TEST^STORE", "S" + i, "20220202", "2.25.600", "2.25.600" + i, i == 4 ? 4096 : 8));
    }
    Path named = write(tmp.resolve("named.dcm"), sent.get(0));
    for (int i = 1; i < 4; i++) {
      write(dir.resolve(i + ".dcm"), sent.get(i));
    }
    Files.writeString(dir.resolve("README.txt"), "not DICOM");
    Path received = Files.createDirectories(tmp.resolve("received"));
    int port = freePort();
    Process scp = storescp(port, received, "--fork");
    Run r;
    try {
      r =
          ward(
              "store",
              "STORESCP@127.0.0.1:" + port,
              named.toString(),
              tmp.resolve("in").toString(),
              "--parallel",
              "2");
    } finally {
      stop(scp);
    }
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err())
        .isEqualTo("ward store: skipped 1 files in directories that are not DICOM\n");
    assertThat(r.out()).startsWith("stored 4 of 4 instances").contains("over 2 associations");
    try (Stream<Path> files = Files.list(received)) {
      List<DataSet> got = new ArrayList<>();
      for (Path p : files.toList()) {
        got.add(DicomReader.readFile(p).dataSet());
      }
      assertThat(got).containsExactlyInAnyOrderElementsOf(sent);
    }
  }

  @Test
  void storeExitsOneWhenAFileIsNotStored() throws Exception {
    DataSet jpeg =
        ct("TEST^JPEG", "J1", "20220202", "2.25.610", "2.25.6101", 2).toBuilder()
            .add(
                Tags.PixelData,
                VR.OB,
                new Value.Fragments(
                    List.of(new Value.Bytes(new byte[0]), new Value.Bytes(new byte[] {1, 2}))))
            .build();
    Path file = tmp.resolve("jpeg.dcm");
    try (OutputStream out = Files.newOutputStream(file)) {
      DicomWriter.writeFile(
          out,
          DicomWriter.fileMetaFor(UID.CTImageStorage, "2.25.6101", UID.JPEGBaseline8Bit),
          jpeg);
    }
    Path ok =
        write(tmp.resolve("ok.dcm"), ct("TEST^OK", "K1", "20220202", "2.25.620", "2.25.6201", 2));
    int port = freePort();
    Process scp = storescp(port, Files.createDirectories(tmp.resolve("in")));
    Run r;
    try {
      r = ward("store", "STORESCP@127.0.0.1:" + port, file.toString(), ok.toString());
    } finally {
      stop(scp);
    }
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "ward store: "
                + file
                + ": the peer accepted no presentation context for CT Image Storage in JPEG"
                + " Baseline (Process 1) (transfer syntaxes not supported)\n");
    assertThat(r.out()).startsWith("stored 1 of 2 instances");
  }

  @Test
  void storeRefusesANamedFileThatIsNotDicom() throws Exception {
    Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
    Run r = ward("store", "STORESCP@127.0.0.1:104", text.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("ward store: " + text + ": not valid DICOM");
    assertThat(ward("store", "STORESCP@127.0.0.1:104", tmp.resolve("missing").toString()).err())
        .endsWith("missing: no such file or directory\n");
  }

  // ------------------------------------------------------------------ find, get, move

  @Test
  void findPrintsTheMatchesOfWildcardAndDateRangeKeys() throws Exception {
    Run r =
        ward(
            "find",
            qr(),
            "-k",
            "PatientName=DOE*",
            "-k",
            "StudyDate=20200101-20201231",
            "-k",
            "0010,0020");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("# match 1", "# match 2")
        .doesNotContain("# match 3")
        .contains("[DOE1]", "[DOE2]", "[2.25.510]", "[2.25.520]")
        .doesNotContain("DOE3");
  }

  @Test
  void findPrintsDicomJsonLines() throws Exception {
    Run r =
        ward(
            "find",
            qr(),
            "--json",
            "--model",
            "patient",
            "--level",
            "PATIENT",
            "-k",
            "PatientName=DOE^J*");
    assertThat(r.status()).as(r.err()).isZero();
    List<String> ids = new ArrayList<>();
    for (String line : r.out().lines().toList()) {
      ids.add(DicomJson.read(line).getString(Tags.PatientID));
    }
    assertThat(ids).containsExactlyInAnyOrder("DOE1", "DOE2", "DOE3");
  }

  @Test
  void findStopsAfterTheLimit() {
    Run r = ward("find", qr(), "--json", "-k", "StudyInstanceUID", "--limit", "2");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(2);
  }

  @Test
  void getWritesTheStudyIntoADirectory() throws Exception {
    Path out = tmp.resolve("got");
    Run r = ward("get", qr(), "-k", "StudyInstanceUID=2.25.510", "--out", out.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("retrieved 2 instances into " + out);
    assertThat(DicomReader.readFile(out.resolve("2.25.5101.dcm")).dataSet())
        .isEqualTo(ARCHIVE.get(0));
    assertThat(DicomReader.readFile(out.resolve("2.25.5102.dcm")).dataSet())
        .isEqualTo(ARCHIVE.get(1));
  }

  @Test
  void moveSendsTheStudyToTheDestination() throws Exception {
    Path received = Files.createDirectories(tmp.resolve("moved"));
    List<String> cmd = List.of("storescp", "--aetitle", "STOREDEST", "-od", received.toString());
    Process dest = server(tmp.resolve("dest.log"), destPort, concat(cmd, String.valueOf(destPort)));
    Run r;
    try {
      r = ward("move", qr(), "--dest", "STOREDEST", "-k", "StudyInstanceUID=2.25.520");
    } finally {
      stop(dest);
    }
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("moved to STOREDEST: 1 completed, 0 failed, 0 warnings\n");
    try (Stream<Path> files = Files.list(received)) {
      Path only = files.findFirst().orElseThrow();
      assertThat(DicomReader.readFile(only).dataSet()).isEqualTo(ARCHIVE.get(2));
    }
  }

  @Test
  void moveToAnUnknownDestinationExitsOne() {
    Run r = ward("move", qr(), "--dest", "NOWHERE", "-k", "StudyInstanceUID=2.25.520");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("ward move: the peer failed: refused: move destination unknown (A801)");
  }

  private static String[] concat(List<String> a, String last) {
    List<String> all = new ArrayList<>(a);
    all.add(last);
    return all.toArray(String[]::new);
  }
}
