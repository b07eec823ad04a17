package ward.archive.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;
import ward.archive.pki.CertificateAuthority;
import ward.archive.pki.IssuedCredential;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.net.server.DicomServer;
import ward.net.server.Services;
import ward.net.server.Status;
import ward.net.tls.ClientAuth;
import ward.net.tls.TlsProfile;

/**
 * The authenticator as the gate of real {@link DicomServer}s (one TLS with Ward's own CA, one
 * plaintext) with dcmtk's echoscu and storescu as the modalities and workstations.
 */
class DicomAuthenticatorInteropTest {

  static final String PASSWORD = "correct horse battery staple";

  @TempDir static Path dir;
  static Database db;
  static CertificateAuthority ca;
  static Path ctKey;
  static Path ctChain;
  static Path strangerKey;
  static Path strangerChain;
  static Path image;
  static DicomServer tlsServer;
  static DicomServer plainServer;
  static final List<DicomAuthenticator.Outcome> heard = new CopyOnWriteArrayList<>();
  static final List<Principal> storedBy = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    db = Database.embedded(dir.resolve("db"));
    Users users = new Users(db.dataSource(), UsersTest.FAST, Lockout.DEFAULT, Clock.systemUTC());
    ApplicationEntities entities = new ApplicationEntities(db.dataSource(), Clock.systemUTC());
    users.add("alice", Set.of(Role.READER, Role.UPLOADER), PASSWORD.toCharArray(), Set.of());

    ca = CertificateAuthority.initialize(dir.resolve("tls"), List.of(), Clock.systemUTC());
    IssuedCredential ct = ca.issueClient("CT_ROOM_2");
    ctKey = dir.resolve("ct.key");
    ctChain = dir.resolve("ct.pem");
    ct.writeTo(ctKey, ctChain);
    strangerKey = dir.resolve("stranger.key");
    strangerChain = dir.resolve("stranger.pem");
    ca.issueClient("CT_ROOM_2").writeTo(strangerKey, strangerChain);
    entities.add(
        ApplicationEntity.certificate("CT_ROOM_2", "CT", ct.fingerprint(), Set.of(Role.UPLOADER)));
    entities.add(
        ApplicationEntity.legacy(
            "OLD_XRAY", "1998 X-ray unit", InetAddress.getByAddress(new byte[] {127, 0, 0, 1})));

    image = dir.resolve("sc.dcm");
    writeImage(image);

    DicomAuthenticator gate = new DicomAuthenticator(entities, users, heard::add);
    Services services =
        Services.builder()
            .echo()
            .store(
                List.of(UID.SecondaryCaptureImageStorage),
                Services.UNCOMPRESSED,
                (request, data) -> {
                  data.transferTo(OutputStream.nullOutputStream());
                  storedBy.add((Principal) request.association().principal());
                  return Status.OK;
                })
            .build();
    TlsProfile tls =
        TlsProfile.builder()
            .keyAndChain(ca.serverKeyFile(), ca.serverChainFile())
            .trustedCertificates(ca.caCertificateFile())
            .clientAuth(ClientAuth.OPTIONAL)
            .build();
    InetSocketAddress loopback =
        new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
    tlsServer =
        DicomServer.builder()
            .aeTitle("WARD")
            .bind(loopback)
            .serverSockets(tls.serverSocketFactory())
            .gate(gate)
            .services(services)
            .start();
    plainServer =
        DicomServer.builder().aeTitle("WARD").bind(loopback).gate(gate).services(services).start();
  }

  @AfterAll
  static void stop() throws Exception {
    tlsServer.close();
    plainServer.close();
    db.close();
  }

  @BeforeEach
  void forget() {
    heard.clear();
    storedBy.clear();
  }

  static void writeImage(Path file) throws Exception {
    String instance = "2.25.31415926535897932384626433832795028841";
    DataSet ds =
        DataSet.builder()
            .setString(0x00080016, VR.UI, UID.SecondaryCaptureImageStorage)
            .setString(0x00080018, VR.UI, instance)
            .setString(0x00080060, VR.CS, "OT")
            .setString(0x00100010, VR.PN, "Test^Gatekeeper")
            .setString(0x00100020, VR.LO, "PID-4711")
            .setString(0x0020000D, VR.UI, "2.25.7")
            .setString(0x0020000E, VR.UI, "2.25.8")
            .build();
    try (OutputStream out = Files.newOutputStream(file)) {
      DicomWriter.writeFile(
          out,
          DicomWriter.fileMetaFor(
              UID.SecondaryCaptureImageStorage, instance, UID.ExplicitVRLittleEndian),
          ds);
    }
  }

  record Result(int exit, String output) {}

  static Result run(String tool, DicomServer server, String callingAe, String... options)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(tool, "-aet", callingAe, "-aec", "WARD"));
    command.addAll(List.of("-to", "10"));
    command.addAll(List.of(options));
    command.addAll(List.of("127.0.0.1", String.valueOf(server.port())));
    if (tool.equals("storescu")) {
      command.add(image.toString());
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  static DicomAuthenticator.Outcome lastDecision() {
    assertThat(heard).isNotEmpty();
    return heard.get(heard.size() - 1);
  }

  @Test
  void aModalityWithItsRegisteredCertificateIsAccepted() throws Exception {
    Result r =
        run(
            "echoscu",
            tlsServer,
            "CT_ROOM_2",
            "+tls",
            ctKey.toString(),
            ctChain.toString(),
            "+cf",
            ca.caCertificateFile().toString());
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(lastDecision().principal())
        .isEqualTo(Principal.entity("CT_ROOM_2", Set.of(Role.UPLOADER)));
  }

  @Test
  void theRightAeTitleWithAnotherCertificateIsRejected() throws Exception {
    Result r =
        run(
            "echoscu",
            tlsServer,
            "CT_ROOM_2",
            "+tls",
            strangerKey.toString(),
            strangerChain.toString(),
            "+cf",
            ca.caCertificateFile().toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.output())
        .contains("Association Rejected")
        .contains("Result: Rejected Permanent, Source: Service User")
        .contains("Reason: No Reason");
    assertThat(lastDecision().accepted()).isFalse();
  }

  @Test
  void aWorkstationWithAnUnregisteredAeTitleStoresAsTheUserItSignsInAs() throws Exception {
    Result r =
        run(
            "storescu",
            tlsServer,
            "WS_17",
            "+tla",
            "+cf",
            ca.caCertificateFile().toString(),
            "--user",
            "alice",
            "--password",
            PASSWORD,
            "--pos-response");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(storedBy)
        .containsExactly(Principal.user("alice", Set.of(Role.READER, Role.UPLOADER)));
  }

  @Test
  void aWrongPasswordIsRejectedWithNoReason() throws Exception {
    Result r =
        run(
            "storescu",
            tlsServer,
            "WS_17",
            "+tla",
            "+cf",
            ca.caCertificateFile().toString(),
            "--user",
            "alice",
            "--password",
            "Correct horse battery staple");
    assertThat(r.exit()).isNotZero();
    assertThat(r.output())
        .contains("Association Rejected")
        .contains("Result: Rejected Permanent, Source: Service User")
        .contains("Reason: No Reason");
    assertThat(storedBy).isEmpty();
    assertThat(lastDecision().reason()).contains("WRONG_PASSWORD");
  }

  @Test
  void anUnknownAeTitleWithoutIdentityIsNotRecognized() throws Exception {
    Result overTls =
        run("echoscu", tlsServer, "WS_17", "+tla", "+cf", ca.caCertificateFile().toString());
    Result plain = run("echoscu", plainServer, "WS_17");
    for (Result r : List.of(overTls, plain)) {
      assertThat(r.exit()).isNotZero();
      assertThat(r.output())
          .contains("Association Rejected")
          .contains("Calling AE Title Not Recognized");
    }
  }

  @Test
  void aLegacyModalityStoresOverPlaintextFromItsPinnedAddressAsUploaderOnly() throws Exception {
    Result r = run("storescu", plainServer, "OLD_XRAY");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(storedBy).containsExactly(Principal.entity("OLD_XRAY", Set.of(Role.UPLOADER)));
    assertThat(lastDecision().tls()).isFalse();
  }

  @Test
  void overPlaintextAValidUserIdentityFromAnUnregisteredAeTitleIsRefused() throws Exception {
    Result r = run("storescu", plainServer, "WS_17", "--user", "alice", "--password", PASSWORD);
    assertThat(r.exit()).isNotZero();
    assertThat(r.output()).contains("Calling AE Title Not Recognized");
    assertThat(storedBy).isEmpty();
  }
}
