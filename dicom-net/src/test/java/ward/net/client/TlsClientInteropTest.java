package ward.net.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.net.testing.TestPki;
import ward.net.tls.TlsProfile;

/**
 * The client over TLS (ward.net.tls's BCP 195 profile) to dcmtk's storescp, which demands a client
 * certificate.
 */
class TlsClientInteropTest {

  @TempDir static Path dir;
  static TestPki pki;

  @TempDir Path tmp;

  @BeforeAll
  static void pki() {
    pki = TestPki.create(dir.resolve("pki"), TestPki.KeyType.EC);
  }

  private Dcmtk storescp(TestPki.Identity id, int port) throws Exception {
    Path out = Files.createDirectories(tmp.resolve("received"));
    return Dcmtk.server(
        tmp.resolve("storescp.log"),
        port,
        "storescp",
        "--aetitle",
        "STORESCP",
        "+tls",
        id.key().toString(),
        id.certificate().toString(),
        "-pw",
        "+cf",
        pki.caCertificate().toString(),
        "--profile-bcp195-nd",
        "-od",
        out.toString(),
        String.valueOf(port));
  }

  private static DicomClient client(int port) throws Exception {
    TestPki.Identity me = pki.client("ward-scu");
    TlsProfile tls =
        TlsProfile.builder()
            .trustedCertificates(pki.caCertificate())
            .keyAndChain(me.key(), me.chain())
            .build();
    return new DicomClient(
        new Peer("STORESCP", "127.0.0.1", port),
        ClientSettings.defaults().withSocketFactory(tls.socketFactory()));
  }

  @Test
  void echoesAndStoresOverTls() throws Exception {
    DataSet ds =
        Synthetic.ct("TEST^TLS", "TLS1", "20230101", "2.25.900", "2.25.901", "2.25.902", 1024);
    Path file = Synthetic.write(tmp.resolve("tls.dcm"), ds);
    int port = Dcmtk.freePort();
    StoreReport report;
    try (Dcmtk scp = storescp(pki.server("dcmtk-scp"), port)) {
      DicomClient client = client(port);
      client.echo();
      report = client.store(StoreJob.scan(List.of(file)), 1, StoreListener.NONE);
      assertThat(scp.process.isAlive()).as("storescp is still up").isTrue();
    }
    assertThat(report.failures()).isEmpty();
    try (var files = Files.list(tmp.resolve("received"))) {
      assertThat(Synthetic.read(files.findFirst().orElseThrow())).isEqualTo(ds);
    }
  }

  @Test
  void refusesAServerItDoesNotTrust() throws Exception {
    int port = Dcmtk.freePort();
    try (Dcmtk scp = storescp(pki.rogueServer("rogue-scp"), port)) {
      assertThatThrownBy(() -> client(port).echo()).isInstanceOf(SSLHandshakeException.class);
      assertThat(scp.process.isAlive()).as("storescp is still up").isTrue();
    }
  }
}
