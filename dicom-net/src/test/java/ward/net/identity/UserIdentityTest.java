package ward.net.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import ward.net.pdu.UserInformation.UserIdentityRq;

/** Parsing the user identity sub-item (PS3.7 D.3.3.7.1) into typed identities. */
class UserIdentityTest {

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static UserIdentityRq rq(int type, byte[] primary, byte[] secondary) {
    return new UserIdentityRq(type, false, primary, secondary);
  }

  @Test
  void parsesEveryType() throws Exception {
    assertThat(UserIdentity.parse(rq(1, utf8("jürgen"), new byte[0])))
        .isEqualTo(new UserIdentity.Username("jürgen"));
    UserIdentity up = UserIdentity.parse(rq(2, utf8("alice"), utf8("pässwörd")));
    assertThat(up).isInstanceOf(UserIdentity.UsernameAndPasscode.class);
    UserIdentity.UsernameAndPasscode u = (UserIdentity.UsernameAndPasscode) up;
    assertThat(u.name()).isEqualTo("alice");
    assertThat(u.passcode().matches(utf8("pässwörd"))).isTrue();
    assertThat(u.passcode().matches(utf8("passwort"))).isFalse();
    assertThat(new String(u.passcode().toChars())).isEqualTo("pässwörd");
    assertThat(UserIdentity.parse(rq(3, new byte[] {1, 2, 3}, new byte[0])))
        .isEqualTo(new UserIdentity.KerberosTicket(new byte[] {1, 2, 3}));
    assertThat(UserIdentity.parse(rq(4, utf8("<saml/>"), new byte[0])))
        .isEqualTo(new UserIdentity.SamlAssertion(utf8("<saml/>")));
    assertThat(UserIdentity.parse(rq(5, utf8("a.b.c"), new byte[0])))
        .isEqualTo(new UserIdentity.JsonWebToken("a.b.c"));
    assertThat(UserIdentity.parse(rq(2, utf8("alice"), new byte[0])))
        .satisfies(
            i -> assertThat(((UserIdentity.UsernameAndPasscode) i).passcode().isEmpty()).isTrue());
  }

  @Test
  void refusesWhatTheStandardDoesNotAllow() {
    assertThatThrownBy(() -> UserIdentity.parse(rq(6, utf8("x"), new byte[0])))
        .isInstanceOf(IdentityFormatException.class)
        .hasMessageContaining("unknown user identity type 6");
    assertThatThrownBy(() -> UserIdentity.parse(rq(0, utf8("x"), new byte[0])))
        .hasMessageContaining("unknown");
    assertThatThrownBy(() -> UserIdentity.parse(rq(1, utf8("alice"), utf8("pw"))))
        .hasMessageContaining("secondary field");
    assertThatThrownBy(() -> UserIdentity.parse(rq(5, utf8("a.b.c"), utf8("x"))))
        .hasMessageContaining("secondary field");
    assertThatThrownBy(() -> UserIdentity.parse(rq(2, new byte[0], utf8("pw"))))
        .hasMessageContaining("empty");
    assertThatThrownBy(
            () -> UserIdentity.parse(rq(1, new byte[] {'a', (byte) 0xC3, 'b'}, new byte[0])))
        .hasMessageContaining("user name is not valid UTF-8");
    assertThatThrownBy(() -> UserIdentity.parse(rq(2, utf8("alice"), new byte[] {(byte) 0xFF})))
        .hasMessageContaining("passcode is not valid UTF-8");
    assertThatThrownBy(() -> UserIdentity.parse(rq(1, utf8("alice\nINFO admin"), new byte[0])))
        .hasMessageContaining("control character");
  }

  @Test
  void neverPrintsSecrets() throws Exception {
    UserIdentity up = UserIdentity.parse(rq(2, utf8("alice"), utf8("hunter2-secret")));
    assertThat(up.toString()).contains("alice").doesNotContain("hunter2");
    assertThat(((UserIdentity.UsernameAndPasscode) up).passcode().toString())
        .doesNotContain("hunter2");
    assertThat(UserIdentity.parse(rq(3, utf8("TICKET-SECRET"), new byte[0])).toString())
        .doesNotContain("TICKET");
    assertThat(UserIdentity.parse(rq(4, utf8("ASSERTION-SECRET"), new byte[0])).toString())
        .doesNotContain("ASSERTION");
    assertThat(new UserIdentityRq(2, true, utf8("alice"), utf8("hunter2-secret")).toString())
        .doesNotContain("hunter2");
  }
}
