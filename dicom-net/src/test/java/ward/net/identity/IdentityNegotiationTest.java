package ward.net.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ward.net.Negotiation;
import ward.net.pdu.Pdu;
import ward.net.pdu.UserInformation.UserIdentityRq;

/** The acceptor's decision and answer for each kind of user identity. */
class IdentityNegotiationTest {

  static final Requestor PEER =
      new Requestor(
          java.net.InetAddress.getLoopbackAddress(), "MODALITY", "WARD", Optional.empty());

  /** A user table: alice / correct horse. */
  static final IdentityVerifier TABLE =
      (identity, requestor) -> {
        if (identity instanceof UserIdentity.UsernameAndPasscode u
            && u.name().equals("alice")
            && u.passcode().matches("correct horse".getBytes(StandardCharsets.UTF_8))) {
          return Verdict.authenticated(new AuthenticatedUser("alice", identity.kind(), "local"));
        }
        return Verdict.refused("unknown user or wrong passcode");
      };

  static Pdu.AssociateRq request(UserIdentityRq identity) {
    return Negotiation.request(
        "WARD",
        "MODALITY",
        List.of(Map.entry("1.2.840.10008.1.1", List.of("1.2.840.10008.1.2"))),
        16384,
        identity);
  }

  static UserIdentityRq passcode(String user, String pw, boolean response) {
    return new UserIdentityRq(
        2, response, user.getBytes(StandardCharsets.UTF_8), pw.getBytes(StandardCharsets.UTF_8));
  }

  static IdentityVerifiers verifiers() {
    return IdentityVerifiers.builder().passcodes(TABLE).build();
  }

  @Test
  void acceptsTheRightPasscodeAndAnswersOnlyWhenAsked() {
    IdentityNegotiation.Outcome asked =
        IdentityNegotiation.negotiate(
            request(passcode("alice", "correct horse", true)), PEER, verifiers());
    assertThat(asked).isInstanceOf(IdentityNegotiation.Accepted.class);
    IdentityNegotiation.Accepted a = (IdentityNegotiation.Accepted) asked;
    assertThat(a.user())
        .isEqualTo(
            new AuthenticatedUser("alice", UserIdentity.Kind.USERNAME_AND_PASSCODE, "local"));
    // PS3.7 D.3.3.7.2: zero length for types 1 and 2
    assertThat(a.response()).isNotNull();
    assertThat(a.response().serverResponse()).isEmpty();

    IdentityNegotiation.Outcome notAsked =
        IdentityNegotiation.negotiate(
            request(passcode("alice", "correct horse", false)), PEER, verifiers());
    assertThat(((IdentityNegotiation.Accepted) notAsked).response()).isNull();
  }

  @Test
  void rejectsWrongPasscodeUnknownUserAndNoIdentityAlike() {
    for (Pdu.AssociateRq rq :
        List.of(
            request(passcode("alice", "Correct horse", true)),
            request(passcode("mallory", "correct horse", false)),
            request(null))) {
      IdentityNegotiation.Outcome o = IdentityNegotiation.negotiate(rq, PEER, verifiers());
      assertThat(o).isInstanceOf(IdentityNegotiation.Rejected.class);
      Pdu.AssociateRj rj = ((IdentityNegotiation.Rejected) o).reject();
      assertThat(rj.result()).isEqualTo(Pdu.AssociateRj.RESULT_PERMANENT);
      assertThat(rj.source()).isEqualTo(Pdu.AssociateRj.SOURCE_SERVICE_USER);
      assertThat(rj.reason()).isEqualTo(Pdu.AssociateRj.NO_REASON);
    }
    IdentityNegotiation.Outcome none =
        IdentityNegotiation.negotiate(request(null), PEER, verifiers());
    assertThat(((IdentityNegotiation.Rejected) none).reason()).contains("no user identity");
  }

  @Test
  void refusesKerberosSamlJwtAndBareNamesWithoutAVerifier() {
    record Case(int type, String reason) {}
    for (Case c :
        List.of(
            new Case(1, "user names alone are not accepted"),
            new Case(3, "no Kerberos verifier is configured"),
            new Case(4, "no SAML verifier is configured"),
            new Case(5, "no JWT verifier is configured"))) {
      IdentityNegotiation.Outcome o =
          IdentityNegotiation.negotiate(
              request(new UserIdentityRq(c.type(), true, new byte[] {'x'}, new byte[0])),
              PEER,
              verifiers());
      assertThat(((IdentityNegotiation.Rejected) o).reason()).contains(c.reason());
    }
  }

  @Test
  void returnsThePluggedKerberosServerTicket() {
    byte[] serverTicket = {9, 8, 7};
    IdentityVerifiers v =
        IdentityVerifiers.builder()
            .kerberos(
                (identity, requestor) ->
                    new Verdict.Authenticated(
                        new AuthenticatedUser("bob@EXAMPLE.TEST", identity.kind(), "EXAMPLE.TEST"),
                        serverTicket))
            .build();
    IdentityNegotiation.Outcome o =
        IdentityNegotiation.negotiate(
            request(new UserIdentityRq(3, true, new byte[] {1, 2}, new byte[0])), PEER, v);
    assertThat(((IdentityNegotiation.Accepted) o).response().serverResponse())
        .containsExactly(9, 8, 7);
  }

  @Test
  void aBrokenVerifierRefusesWithoutLeakingItsInput() {
    IdentityVerifiers v =
        IdentityVerifiers.builder()
            .passcodes(
                (identity, requestor) -> {
                  throw new IllegalStateException("db down while checking " + identity);
                })
            .build();
    IdentityNegotiation.Outcome o =
        IdentityNegotiation.negotiate(request(passcode("alice", "pw-secret", false)), PEER, v);
    assertThat(((IdentityNegotiation.Rejected) o).reason())
        .contains("IllegalStateException")
        .doesNotContain("pw-secret");
  }

  @Test
  void malformedIdentityIsRejected() {
    IdentityNegotiation.Outcome o =
        IdentityNegotiation.negotiate(
            request(new UserIdentityRq(9, false, new byte[] {1}, new byte[0])), PEER, verifiers());
    assertThat(((IdentityNegotiation.Rejected) o).reason()).contains("malformed user identity");
  }
}
