package ward.net.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ServerSocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.UID;
import ward.net.Association;
import ward.net.Commands;
import ward.net.Negotiation;

/**
 * The server over TLS through the {@link ServerSocketFactory} it is given: the gate sees the client
 * certificate chain, and a peer that does not complete the handshake is closed within ARTIM.
 */
class TlsServerTest {

  @TempDir static Path keys;

  private static SSLContext tls;

  @BeforeAll
  static void makeKeys() throws Exception {
    Path store = keys.resolve("test.p12");
    Fixtures.Run run =
        Fixtures.run(
            keys,
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair",
            "-alias",
            "ward",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=ward-test-peer",
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass",
            "test-only",
            "-keypass",
            "test-only");
    assertThat(run.exit()).as(run.output()).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "test-only".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "test-only".toCharArray());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    tls = SSLContext.getInstance("TLSv1.3");
    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
  }

  /** Listening sockets that require a client certificate. */
  private static ServerSocketFactory requiringClientCertificates() {
    return new ServerSocketFactory() {
      @Override
      public ServerSocket createServerSocket(int port) throws IOException {
        return createServerSocket(port, 50, null);
      }

      @Override
      public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return createServerSocket(port, backlog, null);
      }

      @Override
      public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
          throws IOException {
        SSLServerSocket s =
            (SSLServerSocket)
                tls.getServerSocketFactory().createServerSocket(port, backlog, address);
        s.setNeedClientAuth(true);
        return s;
      }
    };
  }

  @Test
  void gateSeesTheClientCertificateChainAndEchoWorksOverTls() throws Exception {
    List<AssociationGate.Request> asked = new CopyOnWriteArrayList<>();
    try (DicomServer server =
        DicomServer.builder()
            .aeTitle(Fixtures.AE)
            .bind(Fixtures.loopback())
            .serverSockets(requiringClientCertificates())
            .gate(
                rq -> {
                  asked.add(rq);
                  return AssociationGate.accept(new Fixtures.User("certified"));
                })
            .services(Services.builder().echo().build())
            .start()) {
      SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
      Association a =
          Association.request(
              socket,
              Negotiation.request(
                  Fixtures.AE,
                  "JAVA",
                  List.of(Map.entry(UID.Verification, Services.UNCOMPRESSED)),
                  1 << 16,
                  null),
              Association.Limits.DEFAULT);
      a.send(1, Commands.request(Commands.C_ECHO_RQ, 1, UID.Verification, false).build(), null);
      assertThat(a.receive().status()).isZero();
      a.release();
    }
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0).peerCertificates()).hasSize(1);
    assertThat(((X509Certificate) asked.get(0).peerCertificates().get(0)).getSubjectX500Principal())
        .hasToString("CN=ward-test-peer");
  }

  @Test
  void peersThatDoNotCompleteTheHandshakeAreClosed() throws Exception {
    Fixtures.Events events = new Fixtures.Events();
    try (DicomServer server =
        DicomServer.builder()
            .aeTitle(Fixtures.AE)
            .bind(Fixtures.loopback())
            .serverSockets(requiringClientCertificates())
            .gate(rq -> AssociationGate.accept(new Fixtures.User("x")))
            .services(Services.builder().echo().build())
            .limits(Fixtures.quickLimits(4, 4, 300, 1000))
            .events(events)
            .start()) {
      try (Socket silent = Fixtures.connect(server)) {
        Fixtures.readUntilClosed(silent, 5000);
      }
      try (Socket plain = Fixtures.connect(server)) {
        // an A-ASSOCIATE-RQ in the clear
        plain.getOutputStream().write(new byte[] {1, 0, 0, 0, 0, 4, 0, 1, 0, 0});
        Fixtures.readUntilClosed(plain, 5000);
      }
      assertThatThrownBy(
              () -> {
                SSLSocket noCertificate =
                    (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket();
                noCertificate.connect(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
                noCertificate.startHandshake();
                noCertificate.getInputStream().read();
              })
          .isInstanceOf(IOException.class);
      events.await(ServerEvent.Refused.class, e -> true, 2000);
      Fixtures.awaitIdleThreads(server.port(), 5000);
    }
  }
}
