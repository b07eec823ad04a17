package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.Tags;

/** What the archive's end-to-end tests share: running commands and reading what they left. */
final class ArchiveTesting {
  private ArchiveTesting() {}

  record Run(int status, String out, String err) {}

  /** Runs a {@code ward} command in process. */
  static Run ward(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(status, out.toString(), err.toString());
  }

  static void wardOk(String... args) {
    Run r = ward(args);
    assertThat(r.status()).as(String.join(" ", args) + ": " + r.err()).isZero();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Runs an external program to its end (two minutes at most), output and errors together. */
  static Run run(Path work, List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(work, "cmd", ".log");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(work.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    return new Run(p.exitValue(), out, out);
  }

  /** Starts an external program in the background, its output to {@code log}. */
  static Process background(Path log, String... command) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Starts {@code ward serve} as a separate JVM on the test's class path. */
  static Process serve(Path data, Path log) throws IOException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    return ArchiveTesting.background(
        log,
        java,
        "-cp",
        System.getProperty("java.class.path"),
        "ward.cli.Main",
        "serve",
        "--data",
        data.toString());
  }

  static void awaitRunning(Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains("ward: running")) {
        return;
      }
      assertThat(p.isAlive()).as("archive exited: " + Files.readString(log)).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("archive did not start: " + Files.readString(log));
  }

  /** Adds a user whose password file is {@code work/NAME.pw}; returns the password file. */
  static Path user(Path work, Path data, String name, String roles) throws IOException {
    Path pw = work.resolve(name + ".pw");
    Files.writeString(pw, "correct horse " + name + "\n");
    wardOk(
        "user",
        "add",
        name,
        "--role",
        roles,
        "--password-file",
        pw.toString(),
        "--data",
        data.toString());
    return pw;
  }

  /** Registers an entity that authenticates with a certificate the archive issues into dir. */
  static void entity(Path data, String ae, String roles, Path dir) {
    wardOk(
        "ae",
        "add",
        ae,
        "--issue-certificate",
        dir.toString(),
        "--role",
        roles,
        "--data",
        data.toString());
  }

  /** A data directory whose archive listens on loopback on free ports; returns the DICOM port. */
  static int configure(Path data) throws IOException {
    Files.createDirectories(data);
    int port = freePort();
    Files.writeString(
        data.resolve("ward.conf"),
        "bind = 127.0.0.1\ndicom.port = " + port + "\nhttps.port = " + freePort() + "\n");
    return port;
  }

  /** A socat TLS tunnel for dcmtk tools without TLS, presenting an issued certificate. */
  static Process tunnel(Path log, int listenPort, int archivePort, Path credential, Path ca)
      throws IOException {
    return background(
        log,
        "socat",
        "TCP-LISTEN:" + listenPort + ",bind=127.0.0.1,reuseaddr,fork",
        "OPENSSL:127.0.0.1:"
            + archivePort
            + ",cert="
            + credential.resolve("chain.pem")
            + ",key="
            + credential.resolve("key.pem")
            + ",cafile="
            + ca
            + ",verify=1");
  }

  /**
   * Writes small synthetic studies (one per patient) with {@code ward synth}; returns {@code out}.
   */
  static Path synth(Path out, int patients, int instancesPerSeries, int seed) {
    wardOk(
        "synth",
        "--out",
        out.toString(),
        "--patients",
        Integer.toString(patients),
        "--series-per-study",
        "1",
        "--instances-per-series",
        Integer.toString(instancesPerSeries),
        "--small",
        "--seed",
        Integer.toString(seed));
    return out;
  }

  /** storescu over TLS (trusting {@code ca}) with user identity from a password file. */
  static Run storeAsUser(
      Path work, Path ca, int port, String user, Path password, String callingAe, String... files)
      throws IOException, InterruptedException {
    List<String> c =
        new ArrayList<>(
            List.of(
                "storescu",
                "-v",
                "+tla",
                "+cf",
                ca.toString(),
                "--user",
                user,
                "--password",
                Files.readString(password).strip(),
                "-aet",
                callingAe,
                "-aec",
                "WARD",
                "127.0.0.1",
                Integer.toString(port)));
    c.addAll(List.of(files));
    return run(work, c);
  }

  /** {@code ward get} over TLS with a certificate the archive issued into {@code credential}. */
  static Run getCertified(
      Path credential,
      Path ca,
      int port,
      String callingAe,
      Path out,
      String level,
      String... keys) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "get",
                "WARD@127.0.0.1:" + port,
                "--aet",
                callingAe,
                "--tls",
                "--trust",
                ca.toString(),
                "--cert",
                credential.resolve("chain.pem").toString(),
                "--key",
                credential.resolve("key.pem").toString(),
                "--level",
                level,
                "--out",
                out.toString()));
    for (String k : keys) {
      a.addAll(List.of("-k", k));
    }
    return ward(a.toArray(String[]::new));
  }

  /** The HTTPS base URL of a data directory that {@link #configure} set up. */
  static String httpsBase(Path data) throws IOException {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("https.port = (\\d+)")
            .matcher(Files.readString(data.resolve("ward.conf")));
    assertThat(m.find()).isTrue();
    return "https://127.0.0.1:" + m.group(1);
  }

  /** Logs in over HTTPS ({@code POST /api/login}) and returns the bearer token. */
  static String login(Path work, Path ca, String base, String user, Path password)
      throws Exception {
    Run r =
        run(
            work,
            List.of(
                "curl",
                "-sS",
                "--cacert",
                ca.toString(),
                "-H",
                "Content-Type: application/json",
                "-d",
                "{\"name\":\""
                    + user
                    + "\",\"password\":\""
                    + Files.readString(password).strip()
                    + "\"}",
                base + "/api/login"));
    java.util.regex.Matcher t =
        java.util.regex.Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.out());
    assertThat(t.find()).as(r.out()).isTrue();
    return t.group(1);
  }

  /** curl over HTTPS with a bearer token; the output ends with "HTTP " and the status. */
  static Run curl(Path work, Path ca, String token, String url, String... options)
      throws Exception {
    List<String> c =
        new ArrayList<>(
            List.of(
                "curl",
                "-sS",
                "--cacert",
                ca.toString(),
                "-w",
                "\nHTTP %{http_code}",
                "-H",
                "Authorization: Bearer " + token));
    c.addAll(List.of(options));
    c.add(url);
    return run(work, c);
  }

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  static Map<String, DataSet> bySopInstance(Path dir) throws IOException {
    Map<String, DataSet> m = new HashMap<>();
    for (Path f : files(dir)) {
      DataSet ds = DicomReader.readFile(f).dataSet();
      m.put(ds.getString(Tags.SOPInstanceUID), ds);
    }
    return m;
  }

  /** dcmtk options that reach the archive over TLS with an issued certificate. */
  static List<String> certified(Path credential, Path ca, int port, String tool, String callingAe) {
    return new ArrayList<>(
        List.of(
            tool,
            "+tls",
            credential.resolve("key.pem").toString(),
            credential.resolve("chain.pem").toString(),
            "+cf",
            ca.toString(),
            "-aet",
            callingAe,
            "-aec",
            "WARD",
            "127.0.0.1",
            Integer.toString(port)));
  }

  /** findscu's responses, extracted to files and parsed. */
  static List<DataSet> find(Path work, List<String> findscu, String level, String... keys)
      throws Exception {
    Path out = Files.createTempDirectory(work, "find");
    List<String> c = new ArrayList<>(findscu);
    c.addAll(List.of("-S", "-X", "-od", out.toString(), "-k", "QueryRetrieveLevel=" + level));
    for (String k : keys) {
      c.addAll(List.of("-k", k));
    }
    Run r = run(work, c);
    assertThat(r.status()).as(r.out()).isZero();
    List<DataSet> found = new ArrayList<>();
    for (Path f : files(out)) {
      found.add(DicomReader.readFile(f).dataSet());
    }
    return found;
  }

  /** Starts {@code ward serve} as a separate JVM with options for that JVM (e.g. -Xmx256m). */
  static Process serve(Path data, Path log, List<String> jvmOptions) throws IOException {
    List<String> c = new ArrayList<>();
    c.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(jvmOptions);
    c.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "ward.cli.Main",
            "serve",
            "--data",
            data.toString()));
    return background(log, c.toArray(String[]::new));
  }

  /**
   * What storescu ({@code -v}) heard for each file it sent: the words in its "Received Store
   * Response (…)" line, e.g. {@code Success} or {@code Refused: OutOfResources}.
   */
  static Map<Path, String> storeResponses(String storescuOutput) {
    Map<Path, String> m = new java.util.LinkedHashMap<>();
    Path sending = null;
    String prefix = "I: Received Store Response (";
    for (String line : storescuOutput.split("\n")) {
      if (line.startsWith("I: Sending file: ")) {
        sending = Path.of(line.substring("I: Sending file: ".length()).strip());
      } else if (line.startsWith(prefix) && sending != null) {
        m.put(sending, line.substring(prefix.length(), line.lastIndexOf(')')));
        sending = null;
      }
    }
    return m;
  }

  /** The peak resident set of a process, sampled from /proc every 50 ms while it runs. */
  static final class PeakRss implements AutoCloseable {
    private final Thread sampler;
    private volatile boolean stop;
    private volatile long peakKib;
    private volatile int samples;

    PeakRss(long pid) {
      Path status = Path.of("/proc", Long.toString(pid), "status");
      sampler =
          new Thread(
              () -> {
                while (!stop) {
                  try {
                    for (String line : Files.readAllLines(status)) {
                      if (line.startsWith("VmRSS:")) {
                        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                        peakKib = Math.max(peakKib, kib);
                        samples++;
                      }
                    }
                    Thread.sleep(50);
                  } catch (IOException | InterruptedException e) {
                    return; // the process ended
                  }
                }
              },
              "rss-sampler-" + pid);
      sampler.setDaemon(true);
      sampler.start();
    }

    long peakMib() {
      return peakKib / 1024;
    }

    int samples() {
      return samples;
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      sampler.join(2000);
    }
  }

  /** A file in the repository, from the module directory the tests run in. */
  static Path repositoryFile(String relative) {
    Path p = Path.of("").toAbsolutePath().getParent().resolve(relative);
    assertThat(p).as("repository file").isRegularFile();
    return p;
  }

  /**
   * A small file system in a mount namespace of its own: a loop-mounted ext4 image (tmpfs when no
   * loop device can be had), held by a sleeping process. Processes started through {@link #inside}
   * see it at {@link #mountPoint}; this JVM reaches the same files through {@link #outside} (not
   * the database: H2 resolves that path to the one outside the mount, so commands that open it run
   * {@link #inside}). Needs root (the tests run as root inside {@code unshare --net}). Closing it
   * ends the holder, which unmounts it.
   */
  static final class SmallDisk implements AutoCloseable {
    private final Process holder;
    private final Path mountPoint;
    private final Path image;
    private final String type;

    private SmallDisk(Process holder, Path mountPoint, Path image, String type) {
      this.holder = holder;
      this.mountPoint = mountPoint;
      this.image = image;
      this.type = type;
    }

    static SmallDisk create(Path work, int megabytes) throws Exception {
      Path mountPoint = Files.createDirectories(work.resolve("disk"));
      Path image = work.resolve("disk.img");
      Run mkfs =
          run(
              work,
              List.of(
                  "sh",
                  "-c",
                  "truncate -s " + megabytes + "M " + image + " && mkfs.ext4 -q -F -m 0 " + image));
      Path log = work.resolve("disk-holder.log");
      String mount =
          (mkfs.status() == 0
                  ? "mount -o loop " + image + " " + mountPoint + " && echo ext4 || "
                  : "")
              + "mount -t tmpfs -o size="
              + megabytes
              + "m tmpfs "
              + mountPoint
              + " && echo tmpfs";
      Process holder =
          background(
              log,
              "unshare",
              "--mount",
              "--propagation",
              "private",
              "--",
              "sh",
              "-c",
              "{ " + mount + "; } && echo mounted && exec sleep 100000");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.readString(log).contains("mounted")) {
        assertThat(holder.isAlive()).as("mount failed: " + Files.readString(log)).isTrue();
        assertThat(System.nanoTime()).as("mount timed out").isLessThan(deadline);
        Thread.sleep(20);
      }
      String type = Files.readString(log).contains("ext4") ? "ext4" : "tmpfs";
      return new SmallDisk(holder, mountPoint, image, type);
    }

    /** ext4 (loop device) or tmpfs. */
    String type() {
      return type;
    }

    Path mountPoint() {
      return mountPoint;
    }

    /** The path through which this JVM reaches a path on the small file system. */
    Path outside(Path inside) {
      return Path.of("/proc", Long.toString(holder.pid()), "root")
          .resolve(inside.toString().substring(1));
    }

    /** A command that runs with the small file system mounted. */
    List<String> inside(String... command) {
      List<String> c =
          new ArrayList<>(List.of("nsenter", "--mount=/proc/" + holder.pid() + "/ns/mnt", "--"));
      c.addAll(List.of(command));
      return c;
    }

    /** Writes zeros into {@code name} until the file system is full (dd then fails). */
    void fill(Path work, String name) throws Exception {
      run(
          work,
          inside(
              "sh", "-c", "dd if=/dev/zero of=" + mountPoint.resolve(name) + " bs=64k 2>&1; sync"));
    }

    /** Deletes a file on the small file system. */
    void remove(Path work, String name) throws Exception {
      Run r = run(work, inside("rm", "-f", mountPoint.resolve(name).toString()));
      assertThat(r.status()).as(r.out()).isZero();
    }

    @Override
    public void close() throws Exception {
      holder.destroy();
      holder.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(image);
    }
  }
}
