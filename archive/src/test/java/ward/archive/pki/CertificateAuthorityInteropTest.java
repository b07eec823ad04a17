package ward.archive.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.net.server.AssociationGate;
import ward.net.server.DicomServer;
import ward.net.server.Services;
import ward.net.tls.ClientAuth;
import ward.net.tls.TlsProfile;

/**
 * The CA's files with dcmtk (OpenSSL) on the other side: echoscu trusts {@code ca.pem}, checks
 * Ward's server certificate and presents a client certificate the CA issued to a Ward {@link
 * DicomServer} that requires one; without a certificate, or with one from another CA, it is turned
 * away in the handshake.
 */
class CertificateAuthorityInteropTest {

  @TempDir static Path dir;
  static CertificateAuthority ca;
  static DicomServer server;
  static final List<String> seen = new CopyOnWriteArrayList<>();

  /** The client certificate subjects the gate saw. */
  record Peer(String name) implements Principal {
    @Override
    public String getName() {
      return name;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    ca = CertificateAuthority.initialize(dir.resolve("tls"), List.of(), Clock.systemUTC());
    TlsProfile tls =
        TlsProfile.builder()
            .keyAndChain(ca.serverKeyFile(), ca.serverChainFile())
            .trustedCertificates(ca.caCertificateFile())
            .clientAuth(ClientAuth.REQUIRED)
            .build();
    server =
        DicomServer.builder()
            .aeTitle("WARD")
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .serverSockets(tls.serverSocketFactory())
            .gate(
                rq -> {
                  String subject =
                      ((X509Certificate) rq.peerCertificates().get(0))
                          .getSubjectX500Principal()
                          .getName();
                  seen.add(subject);
                  return AssociationGate.accept(new Peer(subject));
                })
            .services(Services.builder().echo().build())
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  record Result(int exit, String output) {}

  static Result echoscu(String... tlsOptions) throws Exception {
    List<String> command = new ArrayList<>(List.of("echoscu"));
    command.addAll(List.of(tlsOptions));
    command.addAll(
        List.of(
            "-aet",
            "CT_ROOM_2",
            "-aec",
            "WARD",
            "-to",
            "10",
            "127.0.0.1",
            String.valueOf(server.port())));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  @Test
  void dcmtkWithAnIssuedClientCertificateReachesWardsServerCertificate() throws Exception {
    IssuedCredential ct = ca.issueClient("CT_ROOM_2");
    Path key = dir.resolve("ct.key");
    Path chain = dir.resolve("ct.pem");
    ct.writeTo(key, chain);
    Result r =
        echoscu(
            "+tls",
            key.toString(),
            chain.toString(),
            "+cf",
            ca.caCertificateFile().toString(),
            "--profile-bcp195-nd");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(seen).contains("CN=CT_ROOM_2");
  }

  @Test
  void wardsServerRequiresTheClientCertificate() throws Exception {
    int before = seen.size();
    Result anonymous = echoscu("+tla", "+cf", ca.caCertificateFile().toString());
    assertThat(anonymous.exit()).as(anonymous.output()).isNotZero();

    CertificateAuthority stranger =
        CertificateAuthority.initialize(dir.resolve("stranger"), List.of(), Clock.systemUTC());
    IssuedCredential foreign = stranger.issueClient("CT_ROOM_2");
    Path key = dir.resolve("foreign.key");
    Path chain = dir.resolve("foreign.pem");
    foreign.writeTo(key, chain);
    Result untrusted =
        echoscu("+tls", key.toString(), chain.toString(), "+cf", ca.caCertificateFile().toString());
    assertThat(untrusted.exit()).as(untrusted.output()).isNotZero();
    assertThat(seen).as("no association request got past the handshake").hasSize(before);
  }

  @Test
  void dcmtkRefusesAServerItCannotTraceToTheCaItTrusts() throws Exception {
    CertificateAuthority other =
        CertificateAuthority.initialize(dir.resolve("other"), List.of(), Clock.systemUTC());
    IssuedCredential ct = ca.issueClient("CT_ROOM_2");
    Path key = dir.resolve("ct2.key");
    Path chain = dir.resolve("ct2.pem");
    ct.writeTo(key, chain);
    Result r =
        echoscu(
            "+tls", key.toString(), chain.toString(), "+cf", other.caCertificateFile().toString());
    assertThat(r.exit()).as(r.output()).isNotZero();
  }
}
