package ward.archive.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;

class TokensTest {

  @TempDir static Path dir;
  static Database db;
  TestClock clock = new TestClock();
  Users users;
  Tokens tokens;

  @BeforeEach
  void open() throws Exception {
    TestDatabase.clear(db);
    users = new Users(db.dataSource(), UsersTest.FAST, Lockout.DEFAULT, clock);
    tokens = new Tokens(db.dataSource(), users, clock);
    users.add("alice", Set.of(Role.READER), UsersTest.ALICE_PASSWORD, Set.of());
    users.add("bob", Set.of(Role.UPLOADER), "bob's long password".toCharArray(), Set.of());
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
  void anIssuedTokenResolvesToItsUserWithTheCurrentRoles() throws Exception {
    String token = tokens.issue("alice", Tokens.Kind.API, Duration.ofDays(30));
    assertThat(tokens.resolve(token)).contains(Principal.user("alice", Set.of(Role.READER)));

    users.setRoles("alice", Set.of(Role.READER, Role.AUDITOR), Set.of());
    assertThat(tokens.resolve(token).orElseThrow().roles())
        .containsExactlyInAnyOrder(Role.READER, Role.AUDITOR);
  }

  @Test
  void tokensAre256RandomBitsInBase64url() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      String t = tokens.issue("alice", Tokens.Kind.WEB_SESSION, Duration.ofHours(8));
      assertThat(t).matches("[A-Za-z0-9_-]{43}");
      assertThat(java.util.Base64.getUrlDecoder().decode(t)).hasSize(32);
      seen.add(t);
    }
    assertThat(seen).hasSize(20);
  }

  @Test
  void onlyTheTokensHashIsStored() throws Exception {
    String token = tokens.issue("alice", Tokens.Kind.API, Duration.ofDays(1));
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM tokens")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString("token_sha256")).isEqualTo(Tokens.sha256(token)).hasSize(64);
      for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
        assertThat(String.valueOf(r.getObject(i))).doesNotContain(token);
      }
    }
  }

  @Test
  void aRevokedTokenIsRefused() throws Exception {
    String token = tokens.issue("alice", Tokens.Kind.API, Duration.ofDays(1));
    String other = tokens.issue("alice", Tokens.Kind.API, Duration.ofDays(1));
    assertThat(tokens.revoke(token)).isTrue();
    assertThat(tokens.revoke(token)).isFalse();
    assertThat(tokens.resolve(token)).isEmpty();
    assertThat(tokens.resolve(other)).isPresent();
    assertThat(tokens.revokeAll("alice")).isEqualTo(1);
    assertThat(tokens.resolve(other)).isEmpty();
  }

  @Test
  void anExpiredTokenIsRefusedAndPurged() throws Exception {
    String session = tokens.issue("alice", Tokens.Kind.WEB_SESSION, Duration.ofHours(8));
    String api = tokens.issue("bob", Tokens.Kind.API, Duration.ofDays(90));
    clock.advance(Duration.ofHours(8).minusSeconds(1));
    assertThat(tokens.resolve(session)).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.resolve(session)).isEmpty();
    assertThat(tokens.resolve(api)).isPresent();
    assertThat(tokens.purgeExpired()).isEqualTo(1);
    assertThat(tokens.resolve(api)).isPresent();
  }

  @Test
  void aRemovedUsersTokensStopWorking() throws Exception {
    String token = tokens.issue("bob", Tokens.Kind.API, Duration.ofDays(30));
    assertThat(users.remove("bob")).isTrue();
    assertThat(tokens.resolve(token)).isEmpty();
    users.add("bob", Set.of(Role.ADMINISTRATOR), "a new bob's password".toCharArray(), Set.of());
    assertThat(tokens.resolve(token)).as("a new user of the same name").isEmpty();
  }

  @Test
  void aTokenResolvesOnlyAsItsKindWhenAKindIsAsked() throws Exception {
    String api = tokens.issue("alice", Tokens.Kind.API, Duration.ofDays(1));
    assertThat(tokens.resolve(api, Tokens.Kind.WEB_SESSION)).isEmpty();
    assertThat(tokens.resolve(api, Tokens.Kind.API)).isPresent();
  }

  @Test
  void malformedTokensResolveToNothing() throws Exception {
    String token = tokens.issue("alice", Tokens.Kind.API, Duration.ofDays(1));
    for (String t :
        new String[] {
          null, "", token + "A", token.substring(1), token.replace(token.charAt(0), '+'), "' OR 1=1"
        }) {
      assertThat(tokens.resolve(t)).as(String.valueOf(t)).isEmpty();
      assertThat(tokens.revoke(t)).isFalse();
    }
  }

  @Test
  void issuingRefusesUnknownUsersAndEndlessLifetimes() {
    assertThatThrownBy(() -> tokens.issue("nobody", Tokens.Kind.API, Duration.ofDays(1)))
        .isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> tokens.issue("alice", Tokens.Kind.API, Duration.ofDays(367)))
        .isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> tokens.issue("alice", Tokens.Kind.API, Duration.ZERO))
        .isInstanceOf(IdentityException.class);
  }
}
