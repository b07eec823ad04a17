package ward.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ward.net.pdu.Pdu;

/** C-ECHO both ways with dcmtk: the smallest proof that associations interoperate. */
class EchoInteropTest {

  static final String VERIFICATION = "1.2.840.10008.1.1";
  static final List<String> IMPLICIT = List.of("1.2.840.10008.1.2");

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static Process start(String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("TCP_NODELAY", "1");
    return pb.start();
  }

  static Socket connectWhenListening(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        return s;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  @Test
  void wardEchoesDcmtkStorescp() throws Exception {
    int port = freePort();
    Process scp =
        start(
            "storescp",
            "--aetitle",
            "DCMTK",
            "-od",
            System.getProperty("java.io.tmpdir"),
            String.valueOf(port));
    try (Socket socket = connectWhenListening(port)) {
      Association a =
          Association.request(
              socket,
              Negotiation.request(
                  "DCMTK", "WARDTEST", List.of(Map.entry(VERIFICATION, IMPLICIT)), 16384, null),
              Association.Limits.DEFAULT);
      int pc = a.contextFor(VERIFICATION, null);
      assertThat(pc).isEqualTo(1);
      a.send(
          pc,
          Commands.request(Commands.C_ECHO_RQ, a.nextMessageId(), VERIFICATION, false).build(),
          null);
      DimseMessage rsp = a.receive();
      assertThat(rsp.commandField()).isEqualTo(Commands.C_ECHO_RSP);
      assertThat(rsp.status()).isZero();
      assertThat(rsp.messageIdBeingRespondedTo()).isEqualTo(1);
      a.release();
      assertThat(a.isOpen()).isFalse();
    } finally {
      scp.destroy();
      scp.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void dcmtkEchoscuEchoesWard() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      AssociationPolicy policy =
          (socket, rq) ->
              rq.calledAe().equals("WARD")
                  ? Negotiation.accept(
                      rq, Negotiation.answer(rq, Map.of(VERIFICATION, IMPLICIT)), 65536, null)
                  : new Pdu.AssociateRj(1, 1, Pdu.AssociateRj.CALLED_AE_NOT_RECOGNIZED);
      CompletableFuture<Integer> served =
          CompletableFuture.supplyAsync(
              () -> {
                int echoes = 0;
                try {
                  for (int i = 0; i < 2; i++) {
                    try (Socket s = server.accept()) {
                      Association a = Association.accept(s, policy, Association.Limits.DEFAULT);
                      if (a == null) {
                        continue;
                      }
                      DimseMessage m;
                      while ((m = a.receive()) != null) {
                        assertThat(m.commandField()).isEqualTo(Commands.C_ECHO_RQ);
                        a.send(
                            m.contextId(),
                            Commands.response(m.command(), Commands.C_ECHO_RSP, 0, false).build(),
                            null);
                        echoes++;
                      }
                    }
                  }
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
                return echoes;
              });
      int port = server.getLocalPort();
      Process ok =
          start("echoscu", "-aec", "WARD", "--repeat", "3", "127.0.0.1", String.valueOf(port));
      assertThat(ok.waitFor(20, TimeUnit.SECONDS)).isTrue();
      String okOut = new String(ok.getInputStream().readAllBytes());
      assertThat(ok.exitValue()).as(okOut).isZero();
      Process wrong = start("echoscu", "-aec", "NOTWARD", "127.0.0.1", String.valueOf(port));
      assertThat(wrong.waitFor(20, TimeUnit.SECONDS)).isTrue();
      String wrongOut = new String(wrong.getInputStream().readAllBytes());
      assertThat(wrong.exitValue()).isNotZero();
      assertThat(wrongOut).containsIgnoringCase("Called AE Title Not Recognized");
      assertThat(served.get(30, TimeUnit.SECONDS)).isEqualTo(3);
    }
  }

  @Test
  void rejectedRequestReportsResultSourceAndReason() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      CompletableFuture.runAsync(
          () -> {
            try (Socket s = server.accept()) {
              Association.accept(
                  s, (sock, rq) -> new Pdu.AssociateRj(1, 1, 3), Association.Limits.DEFAULT);
            } catch (IOException ignored) {
              // the test asserts on the requestor side
            }
          });
      try (Socket socket = connectWhenListening(server.getLocalPort())) {
        assertThatThrownBy(
                () ->
                    Association.request(
                        socket,
                        Negotiation.request(
                            "WARD",
                            "STRANGER",
                            List.of(Map.entry(VERIFICATION, IMPLICIT)),
                            16384,
                            null),
                        Association.Limits.DEFAULT))
            .isInstanceOf(AssociationRejectedException.class)
            .hasMessageContaining("calling AE title not recognized");
      }
    }
  }
}
