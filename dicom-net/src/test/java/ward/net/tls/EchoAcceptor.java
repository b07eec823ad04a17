package ward.net.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import ward.net.Association;
import ward.net.AssociationPolicy;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.Negotiation;
import ward.net.pdu.Pdu;

/**
 * A minimal C-ECHO acceptor for TLS tests: plain TCP accepts on loopback, each connection wrapped
 * with {@link TlsProfile#wrapAccepted} (or served from {@link TlsProfile#serverSocket}), then
 * {@link Association#accept}, which runs the handshake under the ARTIM timer. Every connection's
 * outcome is queued for the test to inspect.
 */
final class EchoAcceptor implements AutoCloseable {

  static final String VERIFICATION = "1.2.840.10008.1.1";
  static final List<String> IMPLICIT = List.of("1.2.840.10008.1.2");

  /** What happened to one connection. */
  record Outcome(
      boolean associated,
      int echoes,
      String refusal,
      String protocol,
      String cipherSuite,
      String peerSubject) {}

  private final ServerSocket server;
  private final TlsProfile profile;
  private final boolean wrap;
  private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
  private final Thread thread;

  /**
   * @param wrap true to accept plain sockets and wrap them; false to listen with the profile's
   *     server socket
   */
  EchoAcceptor(TlsProfile profile, boolean wrap) throws IOException {
    this.profile = profile;
    this.wrap = wrap;
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (wrap) {
      server = new ServerSocket();
      server.bind(loopback, 8);
    } else {
      server = profile.serverSocket(loopback, 8);
    }
    thread = new Thread(this::serve, "echo-acceptor");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** The next connection's outcome. */
  Outcome next() throws InterruptedException {
    Outcome o = outcomes.poll(30, TimeUnit.SECONDS);
    if (o == null) {
      throw new AssertionError("no connection reached the acceptor within 30 s");
    }
    return o;
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket accepted = server.accept()) {
        Socket s = wrap ? profile.wrapAccepted(accepted) : accepted;
        outcomes.add(serveOne(s));
      } catch (IOException e) {
        if (!server.isClosed()) {
          outcomes.add(new Outcome(false, 0, "acceptor: " + e, null, null, null));
        }
      }
    }
  }

  private static Outcome serveOne(Socket s) throws IOException {
    String[] refusal = {null};
    AssociationPolicy policy =
        new AssociationPolicy() {
          @Override
          public Pdu negotiate(Socket socket, Pdu.AssociateRq rq) {
            return Negotiation.accept(
                rq, Negotiation.answer(rq, Map.of(VERIFICATION, IMPLICIT)), 65536, null);
          }

          @Override
          public void refused(Socket socket, String reason) {
            refusal[0] = reason;
          }
        };
    Association a =
        Association.accept(s, policy, new Association.Limits(1 << 16, 10_000, 20_000, 1 << 20));
    if (a == null) {
      return new Outcome(false, 0, refusal[0], null, null, null);
    }
    SSLSession session = ((SSLSocket) s).getSession();
    String peer =
        TlsProfile.peerCertificate(s).map(c -> c.getSubjectX500Principal().getName()).orElse(null);
    int echoes = 0;
    try {
      DimseMessage m;
      while ((m = a.receive()) != null) {
        a.send(
            m.contextId(),
            Commands.response(m.command(), Commands.C_ECHO_RSP, 0, false).build(),
            null);
        echoes++;
      }
    } catch (IOException e) {
      return new Outcome(
          true, echoes, e.toString(), session.getProtocol(), session.getCipherSuite(), peer);
    }
    return new Outcome(true, echoes, null, session.getProtocol(), session.getCipherSuite(), peer);
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
