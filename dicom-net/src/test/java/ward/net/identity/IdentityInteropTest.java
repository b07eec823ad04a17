package ward.net.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.AssociationPolicy;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.Negotiation;
import ward.net.pdu.Pdu;
import ward.net.pdu.UserInformation;

/**
 * User identity negotiation with dcmtk's storescu ({@code --user}, {@code --password}, {@code
 * --pos-response}, {@code --jwt}) against a Ward acceptor whose policy asks {@link
 * IdentityNegotiation} with a verifier backed by an in-test user table.
 */
class IdentityInteropTest {

  static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
  static final List<String> LITTLE_ENDIAN = List.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2");
  static final byte[] JWT_SECRET =
      "a shared secret of more than thirty-two bytes".getBytes(StandardCharsets.US_ASCII);

  @TempDir static Path dir;
  static Path image;

  /** The user table: alice / correct horse battery. */
  static final IdentityVerifier USERS =
      (identity, requestor) -> {
        byte[] stored = "correct horse battery".getBytes(StandardCharsets.UTF_8);
        if (identity instanceof UserIdentity.UsernameAndPasscode u) {
          // compare even for unknown users, so timing does not tell which names exist
          boolean match = u.passcode().matches(stored);
          if (match && u.name().equals("alice")) {
            return Verdict.authenticated(new AuthenticatedUser(u.name(), u.kind(), "local"));
          }
        }
        return Verdict.refused("unknown user or wrong passcode");
      };

  static final IdentityVerifier VERIFIER =
      IdentityVerifiers.builder()
          .passcodes(USERS)
          .jwt(JwtVerifier.hs256(JWT_SECRET).issuer("https://idp.test").audience("WARD").build())
          .build();

  @BeforeAll
  static void image() throws IOException {
    image = dir.resolve("sc.dcm");
    String instance = "2.25.2718281828459045235360287471352662497";
    DataSet ds =
        DataSet.builder()
            .setString(0x00080016, VR.UI, SECONDARY_CAPTURE)
            .setString(0x00080018, VR.UI, instance)
            .setString(0x00080060, VR.CS, "OT")
            .setString(0x00100010, VR.PN, "Test^Identity")
            .setString(0x00100020, VR.LO, "ID-0001")
            .setString(0x0020000D, VR.UI, "2.25.1")
            .setString(0x0020000E, VR.UI, "2.25.2")
            .build();
    try (OutputStream out = Files.newOutputStream(image)) {
      DicomWriter.writeFile(
          out, DicomWriter.fileMetaFor(SECONDARY_CAPTURE, instance, LITTLE_ENDIAN.get(0)), ds);
    }
  }

  /** What the acceptor decided for one connection, and what its A-ASSOCIATE-AC carried. */
  record Served(
      IdentityNegotiation.Outcome outcome, UserInformation.UserIdentityAc sent, int stores) {}

  /** A C-STORE acceptor on loopback whose policy is identity negotiation. */
  static final class StoreAcceptor implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    final BlockingQueue<Served> served = new LinkedBlockingQueue<>();
    final Thread thread = new Thread(this::serve, "store-acceptor");

    StoreAcceptor() throws IOException {
      thread.setDaemon(true);
      thread.start();
    }

    Served next() throws InterruptedException {
      Served s = served.poll(30, TimeUnit.SECONDS);
      assertThat(s).as("a connection reached the acceptor").isNotNull();
      return s;
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          List<IdentityNegotiation.Outcome> outcome = new ArrayList<>();
          AssociationPolicy policy =
              (socket, rq) -> {
                IdentityNegotiation.Outcome o =
                    IdentityNegotiation.negotiate(rq, Requestor.of(socket, rq), VERIFIER);
                outcome.add(o);
                if (o instanceof IdentityNegotiation.Accepted a) {
                  return Negotiation.accept(
                      rq,
                      Negotiation.answer(rq, Map.of(SECONDARY_CAPTURE, LITTLE_ENDIAN)),
                      65536,
                      a.response());
                }
                return ((IdentityNegotiation.Rejected) o).reject();
              };
          Association a = Association.accept(s, policy, Association.Limits.DEFAULT);
          if (a == null) {
            served.add(new Served(outcome.isEmpty() ? null : outcome.get(0), null, 0));
            continue;
          }
          int stores = 0;
          DimseMessage m;
          while ((m = a.receive()) != null) {
            if (m.data() != null) {
              try (InputStream data = m.data()) {
                data.transferTo(OutputStream.nullOutputStream());
              }
            }
            a.send(
                m.contextId(),
                Commands.response(m.command(), Commands.C_STORE_RSP, 0, false).build(),
                null);
            stores++;
          }
          served.add(
              new Served(
                  outcome.get(0), a.acceptance().userInformation().identityResponse(), stores));
        } catch (IOException e) {
          if (!server.isClosed()) {
            served.add(new Served(null, null, -1));
          }
        }
      }
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

  static Result storescu(int port, String... identityOptions) throws Exception {
    List<String> command = new ArrayList<>(List.of("storescu", "-aec", "WARD", "-to", "10"));
    command.addAll(List.of(identityOptions));
    command.addAll(List.of("127.0.0.1", String.valueOf(port), image.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  record Result(int exit, String output) {}

  @Test
  void rightPasswordIsAcceptedWithAPositiveResponseWhenRequested() throws Exception {
    try (StoreAcceptor ward = new StoreAcceptor()) {
      Result r =
          storescu(
              ward.server.getLocalPort(),
              "--user",
              "alice",
              "--password",
              "correct horse battery",
              "--pos-response");
      Served s = ward.next();
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(s.outcome()).isInstanceOf(IdentityNegotiation.Accepted.class);
      assertThat(((IdentityNegotiation.Accepted) s.outcome()).user().name()).isEqualTo("alice");
      assertThat(s.sent()).isNotNull();
      assertThat(s.sent().serverResponse()).isEmpty();
      assertThat(s.stores()).isEqualTo(1);
    }
  }

  @Test
  void noPositiveResponseUnlessRequested() throws Exception {
    try (StoreAcceptor ward = new StoreAcceptor()) {
      Result r =
          storescu(
              ward.server.getLocalPort(), "--user", "alice", "--password", "correct horse battery");
      Served s = ward.next();
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(s.outcome()).isInstanceOf(IdentityNegotiation.Accepted.class);
      assertThat(s.sent()).isNull();
    }
  }

  @Test
  void wrongPasswordUnknownUserAndNoIdentityAreRejectedAlike() throws Exception {
    try (StoreAcceptor ward = new StoreAcceptor()) {
      int port = ward.server.getLocalPort();
      for (String[] options :
          List.of(
              new String[] {"--user", "alice", "--password", "Correct horse battery", "-rsp"},
              new String[] {"--user", "mallory", "--password", "correct horse battery"},
              new String[] {"--user", "alice", "--empty-password"},
              new String[] {"--user", "alice"},
              new String[] {})) {
        Result r = storescu(port, options);
        Served s = ward.next();
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output())
            .as(List.of(options).toString())
            .contains("Association Rejected")
            .contains("Result: Rejected Permanent, Source: Service User")
            .contains("Reason: No Reason");
        assertThat(s.outcome()).isInstanceOf(IdentityNegotiation.Rejected.class);
      }
    }
  }

  @Test
  void jwtFromDcmtkIsVerified() throws Exception {
    long now = Instant.now().getEpochSecond();
    String claims =
        "{\"iss\":\"https://idp.test\",\"aud\":\"WARD\",\"sub\":\"svc-router\",\"exp\":"
            + (now + 600)
            + "}";
    Path good = dir.resolve("good.jwt");
    Files.writeString(good, Jwts.hs256(JWT_SECRET, "{\"alg\":\"HS256\"}", claims));
    Path expired = dir.resolve("expired.jwt");
    Files.writeString(
        expired,
        Jwts.hs256(
            JWT_SECRET,
            "{\"alg\":\"HS256\"}",
            claims.replace(String.valueOf(now + 600), String.valueOf(now - 600))));
    try (StoreAcceptor ward = new StoreAcceptor()) {
      Result ok = storescu(ward.server.getLocalPort(), "--jwt", good.toString(), "-rsp");
      Served s = ward.next();
      assertThat(ok.exit()).as(ok.output()).isZero();
      assertThat(((IdentityNegotiation.Accepted) s.outcome()).user().name())
          .isEqualTo("svc-router");
      assertThat(s.sent()).isNotNull();

      Result old = storescu(ward.server.getLocalPort(), "--jwt", expired.toString());
      Served refused = ward.next();
      assertThat(old.exit()).isNotZero();
      assertThat(((IdentityNegotiation.Rejected) refused.outcome()).reason()).contains("expired");
    }
  }

  @Test
  void rejectedRequestorSeesTheSameRejectFromWardsOwnClient() throws Exception {
    try (StoreAcceptor ward = new StoreAcceptor();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), ward.server.getLocalPort())) {
      Pdu.AssociateRq rq =
          Negotiation.request(
              "WARD",
              "MODALITY",
              List.of(Map.entry(SECONDARY_CAPTURE, LITTLE_ENDIAN)),
              16384,
              new UserInformation.UserIdentityRq(
                  2,
                  true,
                  "alice".getBytes(StandardCharsets.UTF_8),
                  "nope".getBytes(StandardCharsets.UTF_8)));
      try {
        Association.request(socket, rq, Association.Limits.DEFAULT);
        throw new AssertionError("the association was accepted");
      } catch (ward.net.AssociationRejectedException e) {
        assertThat(e.reject()).isEqualTo(IdentityNegotiation.REJECT);
      }
      assertThat(ward.next().outcome()).isInstanceOf(IdentityNegotiation.Rejected.class);
    }
  }
}
