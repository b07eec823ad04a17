package ward.scan.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.scan.ScanSettings;
import ward.scan.finding.EndpointReport;
import ward.scan.finding.Severity;
import ward.scan.tls.TlsObservation;

/**
 * The TLS checks against dcmtk's storescp over TLS (OpenSSL): with the retired AES profile and no
 * client certificate asked for (suites outside BCP 195 found, any AE accepted, certificate not
 * trusted unless its issuer is given), and with its default that requires a client certificate.
 */
class TlsExposureTest {

  @TempDir static Path work;
  static Peer weak;
  static Peer strict;
  static Peer legacy;
  static int legacyPort;
  static int weakPort;
  static int strictPort;
  static Path cert;

  @BeforeAll
  static void start() throws Exception {
    Path key = work.resolve("key.pem");
    cert = work.resolve("cert.pem");
    Peer.run(
        work.resolve("openssl.log"),
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key.toString(),
            "-out",
            cert.toString(),
            "-subj",
            "/CN=localhost",
            "-days",
            "2"));
    weakPort = Peer.freePort();
    strictPort = Peer.freePort();
    Path out = Files.createDirectories(work.resolve("out"));
    weak =
        Peer.start(
            work.resolve("weak.log"),
            weakPort,
            List.of(
                "storescp",
                "+tls",
                key.toString(),
                cert.toString(),
                "+pa",
                "-ic",
                "-od",
                out.toString(),
                Integer.toString(weakPort)));
    strict =
        Peer.start(
            work.resolve("strict.log"),
            strictPort,
            List.of(
                "storescp",
                "+tls",
                key.toString(),
                cert.toString(),
                "+cf",
                cert.toString(),
                "-od",
                out.toString(),
                Integer.toString(strictPort)));
    legacyPort = Peer.freePort();
    // OpenSSL's test web server answering every path with its status page, TLS 1.1 only
    legacy =
        Peer.start(
            work.resolve("legacy.log"),
            legacyPort,
            List.of(
                "openssl",
                "s_server",
                "-accept",
                Integer.toString(legacyPort),
                "-cert",
                cert.toString(),
                "-key",
                key.toString(),
                "-www",
                "-tls1_1",
                "-cipher",
                "DEFAULT:@SECLEVEL=0"));
  }

  @Test
  void findsAnHttpsServerThatAcceptsTls11AndNoViewerInItsCatchAllPage() throws Exception {
    EndpointReport r =
        Scans.one(
            Scans.settings(false, false),
            Scans.loopback(
                legacyPort, ward.scan.target.Protocol.DICOM, ward.scan.target.Protocol.WEB));
    assertThat(r.service()).as(r.findings().toString()).isEqualTo("https");
    assertThat(r.tls().protocols()).containsExactly("TLSv1.1");
    assertThat(Scans.ids(r)).contains("tls.old-protocol").doesNotContain("web.interface-open");
    assertThat(r.worst()).isEqualTo(Severity.MEDIUM);
  }

  @AfterAll
  static void stop() {
    for (Peer p : new Peer[] {weak, strict, legacy}) {
      if (p != null) {
        p.close();
      }
    }
  }

  @Test
  void findsSuitesOutsideBcp195AndAnUntrustedCertificate() throws Exception {
    EndpointReport r = Scans.one(Scans.settings(false, false), Scans.loopback(weakPort));
    assertThat(r.service()).isEqualTo("dicom-tls");
    assertThat(r.dicom().anyCalledAe()).isTrue();
    TlsObservation t = r.tls();
    assertThat(t).isNotNull();
    assertThat(t.protocols()).contains("TLSv1.2");
    assertThat(t.weakSuites())
        .isNotEmpty()
        .allMatch(s -> s.contains("CBC") || s.startsWith("TLS_RSA_"));
    assertThat(t.trusted()).isFalse();
    assertThat(t.selfSigned()).isTrue();
    assertThat(t.keyDescription()).isEqualTo("RSA 2048");
    assertThat(Scans.ids(r))
        .contains("tls.weak-suites", "tls.untrusted", "dicom.any-ae")
        .doesNotContain("dicom.plaintext");
    assertThat(r.worst()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void theIssuerGivenMakesTheCertificateTrusted() throws Exception {
    X509Certificate ca;
    try (InputStream in = Files.newInputStream(cert)) {
      ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    ScanSettings s = Scans.settings(false, false);
    ScanSettings trusting =
        new ScanSettings(
            s.callingAe(),
            s.extraCalledAes(),
            Duration.ofSeconds(10),
            8,
            1000,
            1000,
            false,
            false,
            false,
            List.of(ca));
    EndpointReport r = Scans.one(trusting, Scans.loopback(weakPort));
    assertThat(r.tls().trusted()).isTrue();
    assertThat(Scans.ids(r)).doesNotContain("tls.untrusted");
  }

  @Test
  void aClientCertificateRequirementIsLow() throws Exception {
    EndpointReport r = Scans.one(Scans.settings(false, false), Scans.loopback(strictPort));
    assertThat(r.service()).as(String.valueOf(r.dicom())).isEqualTo("dicom-tls");
    assertThat(r.dicom().tlsRequiresClientCertificate()).isTrue();
    assertThat(Scans.ids(r)).contains("dicom.tls-client-certificate");
    assertThat(r.worst()).as(r.findings().toString()).isEqualTo(Severity.LOW);
  }
}
