package ward.net.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ward.net.Association;
import ward.net.AssociationPolicy;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.Negotiation;

/**
 * Coverage-guided fuzzing of a live acceptor: a peer on a loopback socket sends the fuzzer's bytes
 * and closes its side; {@link Association#accept} with a policy that accepts every request, then
 * the receive loop of an echo service, must finish before the ARTIM timer could have fired (the
 * peer's end of stream must be noticed, not waited out) and may throw only {@link IOException}s.
 *
 * <p>{@code mvn test} runs the seeds in {@code AcceptorFuzzTestInputs/fuzzAcceptor} (real dcmtk
 * association requests and Ward-made message streams); {@code docs/fuzzing-net.md} says how to run
 * a campaign.
 */
class AcceptorFuzzTest {

  static final Association.Limits LIMITS = new Association.Limits(16_384, 1_500, 1_500, 1 << 16);

  static final Map<String, List<String>> SUPPORTED =
      Map.of(
          "1.2.840.10008.1.1", List.of("1.2.840.10008.1.2"),
          "1.2.840.10008.5.1.4.1.1.7", List.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2"),
          "1.2.840.10008.5.1.4.1.1.2", List.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2"));

  static final AssociationPolicy ACCEPT_ALL =
      (socket, rq) -> Negotiation.accept(rq, Negotiation.answer(rq, SUPPORTED), 16_384, null);

  static ServerSocket server;
  static ExecutorService peers;

  @BeforeAll
  static void listen() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server.setSoTimeout(10_000);
    peers = Executors.newSingleThreadExecutor();
  }

  @AfterAll
  static void close() throws IOException {
    peers.shutdownNow();
    server.close();
  }

  /** Sends {@code input}, half-closes, and collects what the acceptor answers until it closes. */
  static Future<byte[]> peer(byte[] input, boolean halfClose) {
    return peers.submit(
        () -> {
          try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(input);
            s.getOutputStream().flush();
            if (halfClose) {
              s.shutdownOutput();
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
              s.getInputStream().transferTo(answer);
            } catch (IOException reset) {
              // the acceptor may reset the connection: what arrived before counts
            }
            return answer.toByteArray();
          }
        });
  }

  /** Accepts one association on {@code s} and serves echoes until it ends. */
  static void serve(Socket s) throws IOException {
    Association a = Association.accept(s, ACCEPT_ALL, LIMITS);
    if (a == null) {
      return;
    }
    DimseMessage m;
    while ((m = a.receive()) != null) {
      if (m.data() != null) {
        try (InputStream data = m.data()) {
          data.transferTo(OutputStream.nullOutputStream());
        }
      }
      a.send(
          m.contextId(),
          Commands.response(m.command(), m.commandField() | 0x8000, 0, false).build(),
          null);
    }
  }

  @FuzzTest(maxDuration = "3m")
  void fuzzAcceptor(byte[] input) throws Exception {
    // The peer connects to this test's own loopback listener, nothing else (Jazzer's SSRF check).
    SilentCloseable allowed =
        BugDetectors.allowNetworkConnections(
            (host, port) ->
                port == server.getLocalPort()
                    && (host.equals("localhost") || host.equals("127.0.0.1")));
    try {
      fuzzOnce(input);
    } finally {
      allowed.close();
    }
  }

  private static void fuzzOnce(byte[] input) throws Exception {
    long millis = serveOnce(input);
    if (millis >= LIMITS.artimMillis()) {
      // Once more before calling it a finding: on a loaded machine a pause can be a GC or the
      // scheduler, not the acceptor waiting for a timer.
      millis = serveOnce(input);
      if (millis >= LIMITS.artimMillis()) {
        throw new AssertionError(
            "the acceptor took " + millis + " ms (twice) although the peer had closed its side");
      }
    }
  }

  /** Serves one connection fed {@code input}; returns how long the acceptor took. */
  private static long serveOnce(byte[] input) throws Exception {
    Future<byte[]> peer = peer(input, true);
    long millis;
    try (Socket s = server.accept()) {
      long start = System.nanoTime();
      try {
        serve(s);
      } catch (IOException expected) {
        // aborted, refused or broken: all IOExceptions
      }
      millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
    peer.get(10, TimeUnit.SECONDS);
    return millis;
  }

  // ------------------------------------------------------------------ timers

  @Test
  void stalledPeerIsDroppedWithinArtim() throws Exception {
    // half a PDU header, then nothing: no end of stream either
    Future<byte[]> peer = peer(new byte[] {1, 0, 0}, false);
    try (Socket s = server.accept()) {
      long start = System.nanoTime();
      Association a = Association.accept(s, ACCEPT_ALL, LIMITS);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(a).isNull();
      assertThat(millis)
          .isBetween((long) LIMITS.artimMillis() - 100, LIMITS.artimMillis() + 2_000L);
    }
    assertThat(peer.get(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void malformedRequestIsAnsweredWithAnAbort() throws Exception {
    // a PDU type that does not exist: A-ABORT, service provider, unrecognized PDU (PS3.8 9.3.8)
    Future<byte[]> peer = peer(new byte[] {0x09, 0, 0, 0, 0, 0}, true);
    try (Socket s = server.accept()) {
      assertThat(Association.accept(s, ACCEPT_ALL, LIMITS)).isNull();
    }
    assertThat(peer.get(10, TimeUnit.SECONDS))
        .containsExactly(0x07, 0, 0, 0, 0, 4, 0, 0, 2, Pdu.Abort.UNRECOGNIZED_PDU);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] echoRequest() {
    return PduGen.encode(
        Negotiation.request(
            "WARD",
            "FUZZ",
            List.of(Map.entry("1.2.840.10008.1.1", List.of("1.2.840.10008.1.2"))),
            16_384,
            null));
  }

  /**
   * PS3.8 9.2 (Evt19 in Sta6: AA-8): an invalid PDU during data transfer is answered with an
   * A-ABORT from the service provider before the connection closes.
   */
  @Test
  void malformedPduAfterAcceptanceIsAnsweredWithAnAbort() throws Exception {
    Future<byte[]> peer = peer(concat(echoRequest(), new byte[] {0x09, 0, 0, 0, 0, 0}), true);
    try (Socket s = server.accept()) {
      try {
        serve(s);
      } catch (IOException expected) {
        // aborted
      }
    }
    byte[] answer = peer.get(10, TimeUnit.SECONDS);
    assertThat(answer[0]).isEqualTo((byte) 0x02);
    byte[] tail = java.util.Arrays.copyOfRange(answer, answer.length - 10, answer.length);
    assertThat(tail).containsExactly(0x07, 0, 0, 0, 0, 4, 0, 0, 2, Pdu.Abort.UNRECOGNIZED_PDU);
  }
}
