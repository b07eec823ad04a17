package ward.net.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.Negotiation;
import ward.net.pdu.UserInformation;

/** Synthetic instances, a test gate, dcmtk processes and thread checks for the server tests. */
final class Fixtures {
  private Fixtures() {}

  static final String AE = "WARD";

  /** The principal the test gate authenticates: the calling AE title, for these tests. */
  record User(String name) implements Principal {
    @Override
    public String getName() {
      return name;
    }
  }

  /** Accepts the listed calling AE titles, each as a user of the same name. */
  static AssociationGate gateFor(String... callingAes) {
    Set<String> known = Set.of(callingAes);
    return rq ->
        known.contains(rq.callingAe())
            ? AssociationGate.accept(new User(rq.callingAe()))
            : AssociationGate.rejectCallingAe();
  }

  static String newUid() {
    UUID u = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(17);
    b.put((byte) 0).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    return "2.25." + new BigInteger(b.array());
  }

  /** A synthetic secondary capture image of an invented patient, with random pixel data. */
  static DataSet image(String patientName, String patientId, String studyUid, int rows, int cols) {
    byte[] pixels = new byte[rows * cols * 2];
    new Random(rows * 31L + cols).nextBytes(pixels);
    return DataSet.builder()
        .setString(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 100")
        .setString(Tags.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
        .setString(Tags.SOPInstanceUID, VR.UI, newUid())
        .setString(Tags.StudyDate, VR.DA, "20240131")
        .setString(Tags.StudyTime, VR.TM, "101500")
        .setString(Tags.Modality, VR.CS, "OT")
        .setString(Tags.ConversionType, VR.CS, "WSD")
        .setString(Tags.StudyDescription, VR.LO, "Synthetic study")
        .setString(Tags.PatientName, VR.PN, patientName)
        .setString(Tags.PatientID, VR.LO, patientId)
        .setString(Tags.StudyInstanceUID, VR.UI, studyUid)
        .setString(Tags.SeriesInstanceUID, VR.UI, newUid())
        .setString(Tags.StudyID, VR.SH, "1")
        .setString(Tags.SeriesNumber, VR.IS, "1")
        .setString(Tags.InstanceNumber, VR.IS, "1")
        .setInts(Tags.SamplesPerPixel, VR.US, 1)
        .setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2")
        .setInts(Tags.Rows, VR.US, rows)
        .setInts(Tags.Columns, VR.US, cols)
        .setInts(Tags.BitsAllocated, VR.US, 16)
        .setInts(Tags.BitsStored, VR.US, 16)
        .setInts(Tags.HighBit, VR.US, 15)
        .setInts(Tags.PixelRepresentation, VR.US, 0)
        .setBytes(Tags.PixelData, VR.OW, pixels)
        .build();
  }

  /** Writes a Part 10 file in explicit VR little endian. */
  static Path writeFile(Path file, DataSet ds) throws IOException {
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

  static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  static DicomServer.Builder server(Services services, ServerLimits limits, ServerEvents events) {
    return DicomServer.builder()
        .aeTitle(AE)
        .bind(loopback())
        .gate(gateFor("MODALITY", "VIEWER", "JAVA"))
        .services(services)
        .limits(limits)
        .events(events);
  }

  /** Limits with short timers, so that the tests of timeouts stay quick. */
  static ServerLimits quickLimits(
      int maxAssociations, int perPeer, int artimMillis, int idleMillis) {
    return ServerLimits.DEFAULT
        .withAssociations(maxAssociations, perPeer)
        .withAssociation(new Association.Limits(1 << 16, artimMillis, idleMillis, 1 << 20));
  }

  // ------------------------------------------------------------------ Java peers

  static Socket connect(DicomServer server) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
    return s;
  }

  /** Requests an association from a Java peer, for the protocol-level tests. */
  static Association associate(
      DicomServer server,
      String callingAe,
      List<Map.Entry<String, List<String>>> contexts,
      UserInformation.UserIdentityRq identity)
      throws IOException {
    return Association.request(
        connect(server),
        Negotiation.request(AE, callingAe, contexts, 1 << 16, identity),
        Association.Limits.DEFAULT);
  }

  /** Reads until the server closes the connection; fails if it does not within the time. */
  static byte[] readUntilClosed(Socket s, int millis) throws IOException {
    s.setSoTimeout(millis);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        got.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection within " + millis + " ms");
    } catch (SocketException reset) {
      // a reset closes too
    }
    return got.toByteArray();
  }

  // ------------------------------------------------------------------ dcmtk

  /** A finished dcmtk process: its exit code and everything it printed. */
  record Run(int exit, String output) {}

  static Process start(Path workDir, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("TCP_NODELAY", "1");
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    return pb.start();
  }

  static Run run(Path workDir, String... command) throws IOException, InterruptedException {
    Process p = start(workDir, command);
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ events and threads

  /** Records a server's events. */
  static final class Events implements ServerEvents {
    final List<ServerEvent> all = new CopyOnWriteArrayList<>();

    @Override
    public void on(ServerEvent event) {
      all.add(event);
    }

    <T extends ServerEvent> List<T> of(Class<T> type) {
      return all.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    /** Waits for an event of a type that satisfies a condition. */
    <T extends ServerEvent> T await(Class<T> type, Predicate<T> condition, long millis)
        throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (System.nanoTime() < deadline) {
        for (T e : of(type)) {
          if (condition.test(e)) {
            return e;
          }
        }
        Thread.sleep(20);
      }
      throw new AssertionError("no " + type.getSimpleName() + " event; events: " + all);
    }
  }

  /** Live threads of a server, by the name prefix all its threads share. */
  static List<String> threadsOf(int port) {
    String prefix = "ward-scp-" + port + "-";
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith(prefix)) {
        names.add(t.getName());
      }
    }
    return names;
  }

  /** Waits until only the server's permanent threads (acceptor and watchdog) are left. */
  static void awaitIdleThreads(int port, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    List<String> busy = List.of();
    while (System.nanoTime() < deadline) {
      busy =
          threadsOf(port).stream()
              .filter(n -> !n.contains("-acceptor") && !n.contains("-watchdog-"))
              .collect(Collectors.toList());
      if (busy.isEmpty()) {
        return;
      }
      Thread.sleep(50);
    }
    assertThat(busy).as("threads still running").isEmpty();
  }

  /** The names of live threads, except those the JDK starts on its own for child processes. */
  static Set<String> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> !n.startsWith("process reaper") && !n.startsWith("Attach Listener"))
        .collect(Collectors.toSet());
  }
}
