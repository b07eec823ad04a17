package ward.archive.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.net.tls.ClientAuth;
import ward.net.tls.Pem;
import ward.net.tls.TlsProfile;

class CertificateAuthorityTest {

  @TempDir Path data;

  Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);

  @Test
  void firstStartCreatesTheCaAndServerFilesWithPrivatePermissions() throws Exception {
    Path tls = data.resolve("tls");
    CertificateAuthority ca =
        CertificateAuthority.initialize(tls, List.of("pacs.example.test"), clock);

    assertThat(Files.getPosixFilePermissions(tls))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    for (String key : List.of(CertificateAuthority.CA_KEY, CertificateAuthority.SERVER_KEY)) {
      assertThat(Files.getPosixFilePermissions(tls.resolve(key)))
          .as(key)
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(tls.resolve(key))).startsWith("-----BEGIN PRIVATE KEY-----\n");
      PrivateKey k = Pem.readPrivateKey(tls.resolve(key));
      assertThat(k).isInstanceOf(ECPrivateKey.class);
      assertThat(((ECPrivateKey) k).getParams().getCurve().getField().getFieldSize())
          .isEqualTo(256);
    }
    try (var files = Files.list(tls)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ca.pem", "ca-key.pem", "server.pem", "server-key.pem");
    }

    X509Certificate caCert = Pem.readCertificates(ca.caCertificateFile()).get(0);
    assertThat(caCert).isEqualTo(ca.certificate());
    assertThat(caCert.getBasicConstraints()).isEqualTo(0);
    assertThat(caCert.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(Duration.between(clock.instant(), caCert.getNotAfter().toInstant()).toDays())
        .isBetween(3650L, 3653L);

    List<X509Certificate> chain = Pem.readCertificates(ca.serverChainFile());
    assertThat(chain).hasSize(2);
    assertThat(chain.get(1)).isEqualTo(caCert);
    X509Certificate server = chain.get(0);
    server.verify(caCert.getPublicKey());
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getExtendedKeyUsage())
        .contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"); // serverAuth, clientAuth
    assertThat(Duration.between(clock.instant(), server.getNotAfter().toInstant()).toDays())
        .isBetween(728L, 731L);
    List<String> names = new ArrayList<>();
    for (List<?> san : server.getSubjectAlternativeNames()) {
      names.add(InetAddressText.canonical(san));
    }
    assertThat(names).contains("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "pacs.example.test");
    String host = CertificateAuthority.hostName();
    if (host != null) {
      assertThat(names).contains(host);
    }
  }

  @Test
  void laterStartsReuseTheFiles() throws Exception {
    Path tls = data.resolve("tls");
    CertificateAuthority.initialize(tls, List.of(), clock);
    byte[] caKey = Files.readAllBytes(tls.resolve("ca-key.pem"));
    byte[] serverChain = Files.readAllBytes(tls.resolve("server.pem"));

    CertificateAuthority again = CertificateAuthority.initialize(tls, List.of(), clock);
    assertThat(Files.readAllBytes(tls.resolve("ca-key.pem"))).isEqualTo(caKey);
    assertThat(Files.readAllBytes(tls.resolve("server.pem"))).isEqualTo(serverChain);
    assertThat(CertificateAuthority.load(tls, clock).certificate()).isEqualTo(again.certificate());
  }

  @Test
  void theServerCertificateIsRenewedForANewNameOrBeforeItExpires() throws Exception {
    Path tls = data.resolve("tls");
    CertificateAuthority.initialize(tls, List.of(), clock);
    byte[] caKey = Files.readAllBytes(tls.resolve("ca-key.pem"));
    byte[] first = Files.readAllBytes(tls.resolve("server.pem"));

    CertificateAuthority.initialize(tls, List.of("10.20.30.40"), clock);
    byte[] second = Files.readAllBytes(tls.resolve("server.pem"));
    assertThat(second).isNotEqualTo(first);

    Clock later = Clock.offset(clock, Duration.ofDays(731 - 29));
    CertificateAuthority.initialize(tls, List.of("10.20.30.40"), later);
    assertThat(Files.readAllBytes(tls.resolve("server.pem"))).isNotEqualTo(second);
    assertThat(Files.readAllBytes(tls.resolve("ca-key.pem"))).isEqualTo(caKey);
  }

  @Test
  void anIncompleteOrExposedDirectoryIsRefusedAndNothingIsOverwritten() throws Exception {
    Path tls = data.resolve("tls");
    CertificateAuthority.initialize(tls, List.of(), clock);
    byte[] caKey = Files.readAllBytes(tls.resolve("ca-key.pem"));
    Files.delete(tls.resolve("ca.pem"));
    assertThatThrownBy(() -> CertificateAuthority.initialize(tls, List.of(), clock))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ca.pem");
    assertThat(Files.readAllBytes(tls.resolve("ca-key.pem"))).isEqualTo(caKey);

    Path other = data.resolve("other");
    CertificateAuthority.initialize(other, List.of(), clock);
    Files.setPosixFilePermissions(
        other.resolve("ca-key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> CertificateAuthority.load(other, clock))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("readable by others");
  }

  @Test
  void namesThatAreNeitherHostsNorAddressesAreRefused() {
    for (String bad : List.of("", "a b", "x/../y", "-lead.example", "under_score.example")) {
      assertThatThrownBy(() -> CertificateAuthority.serverNames(List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(CertificateAuthority.serverNames(List.of("*.pacs.example.test", "fe80::1")))
        .contains("*.pacs.example.test", "fe80::1");
  }

  @Test
  void issuedCredentialsLoadIntoTlsProfilesAndShakeHands() throws Exception {
    CertificateAuthority ca =
        CertificateAuthority.initialize(data.resolve("tls"), List.of(), clock);
    IssuedCredential client = ca.issueClient("CT_ROOM_2");
    assertThat(client.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=CT_ROOM_2");
    assertThat(client.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(client.fingerprint()).matches("[0-9a-f]{64}");
    Path key = data.resolve("modality/ct.key");
    Path chain = data.resolve("modality/ct.pem");
    client.writeTo(key, chain);
    assertThat(Files.getPosixFilePermissions(key))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    TlsProfile server =
        TlsProfile.builder()
            .keyAndChain(ca.serverKeyFile(), ca.serverChainFile())
            .trustedCertificates(ca.caCertificateFile())
            .clientAuth(ClientAuth.REQUIRED)
            .build();
    TlsProfile modality =
        TlsProfile.builder()
            .keyAndChain(key, chain)
            .trustedCertificates(ca.caCertificateFile())
            .build();
    try (var listening =
        server.serverSocket(
            new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4)) {
      Thread acceptor =
          new Thread(
              () -> {
                for (int i = 0; i < 2; i++) {
                  try (SSLSocket s = (SSLSocket) listening.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(1);
                    s.getOutputStream().flush();
                  } catch (IOException e) {
                    // the client reports the failure
                  }
                }
              });
      acceptor.start();
      // the server certificate names both localhost and 127.0.0.1 (checked as HTTPS does)
      for (String host : List.of("localhost", "127.0.0.1")) {
        try (SSLSocket s = modality.connect(host, listening.getLocalPort(), 5000)) {
          assertThat(s.getInputStream().read()).isEqualTo(1);
          assertThat(s.getSession().getPeerCertificates()[0])
              .isEqualTo(Pem.readCertificates(ca.serverChainFile()).get(0));
        }
      }
      acceptor.join(5000);
    }
  }

  /** Subject alternative names as text, IP addresses in the JDK's canonical form. */
  static final class InetAddressText {
    static String canonical(List<?> san) throws IOException {
      String value = String.valueOf(san.get(1));
      return ((Integer) san.get(0)) == 7 ? InetAddress.getByName(value).getHostAddress() : value;
    }
  }
}
