package ward.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ward.net.tls.EchoAcceptor.IMPLICIT;
import static ward.net.tls.EchoAcceptor.VERIFICATION;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ward.net.Association;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.Negotiation;
import ward.net.testing.TestPki;

/**
 * DICOM over TLS with dcmtk (built with OpenSSL) and openssl on the other side: dcmtk's BCP 195
 * profiles reach a Ward acceptor, Ward's client reaches dcmtk's storescp, and what BCP 195 forbids
 * (TLS 1.1, CBC suites, a missing client certificate, an untrusted or misnamed server) is refused.
 */
class TlsInteropTest {

  @TempDir static Path dir;
  static TestPki ec;
  static TestPki rsa;

  @BeforeAll
  static void pki() {
    ec = TestPki.create(dir.resolve("ec"), TestPki.KeyType.EC);
    rsa = TestPki.create(dir.resolve("rsa"), TestPki.KeyType.RSA);
  }

  static TlsProfile server(TestPki pki, ClientAuth auth) throws Exception {
    TestPki.Identity id = pki.server("ward-server");
    return TlsProfile.builder()
        .keyAndChain(id.key(), id.chain())
        .trustedCertificates(pki.caCertificate())
        .clientAuth(auth)
        .build();
  }

  static TlsProfile client(TestPki pki) throws Exception {
    TestPki.Identity id = pki.client("ward-client");
    return TlsProfile.builder()
        .keyAndChain(id.key(), id.chain())
        .trustedCertificates(pki.caCertificate())
        .build();
  }

  static ExternalTool.Result echoscu(int port, String... tlsOptions) throws Exception {
    String[] command = new String[tlsOptions.length + 7];
    command[0] = "echoscu";
    System.arraycopy(tlsOptions, 0, command, 1, tlsOptions.length);
    int i = tlsOptions.length + 1;
    command[i++] = "-aec";
    command[i++] = "WARD";
    command[i++] = "-to";
    command[i++] = "10";
    command[i++] = "127.0.0.1";
    command[i] = String.valueOf(port);
    return ExternalTool.run(30, command);
  }

  // ------------------------------------------------------------------ dcmtk → Ward

  /**
   * dcmtk 3.6.7's non-downgrading and plain BCP 195 profiles negotiate TLS 1.3 with Ward (TLS 1.3
   * is preferred); its extended profile offers TLS 1.2 only and gets an ECDHE AES-GCM suite.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "EC, --profile-bcp195-nd, TLSv1.3",
    "EC, --profile-bcp195, TLSv1.3",
    "EC, --profile-bcp195-ex, TLSv1.2",
    "RSA, --profile-bcp195-nd, TLSv1.3",
    "RSA, --profile-bcp195, TLSv1.3",
    "RSA, --profile-bcp195-ex, TLSv1.2"
  })
  void dcmtkEchoscuReachesWardOverTls(String keyType, String profile, String protocol)
      throws Exception {
    TestPki pki = keyType.equals("EC") ? ec : rsa;
    TestPki.Identity dcmtk = pki.client("dcmtk-" + profile.substring(10));
    try (EchoAcceptor ward = new EchoAcceptor(server(pki, ClientAuth.REQUIRED), true)) {
      ExternalTool.Result r =
          echoscu(
              ward.port(),
              "+tls",
              dcmtk.key().toString(),
              dcmtk.certificate().toString(),
              "-pw",
              "+cf",
              pki.caCertificate().toString(),
              profile,
              "--repeat",
              "2");
      EchoAcceptor.Outcome o = ward.next();
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(o.associated()).as(String.valueOf(o.refusal())).isTrue();
      assertThat(o.echoes()).isEqualTo(2);
      assertThat(o.protocol()).isEqualTo(protocol);
      assertThat(o.cipherSuite()).isIn(Bcp195.CIPHER_SUITES);
      if (protocol.equals("TLSv1.2")) {
        assertThat(o.cipherSuite()).startsWith("TLS_ECDHE_" + keyType.replace("EC", "ECDSA"));
      }
      assertThat(o.peerSubject()).contains("CN=dcmtk-");
    }
  }

  @Test
  void wardServerSocketServesDcmtk() throws Exception {
    TestPki.Identity dcmtk = ec.client("dcmtk-listen");
    try (EchoAcceptor ward = new EchoAcceptor(server(ec, ClientAuth.REQUIRED), false)) {
      ExternalTool.Result r =
          echoscu(
              ward.port(),
              "+tls",
              dcmtk.key().toString(),
              dcmtk.certificate().toString(),
              "+cf",
              ec.caCertificate().toString());
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(ward.next().echoes()).isEqualTo(1);
    }
  }

  @Test
  void clientWithoutCertificateIsRefusedWhenRequired() throws Exception {
    try (EchoAcceptor ward = new EchoAcceptor(server(ec, ClientAuth.REQUIRED), true)) {
      ExternalTool.Result r = echoscu(ward.port(), "+tla", "+cf", ec.caCertificate().toString());
      EchoAcceptor.Outcome o = ward.next();
      assertThat(r.exit()).as(r.output()).isNotZero();
      assertThat(o.associated()).isFalse();
      assertThat(o.refusal()).contains("connection failed before an association request");
    }
  }

  @Test
  void clientWithoutCertificateIsServedWhenOptional() throws Exception {
    try (EchoAcceptor ward = new EchoAcceptor(server(ec, ClientAuth.OPTIONAL), true)) {
      ExternalTool.Result r = echoscu(ward.port(), "+tla", "+cf", ec.caCertificate().toString());
      EchoAcceptor.Outcome o = ward.next();
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(o.echoes()).isEqualTo(1);
      assertThat(o.peerSubject()).isNull();
    }
  }

  @Test
  void clientCertificateFromAnotherCaIsRefusedEvenWhenOptional() throws Exception {
    TestPki.Identity stranger = ec.rogueServer("stranger");
    try (EchoAcceptor ward = new EchoAcceptor(server(ec, ClientAuth.OPTIONAL), true)) {
      ExternalTool.Result r =
          echoscu(
              ward.port(),
              "+tls",
              stranger.key().toString(),
              stranger.certificate().toString(),
              "+cf",
              ec.caCertificate().toString());
      EchoAcceptor.Outcome o = ward.next();
      assertThat(r.exit()).as(r.output()).isNotZero();
      assertThat(o.associated()).isFalse();
    }
  }

  // ------------------------------------------------------------------ what BCP 195 forbids

  static ExternalTool.Result sClient(int port, TestPki.Identity client, String... options)
      throws Exception {
    String[] command = new String[options.length + 10];
    int i = 0;
    command[i++] = "openssl";
    command[i++] = "s_client";
    command[i++] = "-connect";
    command[i++] = "127.0.0.1:" + port;
    command[i++] = "-cert";
    command[i++] = client.certificate().toString();
    command[i++] = "-key";
    command[i++] = client.key().toString();
    command[i++] = "-CAfile";
    command[i++] = ec.caCertificate().toString();
    System.arraycopy(options, 0, command, i, options.length);
    return ExternalTool.run(30, command);
  }

  @Test
  void tls11ClientIsRefused() throws Exception {
    TestPki.Identity client = ec.client("old-client");
    try (EchoAcceptor ward = new EchoAcceptor(server(ec, ClientAuth.REQUIRED), true)) {
      // SECLEVEL=0: OpenSSL 3 would otherwise refuse TLS 1.1 itself, proving nothing about Ward.
      ExternalTool.Result r =
          sClient(ward.port(), client, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
      EchoAcceptor.Outcome o = ward.next();
      assertThat(r.exit()).as(r.output()).isNotZero();
      assertThat(r.output()).containsAnyOf("alert protocol version", "no protocols available");
      assertThat(o.associated()).isFalse();
      assertThat(o.refusal()).contains("connection failed");
    }
  }

  @Test
  void cbcOnlyClientIsRefusedAndGcmClientIsNot() throws Exception {
    TestPki.Identity client = ec.client("cbc-client");
    try (EchoAcceptor ward = new EchoAcceptor(server(ec, ClientAuth.REQUIRED), true)) {
      ExternalTool.Result cbc =
          sClient(
              ward.port(),
              client,
              "-tls1_2",
              "-cipher",
              "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA"
                  + ":ECDHE-ECDSA-AES256-SHA");
      EchoAcceptor.Outcome refused = ward.next();
      assertThat(cbc.exit()).as(cbc.output()).isNotZero();
      assertThat(cbc.output()).contains("handshake failure");
      assertThat(refused.associated()).isFalse();

      // The control: the same client offering one GCM suite completes the handshake (then
      // sends no association request, so the acceptor drops it).
      ExternalTool.Result gcm =
          sClient(ward.port(), client, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");
      ward.next();
      assertThat(gcm.output()).contains("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256");
    }
  }

  // ------------------------------------------------------------------ Ward → dcmtk

  static Process storescp(TestPki pki, TestPki.Identity id, int port, String... options)
      throws IOException {
    String[] command = new String[options.length + 13];
    int i = 0;
    command[i++] = "storescp";
    command[i++] = "-aet";
    command[i++] = "DCMTK";
    command[i++] = "+tls";
    command[i++] = id.key().toString();
    command[i++] = id.certificate().toString();
    command[i++] = "-pw";
    command[i++] = "+cf";
    command[i++] = pki.caCertificate().toString();
    command[i++] = "--profile-bcp195-nd";
    command[i++] = "-od";
    command[i++] = dir.toString();
    System.arraycopy(options, 0, command, i, options.length);
    command[command.length - 1] = String.valueOf(port);
    return ExternalTool.start(command);
  }

  static Association echo(SSLSocket socket) throws IOException {
    Association a =
        Association.request(
            socket,
            Negotiation.request(
                "DCMTK", "WARD", List.of(Map.entry(VERIFICATION, IMPLICIT)), 16384, null),
            Association.Limits.DEFAULT);
    int pc = a.contextFor(VERIFICATION, null);
    a.send(
        pc,
        Commands.request(Commands.C_ECHO_RQ, a.nextMessageId(), VERIFICATION, false).build(),
        null);
    DimseMessage rsp = a.receive();
    assertThat(rsp.commandField()).isEqualTo(Commands.C_ECHO_RSP);
    assertThat(rsp.status()).isZero();
    return a;
  }

  @ParameterizedTest
  @CsvSource({"EC, 127.0.0.1", "EC, localhost", "RSA, 127.0.0.1"})
  void wardEchoesDcmtkStorescpOverTls(String keyType, String host) throws Exception {
    TestPki pki = keyType.equals("EC") ? ec : rsa;
    int port = ExternalTool.freePort();
    // storescp requires and verifies the client's certificate (-rc is its default).
    Process scp = storescp(pki, pki.server("dcmtk-scp"), port);
    try {
      TlsProfile ward = client(pki);
      SSLSocket socket = ExternalTool.whenListening(() -> ward.connect(host, port, 10_000));
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
      Association a = echo(socket);
      a.release();
      assertThat(a.isOpen()).isFalse();
    } finally {
      ExternalTool.stop(scp);
    }
  }

  // AddressSelection: the literal "127.0.0.1" is the point: it is the name the server's
  // certificate must carry (as an iPAddress SAN) for the unconnected-socket path.
  @SuppressWarnings("AddressSelection")
  @Test
  void wardSocketFactoryChecksTheServerToo() throws Exception {
    int port = ExternalTool.freePort();
    Process scp = storescp(ec, ec.server("dcmtk-scp-f"), port);
    try {
      TlsProfile ward = client(ec);
      // connected by the factory
      SSLSocket s1 =
          ExternalTool.whenListening(
              () -> (SSLSocket) ward.socketFactory().createSocket("127.0.0.1", port));
      echo(s1).release();
      // unconnected, then connected to an address literal
      SSLSocket s2 = (SSLSocket) ward.socketFactory().createSocket();
      s2.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      echo(s2).release();
    } finally {
      ExternalTool.stop(scp);
    }
  }

  @Test
  void wardRefusesServerFromUntrustedCa() throws Exception {
    int port = ExternalTool.freePort();
    Process scp = storescp(ec, ec.rogueServer("rogue-scp"), port);
    try {
      TlsProfile ward = client(ec);
      assertThatThrownBy(
              () -> ExternalTool.whenListening(() -> ward.connect("127.0.0.1", port, 10_000)))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("PKIX path");
    } finally {
      ExternalTool.stop(scp);
    }
  }

  @SuppressWarnings("AddressSelection") // the address literal is the name being checked
  @Test
  void wardRefusesServerWhoseNameDoesNotMatch() throws Exception {
    int port = ExternalTool.freePort();
    Process scp = storescp(ec, ec.withNames("elsewhere", List.of("DNS:other.example")), port);
    try {
      TlsProfile ward = client(ec);
      assertThatThrownBy(
              () -> ExternalTool.whenListening(() -> ward.connect("127.0.0.1", port, 10_000)))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("127.0.0.1");
      assertThatThrownBy(() -> ward.connect("localhost", port, 10_000))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("localhost");
      SSLSocket unconnected = (SSLSocket) ward.socketFactory().createSocket();
      unconnected.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      assertThatThrownBy(unconnected::startHandshake).isInstanceOf(SSLHandshakeException.class);
      unconnected.close();
    } finally {
      ExternalTool.stop(scp);
    }
  }
}
