package ward.bench.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.net.client.StorageSopClasses;
import ward.net.server.AssociationGate;
import ward.net.server.DicomServer;
import ward.net.server.Services;
import ward.net.server.Status;
import ward.net.server.StoreHandler;
import ward.net.tls.ClientAuth;
import ward.net.tls.TlsProfile;

/**
 * The Ward C-STORE SCP of the store benchmark: the counterpart of dcmtk's {@code storescp}. Every
 * received instance is written as a Part 10 file (preamble, file meta information, then the data
 * set streamed as received) named by a counter, in {@code ROOT/<calling AE title>/}, so that each
 * benchmark run (which calls with its own AE title) gets a fresh directory without restarting the
 * server. No fsync, as storescp does not fsync either.
 *
 * <p>Usage: {@code WardStoreScp ROOT PLAIN_PORT [TLS_PORT KEY.pem CHAIN.pem CA.pem]}; prints {@code
 * READY} when listening and stops when its standard input closes.
 */
public final class WardStoreScp {

  private static final String AE = "WARDSCP";

  private WardStoreScp() {}

  public static void main(String[] args) throws IOException, GeneralSecurityException {
    if (args.length != 2 && args.length != 6) {
      System.err.println("usage: WardStoreScp ROOT PLAIN_PORT [TLS_PORT KEY CHAIN CA]");
      System.exit(2);
    }
    Path root = Files.createDirectories(Path.of(args[0]));
    AtomicLong counter = new AtomicLong();
    Map<String, Path> dirs = new ConcurrentHashMap<>();
    StoreHandler handler =
        (request, dataSet) -> {
          Path dir = dirs.get(request.association().callingAe());
          if (dir == null) {
            // once per calling AE title: createDirectories throws (and catches) when it exists
            dir = Files.createDirectories(root.resolve(safe(request.association().callingAe())));
            dirs.put(request.association().callingAe(), dir);
          }
          Path file =
              dir.resolve(String.format(Locale.ROOT, "%08d.dcm", counter.incrementAndGet()));
          write(
              file,
              request.sopClassUid(),
              request.sopInstanceUid(),
              request.transferSyntaxUid(),
              dataSet);
          return Status.OK;
        };
    Principal anyone = () -> "benchmark";
    AssociationGate gate = request -> AssociationGate.accept(anyone);
    Services services =
        Services.builder()
            .echo()
            .store(StorageSopClasses.COMMON, Services.UNCOMPRESSED, handler)
            .build();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    DicomServer plain =
        DicomServer.builder()
            .aeTitle(AE)
            .bind(new InetSocketAddress(loopback, Integer.parseInt(args[1])))
            .gate(gate)
            .services(services)
            .start();
    DicomServer tls = null;
    if (args.length == 6) {
      TlsProfile profile =
          TlsProfile.builder()
              .keyAndChain(Path.of(args[3]), Path.of(args[4]))
              .trustedCertificates(Path.of(args[5]))
              .clientAuth(ClientAuth.REQUIRED)
              .build();
      tls =
          DicomServer.builder()
              .aeTitle(AE)
              .bind(new InetSocketAddress(loopback, Integer.parseInt(args[2])))
              .serverSockets(profile.serverSocketFactory())
              .gate(gate)
              .services(services)
              .start();
    }
    System.out.println("READY");
    System.out.flush();
    try {
      byte[] buffer = new byte[256];
      while (System.in.read(buffer) >= 0) {
        // wait for the end of standard input
      }
    } finally {
      plain.close();
      if (tls != null) {
        tls.close();
      }
      System.out.println("STORED " + counter.get());
    }
  }

  /**
   * Preamble and file meta information in one write, then the data set copied as it streams in,
   * unbuffered: the server's {@code transferTo} already writes in 256 KiB steps.
   */
  private static void write(
      Path file, String sopClass, String sopInstance, String transferSyntax, InputStream dataSet)
      throws IOException {
    DataSet meta = DicomWriter.fileMetaFor(sopClass, sopInstance, transferSyntax);
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    DicomWriter.writeFile(head, meta, DataSet.EMPTY);
    try (OutputStream out = Files.newOutputStream(file)) {
      head.writeTo(out);
      dataSet.transferTo(out);
    }
  }

  /** An AE title as a directory name: letters, digits, '-' and '_' only. */
  private static String safe(String ae) {
    StringBuilder b = new StringBuilder();
    for (byte c : ae.strip().getBytes(StandardCharsets.US_ASCII)) {
      b.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' ? (char) c : '_');
    }
    return b.length() == 0 ? "_" : b.toString();
  }
}
