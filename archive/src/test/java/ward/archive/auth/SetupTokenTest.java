package ward.archive.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;

class SetupTokenTest {

  static final char[] PASSWORD = "the first administrator's password".toCharArray();

  @TempDir static Path dir;
  static Database db;
  TestClock clock = new TestClock();
  Users users;
  SetupToken setup;

  @BeforeEach
  void open() throws Exception {
    TestDatabase.clear(db);
    users = new Users(db.dataSource(), UsersTest.FAST, Lockout.DEFAULT, clock);
    setup = new SetupToken(db.dataSource(), users, clock);
  }

  @BeforeAll
  static void openDatabase() throws Exception {
    db = Database.embedded(dir);
  }

  @AfterAll
  static void closeDatabase() {
    db.close();
  }

  @Test
  void withoutAnAdministratorATokenCreatesTheFirstOneExactlyOnce() throws Exception {
    String token = setup.issueIfNeeded().orElseThrow();
    assertThat(token).matches("[A-Za-z0-9_-]{43}");

    Principal admin = setup.redeem(token, "dana.admin", PASSWORD);
    assertThat(admin.roles()).containsExactly(Role.ADMINISTRATOR);
    assertThat(users.authenticate("dana.admin", PASSWORD, null)).isInstanceOf(Login.Accepted.class);

    assertThatThrownBy(() -> setup.redeem(token, "eve.admin", PASSWORD))
        .isInstanceOf(IdentityException.class);
    assertThat(users.list()).extracting(UserAccount::name).containsExactly("dana.admin");
  }

  @Test
  void noTokenOnceAnAdministratorExists() throws Exception {
    String early = setup.issueIfNeeded().orElseThrow();
    users.add("dana.admin", Set.of(Role.ADMINISTRATOR), PASSWORD, Set.of());
    assertThat(setup.issueIfNeeded()).isEmpty();
    assertThatThrownBy(() -> setup.redeem(early, "eve.admin", PASSWORD))
        .isInstanceOf(IdentityException.class);
    assertThat(users.find("eve.admin")).isEmpty();
  }

  @Test
  void theTokenExpiresAfter24Hours() throws Exception {
    String token = setup.issueIfNeeded().orElseThrow();
    clock.advance(Duration.ofHours(24));
    assertThatThrownBy(() -> setup.redeem(token, "dana.admin", PASSWORD))
        .isInstanceOf(IdentityException.class);
    assertThat(users.hasAdministrator()).isFalse();
  }

  @Test
  void eachStartReplacesTheEarlierToken() throws Exception {
    String first = setup.issueIfNeeded().orElseThrow();
    String second = setup.issueIfNeeded().orElseThrow();
    assertThat(second).isNotEqualTo(first);
    assertThatThrownBy(() -> setup.redeem(first, "dana.admin", PASSWORD))
        .isInstanceOf(IdentityException.class);
    assertThat(setup.redeem(second, "dana.admin", PASSWORD).name()).isEqualTo("dana.admin");
  }

  @Test
  void aWrongTokenOrAWeakPasswordDoesNotSpendTheToken() throws Exception {
    String token = setup.issueIfNeeded().orElseThrow();
    assertThatThrownBy(
            () ->
                setup.redeem(
                    Tokens.newToken(new java.security.SecureRandom()), "dana.admin", PASSWORD))
        .isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> setup.redeem(token, "dana.admin", "short".toCharArray()))
        .isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> setup.redeem(token, "dana admin", PASSWORD))
        .isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> setup.redeem(null, "dana.admin", PASSWORD))
        .isInstanceOf(IdentityException.class);
    assertThat(setup.redeem(token, "dana.admin", PASSWORD).name()).isEqualTo("dana.admin");
  }

  @Test
  void ofConcurrentRedeemsOnlyOneWins() throws Exception {
    String token = setup.issueIfNeeded().orElseThrow();
    int contenders = 8;
    ExecutorService pool = Executors.newFixedThreadPool(contenders);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Principal>> results = new ArrayList<>();
      for (int i = 0; i < contenders; i++) {
        String name = "admin" + i;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return setup.redeem(token, name, PASSWORD);
                }));
      }
      start.countDown();
      int won = 0;
      for (Future<Principal> f : results) {
        try {
          f.get();
          won++;
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(IdentityException.class);
        }
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(users.list()).hasSize(1);
    assertThat(users.list().get(0).roles()).containsExactly(Role.ADMINISTRATOR);
  }
}
