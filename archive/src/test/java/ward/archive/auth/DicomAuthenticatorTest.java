package ward.archive.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;
import ward.archive.pki.CertificateAuthority;
import ward.archive.pki.IssuedCredential;
import ward.net.pdu.Pdu;
import ward.net.pdu.UserInformation;
import ward.net.server.AssociationGate;

class DicomAuthenticatorTest {

  static final String PASSWORD = "correct horse battery staple";

  @TempDir static Path pki;
  static IssuedCredential ctCertificate;
  static IssuedCredential otherCertificate;

  @TempDir static Path dir;
  static Database db;
  Users users;
  ApplicationEntities entities;
  final List<DicomAuthenticator.Outcome> heard = new CopyOnWriteArrayList<>();
  DicomAuthenticator gate;
  InetAddress modalityAddress;

  @BeforeAll
  static void certificates() throws Exception {
    CertificateAuthority ca = CertificateAuthority.initialize(pki, List.of(), Clock.systemUTC());
    ctCertificate = ca.issueClient("CT_ROOM_2");
    otherCertificate = ca.issueClient("CT_ROOM_2");
  }

  @BeforeEach
  void open() throws Exception {
    TestDatabase.clear(db);
    TestClock clock = new TestClock();
    users = new Users(db.dataSource(), UsersTest.FAST, Lockout.DEFAULT, clock);
    entities = new ApplicationEntities(db.dataSource(), clock);
    gate = new DicomAuthenticator(entities, users, heard::add);
    modalityAddress = InetAddress.getByName("10.1.2.3");
    users.add("alice", Set.of(Role.READER), PASSWORD.toCharArray(), Set.of());
    entities.add(
        ApplicationEntity.certificate(
            "CT_ROOM_2", "CT", ctCertificate.fingerprint(), Set.of(Role.UPLOADER, Role.READER)));
    entities.add(ApplicationEntity.legacy("OLD_XRAY", "1998 X-ray unit", modalityAddress));
    entities.add(ApplicationEntity.userIdentity("VIEWER", "reading room"));
  }

  @BeforeAll
  static void openDatabase() throws Exception {
    db = Database.embedded(dir);
  }

  @AfterAll
  static void closeDatabase() {
    db.close();
  }

  static AssociationGate.Request request(
      String callingAe,
      InetAddress from,
      List<Certificate> certificates,
      UserInformation.UserIdentityRq identity) {
    return new AssociationGate.Request(
        callingAe, "WARD", new InetSocketAddress(from, 40312), certificates, identity);
  }

  static List<Certificate> chain(IssuedCredential c) {
    return List.copyOf(c.chain());
  }

  static UserInformation.UserIdentityRq password(String user, String password, boolean response) {
    return new UserInformation.UserIdentityRq(
        UserInformation.UserIdentityRq.USERNAME_AND_PASSCODE,
        response,
        user.getBytes(StandardCharsets.UTF_8),
        password.getBytes(StandardCharsets.UTF_8));
  }

  static final AssociationGate.Reject NO_REASON =
      new AssociationGate.Reject(
          Pdu.AssociateRj.RESULT_PERMANENT,
          Pdu.AssociateRj.SOURCE_SERVICE_USER,
          Pdu.AssociateRj.NO_REASON);

  static final AssociationGate.Reject CALLING_AE_NOT_RECOGNIZED =
      new AssociationGate.Reject(
          Pdu.AssociateRj.RESULT_PERMANENT,
          Pdu.AssociateRj.SOURCE_SERVICE_USER,
          Pdu.AssociateRj.CALLING_AE_NOT_RECOGNIZED);

  static Principal principalOf(AssociationGate.Decision d) {
    assertThat(d).isInstanceOf(AssociationGate.Accept.class);
    return (Principal) ((AssociationGate.Accept) d).principal();
  }

  @Test
  void aRegisteredCertificateEntityWithItsCertificateIsAcceptedAsItself() {
    AssociationGate.Decision d =
        gate.decide(request("CT_ROOM_2", modalityAddress, chain(ctCertificate), null));
    assertThat(principalOf(d))
        .isEqualTo(Principal.entity("CT_ROOM_2", Set.of(Role.UPLOADER, Role.READER)));
    assertThat(heard).hasSize(1);
    assertThat(heard.get(0).accepted()).isTrue();
    assertThat(heard.get(0).tls()).isTrue();
    assertThat(heard.get(0).reason()).contains("client certificate");
  }

  @Test
  void theRightAeTitleWithAnotherCertificateIsRejected() {
    assertThat(gate.decide(request("CT_ROOM_2", modalityAddress, chain(otherCertificate), null)))
        .isEqualTo(NO_REASON);
    assertThat(gate.decide(request("CT_ROOM_2", modalityAddress, List.of(), null)))
        .as("TLS without a client certificate")
        .isEqualTo(NO_REASON);
    assertThat(gate.decide(request("CT_ROOM_2", modalityAddress, null, null)))
        .as("plaintext")
        .isEqualTo(NO_REASON);
    assertThat(heard).extracting(DicomAuthenticator.Outcome::accepted).containsOnly(false);
    assertThat(heard.get(0).reason()).contains("not the one registered");
  }

  @Test
  void anUnknownAeTitleWithAValidUserIdentityIsAcceptedAsThatUser() {
    AssociationGate.Decision d =
        gate.decide(
            request("WS_17", modalityAddress, List.of(), password("alice", PASSWORD, true)));
    assertThat(principalOf(d)).isEqualTo(Principal.user("alice", Set.of(Role.READER)));
    assertThat(((AssociationGate.Accept) d).identityResponse())
        .as("positive response, requested")
        .isEqualTo(new UserInformation.UserIdentityAc(new byte[0]));
    assertThat(heard.get(0).reason()).contains("alice").contains("WS_17");

    AssociationGate.Decision quiet =
        gate.decide(
            request("WS_17", modalityAddress, List.of(), password("alice", PASSWORD, false)));
    assertThat(((AssociationGate.Accept) quiet).identityResponse()).isNull();
  }

  @Test
  void anUnknownAeTitleWithoutIdentityIsRejectedAsNotRecognized() {
    assertThat(gate.decide(request("WS_17", modalityAddress, List.of(), null)))
        .isEqualTo(CALLING_AE_NOT_RECOGNIZED);
    assertThat(gate.decide(request("WS_17", modalityAddress, chain(ctCertificate), null)))
        .as("a valid certificate does not register an AE title")
        .isEqualTo(CALLING_AE_NOT_RECOGNIZED);
  }

  @Test
  void unregisteredAeTitlesCanBeSwitchedOff() {
    DicomAuthenticator strict =
        new DicomAuthenticator(entities, users, users.passcodeVerifier(), false, heard::add);
    assertThat(
            strict.decide(
                request("WS_17", modalityAddress, List.of(), password("alice", PASSWORD, false))))
        .isEqualTo(CALLING_AE_NOT_RECOGNIZED);
    assertThat(
            principalOf(
                strict.decide(
                    request(
                        "VIEWER", modalityAddress, List.of(), password("alice", PASSWORD, false)))))
        .isEqualTo(Principal.user("alice", Set.of(Role.READER)));
  }

  @Test
  void aWrongPasswordIsRejectedWhereverItComesFrom() {
    for (String ae : List.of("WS_17", "VIEWER")) {
      assertThat(
              gate.decide(
                  request(
                      ae, modalityAddress, List.of(), password("alice", "not it at all", true))))
          .as(ae)
          .isEqualTo(NO_REASON);
    }
    assertThat(
            gate.decide(
                request(
                    "CT_ROOM_2",
                    modalityAddress,
                    chain(ctCertificate),
                    password("alice", "not it at all", false))))
        .as("a certificate does not excuse a wrong password")
        .isEqualTo(NO_REASON);
    assertThat(
            gate.decide(
                request("WS_17", modalityAddress, List.of(), password("mallory", PASSWORD, false))))
        .isEqualTo(NO_REASON);
    assertThat(heard)
        .extracting(DicomAuthenticator.Outcome::reason)
        .allSatisfy(reason -> assertThat(reason).doesNotContain(PASSWORD, "not it at all"));
  }

  @Test
  void aUserIdentityEntityMustSendOne() {
    assertThat(gate.decide(request("VIEWER", modalityAddress, List.of(), null)))
        .isEqualTo(NO_REASON);
  }

  @Test
  void aCertificateEntitySendingAUserIdentityRunsAsTheUser() {
    AssociationGate.Decision d =
        gate.decide(
            request(
                "CT_ROOM_2",
                modalityAddress,
                chain(ctCertificate),
                password("alice", PASSWORD, false)));
    assertThat(principalOf(d)).isEqualTo(Principal.user("alice", Set.of(Role.READER)));
  }

  @Test
  void aLegacyEntityFromItsPinnedAddressOverPlaintextMayOnlyUpload() {
    AssociationGate.Decision d = gate.decide(request("OLD_XRAY", modalityAddress, null, null));
    Principal p = principalOf(d);
    assertThat(p).isEqualTo(Principal.entity("OLD_XRAY", Set.of(Role.UPLOADER)));
    Authorizer authorizer = new Authorizer();
    assertThat(authorizer.allows(p, Action.STORE, Resource.ARCHIVE)).isTrue();
    assertThat(authorizer.allows(p, Action.ECHO, Resource.ARCHIVE)).isTrue();
    assertThat(authorizer.allows(p, Action.QUERY, Resource.ARCHIVE)).isFalse();
    assertThat(authorizer.allows(p, Action.RETRIEVE, Resource.ARCHIVE)).isFalse();
    assertThat(heard.get(0).tls()).isFalse();
    assertThat(heard.get(0).reason()).contains("pinned address");

    assertThat(
            principalOf(
                gate.decide(
                    request(
                        "OLD_XRAY", modalityAddress, null, password("alice", PASSWORD, false)))))
        .as("a user identity over plaintext is not looked at")
        .isEqualTo(Principal.entity("OLD_XRAY", Set.of(Role.UPLOADER)));
  }

  @Test
  void aLegacyEntityFromAnotherAddressIsRejected() throws Exception {
    assertThat(gate.decide(request("OLD_XRAY", InetAddress.getByName("10.1.2.4"), null, null)))
        .isEqualTo(NO_REASON);
    assertThat(gate.decide(request("OLD_XRAY", InetAddress.getByName("10.1.2.4"), List.of(), null)))
        .isEqualTo(NO_REASON);
    assertThat(heard.get(0).reason()).contains("10.1.2.4").contains("10.1.2.3");
  }

  @Test
  void overPlaintextOnlyLegacyEntitiesGetIn() {
    assertThat(
            gate.decide(
                request("WS_17", modalityAddress, null, password("alice", PASSWORD, false))))
        .as("unregistered, even with a valid identity")
        .isEqualTo(CALLING_AE_NOT_RECOGNIZED);
    assertThat(
            gate.decide(
                request("VIEWER", modalityAddress, null, password("alice", PASSWORD, false))))
        .as("registered, but not legacy")
        .isEqualTo(NO_REASON);
    assertThat(heard).extracting(DicomAuthenticator.Outcome::accepted).containsOnly(false);
  }

  @Test
  void identitiesOtherThanPasscodesAreRefusedByDefault() {
    UserInformation.UserIdentityRq usernameOnly =
        new UserInformation.UserIdentityRq(
            UserInformation.UserIdentityRq.USERNAME,
            false,
            "alice".getBytes(StandardCharsets.UTF_8),
            new byte[0]);
    UserInformation.UserIdentityRq jwt =
        new UserInformation.UserIdentityRq(
            UserInformation.UserIdentityRq.JWT,
            false,
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.".getBytes(StandardCharsets.US_ASCII),
            new byte[0]);
    assertThat(gate.decide(request("WS_17", modalityAddress, List.of(), usernameOnly)))
        .isEqualTo(NO_REASON);
    assertThat(gate.decide(request("WS_17", modalityAddress, List.of(), jwt))).isEqualTo(NO_REASON);
  }

  @Test
  void aRemovedEntityOrUserIsRefusedAtOnce() throws Exception {
    entities.remove("CT_ROOM_2");
    assertThat(gate.decide(request("CT_ROOM_2", modalityAddress, chain(ctCertificate), null)))
        .isEqualTo(CALLING_AE_NOT_RECOGNIZED);
    users.remove("alice");
    assertThat(
            gate.decide(
                request("WS_17", modalityAddress, List.of(), password("alice", PASSWORD, false))))
        .isEqualTo(NO_REASON);
  }
}
