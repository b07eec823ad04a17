package ward.cli;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import ward.archive.posture.Posture;
import ward.scan.ScanSettings;
import ward.scan.Scanner;
import ward.scan.report.JsonReport;
import ward.scan.target.Endpoint;
import ward.scan.target.Targets;

/**
 * The archive's security posture by the exposure scanner: {@code ward scan} of the archive's own
 * listeners (DICOM over TLS, plaintext DICOM when open, HTTPS) on loopback, passive checks only,
 * judging the TLS certificate against the archive's own CA. Never any other address: the targets
 * are built here from the configured ports, not taken from a request.
 */
final class ScanPosture implements Posture {
  /** Each connect, handshake and answer. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private final InetAddress loopback;
  private final String aeTitle;
  private final List<Integer> ports;
  private final Path caCertificate;

  /**
   * @param bindAddress what the listeners are bound to: a wildcard or a loopback address (anything
   *     else is not reachable on loopback and is refused when scanned)
   * @param ports the DICOM TLS port, the plaintext port (0 when closed) and the HTTPS port
   */
  ScanPosture(String bindAddress, String aeTitle, List<Integer> ports, Path caCertificate) {
    this.loopback = loopbackFor(bindAddress);
    this.aeTitle = aeTitle;
    this.ports = ports.stream().filter(p -> p > 0).toList();
    this.caCertificate = caCertificate;
  }

  private static InetAddress loopbackFor(String bindAddress) {
    try {
      InetAddress bound = InetAddress.getByName(bindAddress);
      if (bound.isAnyLocalAddress()) {
        return InetAddress.getByName("127.0.0.1");
      }
      return bound.isLoopbackAddress() ? bound : null;
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  @Override
  public String scan() throws Exception {
    if (loopback == null) {
      throw new IllegalStateException(
          "the archive does not listen on loopback: the self-scan targets loopback only");
    }
    Targets targets = new Targets(Targets.DICOM_PORTS, Targets.WEB_PORTS, InetAddress::getByName);
    String host =
        loopback instanceof java.net.Inet6Address
            ? "[" + loopback.getHostAddress() + "]"
            : loopback.getHostAddress();
    for (int port : ports) {
      targets.add(host + ":" + port);
    }
    List<Endpoint> endpoints = targets.endpoints();
    for (Endpoint e : endpoints) {
      if (!e.address().isLoopbackAddress()) {
        throw new IllegalStateException("a self-scan target is not on loopback: " + e.key());
      }
    }
    ScanSettings settings =
        new ScanSettings(
            ScanSettings.DEFAULT_CALLING_AE,
            List.of(aeTitle),
            PROBE_TIMEOUT,
            4,
            50,
            1000,
            false,
            false,
            false,
            trusted());
    return JsonReport.write(new Scanner(settings).scan(endpoints, null));
  }

  private List<X509Certificate> trusted() throws Exception {
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(caCertificate)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
    }
    return out;
  }
}
