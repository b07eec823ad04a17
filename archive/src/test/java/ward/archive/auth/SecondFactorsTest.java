package ward.archive.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;
import ward.net.identity.Passcode;
import ward.net.identity.Requestor;
import ward.net.identity.UserIdentity;
import ward.net.identity.Verdict;

class SecondFactorsTest {
  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  @TempDir static Path dir;
  static Database db;
  TestClock clock = new TestClock();
  Users users;
  SecondFactors factors;
  InetAddress here;

  @BeforeAll
  static void openDatabase() throws Exception {
    db = Database.embedded(dir);
  }

  @AfterAll
  static void closeDatabase() {
    db.close();
  }

  @BeforeEach
  void open() throws Exception {
    TestDatabase.clear(db);
    users = new Users(db.dataSource(), UsersTest.FAST, Lockout.DEFAULT, clock);
    factors = users.secondFactors();
    users.add("ines", Set.of(Role.READER), PASSWORD, Set.of());
    here = InetAddress.getByName("192.0.2.10");
  }

  private String code() {
    return Totp.code(secret, clock.instant());
  }

  private String secret;

  private String enrol() throws Exception {
    secret = factors.begin("ines");
    assertThat(factors.state("ines")).isEqualTo(SecondFactors.State.PENDING);
    assertThat(factors.confirm("ines", code())).isTrue();
    assertThat(factors.state("ines")).isEqualTo(SecondFactors.State.ACTIVE);
    clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
    return secret;
  }

  @Test
  void aPendingSecretChangesNothingUntilConfirmed() throws Exception {
    secret = factors.begin("ines");
    assertThat(users.authenticate("ines", PASSWORD, here)).isInstanceOf(Login.Accepted.class);
    assertThat(factors.confirm("ines", "000000".equals(code()) ? "111111" : "000000")).isFalse();
    assertThat(factors.state("ines")).isEqualTo(SecondFactors.State.PENDING);
  }

  @Test
  void anActiveSecondFactorIsNeededAtLoginAndEachCodeWorksOnce() throws Exception {
    enrol();
    assertThat(users.authenticate("ines", PASSWORD, here))
        .isEqualTo(new Login.Refused(Login.Reason.WRONG_CODE));
    String now = code();
    assertThat(users.authenticate("ines", PASSWORD, now, here)).isInstanceOf(Login.Accepted.class);
    assertThat(users.authenticate("ines", PASSWORD, now, here))
        .as("the same code again")
        .isEqualTo(new Login.Refused(Login.Reason.WRONG_CODE));
    // A code of the step before this one is late but still taken... unless a newer one was.
    String previous = Totp.code(secret, clock.instant().minusSeconds(Totp.STEP_SECONDS));
    assertThat(users.authenticate("ines", PASSWORD, previous, here))
        .isEqualTo(new Login.Refused(Login.Reason.WRONG_CODE));
    clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
    assertThat(users.authenticate("ines", "wrong password!!".toCharArray(), code(), here))
        .isEqualTo(new Login.Refused(Login.Reason.WRONG_PASSWORD));
  }

  @Test
  void wrongCodesLockTheAccountLikeWrongPasswords() throws Exception {
    enrol();
    Login last = null;
    for (int i = 0; i <= Lockout.DEFAULT.accountFailures(); i++) {
      last =
          users.authenticate("ines", PASSWORD, "000000".equals(code()) ? "111111" : "000000", here);
    }
    assertThat(last).isEqualTo(new Login.Refused(Login.Reason.ACCOUNT_LOCKED));
    assertThat(users.authenticate("ines", PASSWORD, code(), here))
        .as("the right code while locked")
        .isEqualTo(new Login.Refused(Login.Reason.ACCOUNT_LOCKED));
  }

  @Test
  void aDicomUserIdentityAppendsTheCodeToThePassword() throws Exception {
    enrol();
    Requestor from = new Requestor(here, "WS1", "WARD", Optional.empty());
    Verdict withoutCode = users.passcodeVerifier().verify(identity(new String(PASSWORD)), from);
    Verdict withCode =
        users.passcodeVerifier().verify(identity(new String(PASSWORD) + code()), from);
    assertThat(withoutCode).isInstanceOf(Verdict.Refused.class);
    assertThat(withCode).isInstanceOf(Verdict.Authenticated.class);
  }

  private static UserIdentity identity(String passcode) throws Exception {
    return new UserIdentity.UsernameAndPasscode(
        "ines", Passcode.ofUtf8(passcode.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void enrolmentIsRefusedWhileActiveAndAResetRemovesIt() throws Exception {
    enrol();
    assertThatThrownBy(() -> factors.begin("ines")).isInstanceOf(IdentityException.class);
    assertThat(factors.reset("ines")).isTrue();
    assertThat(factors.state("ines")).isEqualTo(SecondFactors.State.NONE);
    assertThat(users.authenticate("ines", PASSWORD, here)).isInstanceOf(Login.Accepted.class);
    assertThatThrownBy(() -> factors.begin("nobody")).isInstanceOf(IdentityException.class);
  }
}
