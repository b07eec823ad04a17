package ward.archive.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;

class UsersTest {

  static final char[] ALICE_PASSWORD = "correct horse battery staple".toCharArray();
  static final char[] WRONG = "incorrect horse battery".toCharArray();

  @TempDir static Path dir;
  static Database db;
  TestClock clock = new TestClock();
  Users users;
  InetAddress here;
  InetAddress elsewhere;

  /** Cheap hashes: these tests count logins; {@link PasswordHasherTest} proves the real cost. */
  static final PasswordHasher FAST =
      PasswordHasher.belowFloorForTests(new PasswordHasher.Parameters(256, 1, 1));

  @BeforeEach
  void open() throws Exception {
    TestDatabase.clear(db);
    users = new Users(db.dataSource(), FAST, Lockout.DEFAULT, clock);
    here = InetAddress.getByName("192.0.2.10");
    elsewhere = InetAddress.getByName("198.51.100.7");
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
  void addsListsChangesAndRemovesUsers() throws Exception {
    users.add("alice", Set.of(Role.READER, Role.ADMINISTRATOR), ALICE_PASSWORD, Set.of());
    users.add(
        "p.doe@example.test",
        Set.of(Role.PATIENT),
        "a long patient password".toCharArray(),
        Set.of("PID-1001", "PID-1002"));

    assertThat(users.list())
        .extracting(UserAccount::name)
        .containsExactly("alice", "p.doe@example.test");
    UserAccount patient = users.find("p.doe@example.test").orElseThrow();
    assertThat(patient.roles()).containsExactly(Role.PATIENT);
    assertThat(patient.patientIds()).containsExactlyInAnyOrder("PID-1001", "PID-1002");
    assertThat(patient.createdAt()).isEqualTo(clock.instant());
    assertThat(patient.lockedUntil()).isNull();

    users.setRoles("p.doe@example.test", Set.of(Role.PATIENT, Role.UPLOADER), Set.of("PID-7"));
    Principal p = users.principal("p.doe@example.test").orElseThrow();
    assertThat(p.roles()).containsExactlyInAnyOrder(Role.PATIENT, Role.UPLOADER);
    assertThat(p.patientIds()).containsExactly("PID-7");
    assertThat(p.kind()).isEqualTo(Principal.Kind.USER);

    assertThat(users.remove("p.doe@example.test")).isTrue();
    assertThat(users.remove("p.doe@example.test")).isFalse();
    assertThat(users.find("p.doe@example.test")).isEmpty();
  }

  @Test
  void refusesInvalidNamesWeakPasswordsAndDuplicates() throws Exception {
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    List<Callable<?>> bad =
        List.of(
            () -> users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of()),
            () -> users.add("bad name", Set.of(Role.READER), ALICE_PASSWORD, Set.of()),
            () -> users.add("../etc", Set.of(Role.READER), ALICE_PASSWORD, Set.of()),
            () -> users.add("x".repeat(65), Set.of(Role.READER), ALICE_PASSWORD, Set.of()),
            () -> users.add("", Set.of(Role.READER), ALICE_PASSWORD, Set.of()),
            () -> users.add("bob", Set.of(Role.READER), "elevenchars".toCharArray(), Set.of()),
            () ->
                users.add(
                    "bob.the.builder",
                    Set.of(Role.READER),
                    "Bob.The.Builder".toCharArray(),
                    Set.of()),
            () -> users.add("bob", Set.of(), ALICE_PASSWORD, Set.of()),
            () -> users.add("bob", Set.of(Role.READER), ALICE_PASSWORD, Set.of("PID-1")),
            () -> users.add("bob", Set.of(Role.PATIENT), ALICE_PASSWORD, Set.of("A\\B")),
            () -> users.add("bob", Set.of(Role.READER), "x".repeat(1025).toCharArray(), Set.of()),
            () -> {
              users.setPassword("alice", "short".toCharArray());
              return null;
            },
            () -> {
              users.setPassword("nobody", ALICE_PASSWORD);
              return null;
            });
    for (Callable<?> c : bad) {
      assertThatThrownBy(c::call).isInstanceOf(IdentityException.class);
    }
    assertThat(users.list()).extracting(UserAccount::name).containsExactly("alice");
    // twelve characters is enough, and a name in a longer password is fine
    users.add("bob", Set.of(Role.READER), "twelve chars".toCharArray(), Set.of());
    users.add("carol", Set.of(Role.READER), "carol's own long password".toCharArray(), Set.of());
  }

  @Test
  void rightPasswordSignsInWithTheCurrentRoles() throws Exception {
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    Login login = users.authenticate("alice", ALICE_PASSWORD, here);
    assertThat(login).isInstanceOf(Login.Accepted.class);
    assertThat(((Login.Accepted) login).principal())
        .isEqualTo(Principal.user("alice", Set.of(Role.READER)));
    assertThat(ALICE_PASSWORD).isEqualTo("correct horse battery staple".toCharArray());
  }

  @Test
  void wrongPasswordAndUnknownUserAreRefusedWithTheirReasons() throws Exception {
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    assertThat(users.authenticate("alice", WRONG, here))
        .isEqualTo(new Login.Refused(Login.Reason.WRONG_PASSWORD));
    assertThat(users.authenticate("mallory", ALICE_PASSWORD, here))
        .isEqualTo(new Login.Refused(Login.Reason.UNKNOWN_USER));
    assertThat(users.authenticate("not a name!", ALICE_PASSWORD, here))
        .isEqualTo(new Login.Refused(Login.Reason.UNKNOWN_USER));
    assertThat(users.authenticate("Alice", ALICE_PASSWORD, null))
        .isEqualTo(new Login.Refused(Login.Reason.UNKNOWN_USER));
  }

  @Test
  void fiveFailuresLockTheAccountEvenForTheRightPasswordUntilTheLockEnds() throws Exception {
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    for (int i = 0; i < 5; i++) {
      assertThat(users.authenticate("alice", WRONG, here))
          .isEqualTo(new Login.Refused(Login.Reason.WRONG_PASSWORD));
      clock.advance(Duration.ofSeconds(10));
    }
    assertThat(users.authenticate("alice", ALICE_PASSWORD, elsewhere))
        .isEqualTo(new Login.Refused(Login.Reason.ACCOUNT_LOCKED));
    assertThat(users.find("alice").orElseThrow().lockedUntil())
        .isEqualTo(clock.instant().minusSeconds(10).plus(Duration.ofMinutes(15)));

    clock.advance(Duration.ofMinutes(14)); // attempts during the lock do not extend it
    assertThat(users.authenticate("alice", ALICE_PASSWORD, elsewhere))
        .isEqualTo(new Login.Refused(Login.Reason.ACCOUNT_LOCKED));
    clock.advance(Duration.ofMinutes(1));
    assertThat(users.authenticate("alice", ALICE_PASSWORD, elsewhere))
        .isInstanceOf(Login.Accepted.class);
    assertThat(users.find("alice").orElseThrow().lockedUntil()).isNull();
  }

  @Test
  void aSuccessStartsTheAccountCountAgain() throws Exception {
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 4; i++) {
        assertThat(users.authenticate("alice", WRONG, here)).isInstanceOf(Login.Refused.class);
      }
      assertThat(users.authenticate("alice", ALICE_PASSWORD, here))
          .isInstanceOf(Login.Accepted.class);
    }
  }

  @Test
  void anAdministratorCanEndALock() throws Exception {
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    for (int i = 0; i < 5; i++) {
      users.authenticate("alice", WRONG, here);
    }
    assertThat(users.find("alice").orElseThrow().lockedUntil()).isNotNull();
    users.unlock("alice");
    assertThat(users.authenticate("alice", ALICE_PASSWORD, here))
        .isInstanceOf(Login.Accepted.class);
  }

  @Test
  void failuresFromOneAddressAcrossAccountsLockTheAddress() throws Exception {
    users = new Users(db.dataSource(), FAST, new Lockout(5, 3, Duration.ofMinutes(15)), clock);
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    users.add("bob", Set.of(Role.READER), "bob's long password".toCharArray(), Set.of());
    assertThat(users.authenticate("alice", WRONG, here)).isInstanceOf(Login.Refused.class);
    assertThat(users.authenticate("bob", WRONG, here)).isInstanceOf(Login.Refused.class);
    assertThat(users.authenticate("carol", WRONG, here)).isInstanceOf(Login.Refused.class);

    assertThat(users.authenticate("alice", ALICE_PASSWORD, here))
        .isEqualTo(new Login.Refused(Login.Reason.ADDRESS_LOCKED));
    assertThat(users.authenticate("alice", ALICE_PASSWORD, elsewhere))
        .isInstanceOf(Login.Accepted.class);

    clock.advance(Duration.ofMinutes(15));
    assertThat(users.authenticate("alice", ALICE_PASSWORD, here))
        .isInstanceOf(Login.Accepted.class);
  }

  @Test
  void aSuccessTakesBackOnlyItsOwnAttemptFromTheAddressCount() throws Exception {
    users = new Users(db.dataSource(), FAST, new Lockout(5, 3, Duration.ofMinutes(15)), clock);
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    users.authenticate("mallory", WRONG, here);
    users.authenticate("trent", WRONG, here);
    assertThat(users.authenticate("alice", ALICE_PASSWORD, here))
        .isInstanceOf(Login.Accepted.class);
    users.authenticate("oscar", WRONG, here);
    assertThat(users.authenticate("alice", ALICE_PASSWORD, here))
        .isEqualTo(new Login.Refused(Login.Reason.ADDRESS_LOCKED));
  }

  @Test
  void ipv6AddressesCountByTheirSlash64() throws Exception {
    assertThat(LoginThrottle.addressKey(InetAddress.getByName("2001:db8:1:2::1")))
        .isEqualTo(LoginThrottle.addressKey(InetAddress.getByName("2001:db8:1:2:ffff::9")))
        .isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(LoginThrottle.addressKey(InetAddress.getByName("2001:db8:1:3::1")))
        .isNotEqualTo(LoginThrottle.addressKey(InetAddress.getByName("2001:db8:1:2::1")));
    assertThat(LoginThrottle.addressKey(InetAddress.getByName("::ffff:192.0.2.10")))
        .isEqualTo("192.0.2.10");
  }

  @Test
  void parallelRightPasswordsFromOneAddressAreNeverTakenForALock() throws Exception {
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    int logins = 8;
    ExecutorService pool = Executors.newFixedThreadPool(logins);
    try {
      // each round from an address not seen before, so every login races to create its row
      for (int round = 1; round <= 25; round++) {
        InetAddress from = InetAddress.getByName("203.0.114." + round);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Login>> results = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return users.authenticate("alice", ALICE_PASSWORD, from);
                  }));
        }
        start.countDown();
        for (Future<Login> f : results) {
          assertThat(f.get()).as("round " + round).isInstanceOf(Login.Accepted.class);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void parallelGuessesCannotGetPastTheLimit() throws Exception {
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    int guesses = 10;
    ExecutorService pool = Executors.newFixedThreadPool(guesses);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Login>> results = new ArrayList<>();
      for (int i = 0; i < guesses; i++) {
        InetAddress from = InetAddress.getByName("203.0.113." + (i + 1));
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return users.authenticate("alice", WRONG, from);
                }));
      }
      start.countDown();
      List<Login> outcomes = new ArrayList<>();
      for (Future<Login> f : results) {
        outcomes.add(f.get());
      }
      assertThat(outcomes)
          .filteredOn(new Login.Refused(Login.Reason.WRONG_PASSWORD)::equals)
          .hasSize(5);
      assertThat(outcomes)
          .filteredOn(new Login.Refused(Login.Reason.ACCOUNT_LOCKED)::equals)
          .hasSize(5);
    } finally {
      pool.shutdownNow();
    }
    assertThat(users.authenticate("alice", ALICE_PASSWORD, here))
        .isEqualTo(new Login.Refused(Login.Reason.ACCOUNT_LOCKED));
  }

  /**
   * An unknown name costs an Argon2id verification too: its refusal takes about as much work as a
   * wrong password for a real user. Work is this thread's CPU time, and each side's cheapest of
   * several tries is compared, so other load on the machine (which only adds time) cannot decide
   * the outcome; without the dummy verification the unknown name would cost a small fraction.
   */
  @Test
  void unknownUsersCostAsMuchAsKnownOnes() throws Exception {
    users =
        new Users(
            db.dataSource(),
            new PasswordHasher(),
            new Lockout(100, 100, Duration.ofMinutes(15)),
            clock);
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    users.authenticate("alice", WRONG, null); // warm up
    users.authenticate("nobody", WRONG, null);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long known = Long.MAX_VALUE;
    long unknown = Long.MAX_VALUE;
    for (int i = 0; i < 7; i++) {
      long t0 = threads.getCurrentThreadCpuTime();
      users.authenticate("alice", WRONG, null);
      long t1 = threads.getCurrentThreadCpuTime();
      users.authenticate("nobody-" + i, WRONG, null);
      long t2 = threads.getCurrentThreadCpuTime();
      known = Math.min(known, t1 - t0);
      unknown = Math.min(unknown, t2 - t1);
    }
    assertThat(unknown).isGreaterThan(known / 2);
    assertThat(unknown).isLessThan(known * 2);
  }

  @Test
  void theLastAdministratorCannotBeRemovedOrDemoted() throws Exception {
    users.add("root.admin", Set.of(Role.ADMINISTRATOR), ALICE_PASSWORD, Set.of());
    assertThatThrownBy(() -> users.remove("root.admin")).isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> users.setRoles("root.admin", Set.of(Role.READER), Set.of()))
        .isInstanceOf(IdentityException.class);
    assertThat(users.hasAdministrator()).isTrue();

    users.add("second.admin", Set.of(Role.ADMINISTRATOR), ALICE_PASSWORD, Set.of());
    assertThat(users.remove("root.admin")).isTrue();
    assertThat(users.hasAdministrator()).isTrue();
  }

  @Test
  void setPasswordReplacesTheOldOneAndEndsALock() throws Exception {
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    for (int i = 0; i < 5; i++) {
      users.authenticate("alice", WRONG, here);
    }
    char[] fresh = "a fresh and long password".toCharArray();
    users.setPassword("alice", fresh);
    assertThat(users.authenticate("alice", ALICE_PASSWORD, elsewhere))
        .isEqualTo(new Login.Refused(Login.Reason.WRONG_PASSWORD));
    assertThat(users.authenticate("alice", fresh, elsewhere)).isInstanceOf(Login.Accepted.class);
  }

  @Test
  void aHashMadeWithWeakerParametersIsRenewedAtTheNextLogin() throws Exception {
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    assertThat(storedHash("alice")).startsWith("$argon2id$v=19$m=256,t=1,p=1$");
    Users stronger = new Users(db.dataSource(), new PasswordHasher(), Lockout.DEFAULT, clock);
    assertThat(stronger.authenticate("alice", ALICE_PASSWORD, here))
        .isInstanceOf(Login.Accepted.class);
    assertThat(storedHash("alice")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(users.authenticate("alice", ALICE_PASSWORD, here))
        .isInstanceOf(Login.Accepted.class);
  }

  @Test
  void passwordsAreStoredOnlyAsArgon2idHashes() throws Exception {
    users.add("alice", Set.of(Role.READER), ALICE_PASSWORD, Set.of());
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM users")) {
      while (r.next()) {
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
          assertThat(String.valueOf(r.getObject(i))).doesNotContain("horse");
        }
      }
    }
  }

  private String storedHash(String name) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT password_hash FROM users WHERE name = '" + name + "'")) {
      r.next();
      return r.getString(1);
    }
  }
}
