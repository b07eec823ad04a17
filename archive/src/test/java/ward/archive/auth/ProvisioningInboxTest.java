package ward.archive.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;

class ProvisioningInboxTest {
  @TempDir Path dir;

  /** What the inbox told its listener (the archive audits it). */
  final java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Plays the running archive: processes the inbox until the request has been answered. */
  private CompletableFuture<Void> serve(ProvisioningInbox inbox, Users users) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            for (int i = 0;
                i < 100 && inbox.process(users, (ok, answer) -> heard.add(ok + ": " + answer)) == 0;
                i++) {
              Thread.sleep(50);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void aRequestFromAnotherProcessAddsTheUserWithoutThePasswordTravelling() throws Exception {
    try (Database db = Database.embedded(dir.resolve("index"))) {
      Users users = new Users(db.dataSource());
      ProvisioningInbox inbox = new ProvisioningInbox(dir);
      char[] password = "a password long enough".toCharArray();
      ProvisioningInbox.AddUser request =
          ProvisioningInbox.AddUser.of("ct1", Set.of(Role.UPLOADER), password.clone(), Set.of());
      assertThat(request.hash()).startsWith("$argon2id$").doesNotContain("long enough");
      CompletableFuture<Void> archive = serve(inbox, users);
      String answer = new ProvisioningInbox(dir).submit(request, Duration.ofSeconds(20));
      archive.join();
      assertThat(answer).contains("added user ct1");
      assertThat(heard).containsExactly("true: added user ct1 with roles [UPLOADER]");
      assertThat(
              users.authenticate("ct1", password, InetAddress.getLoopbackAddress())
                  instanceof Login.Accepted)
          .isTrue();
      try (var left = Files.list(dir.resolve("provision"))) {
        assertThat(left).isEmpty();
      }
    }
  }

  @Test
  void aWeakOrForgedHashIsRefusedAndSaysWhy() throws Exception {
    try (Database db = Database.embedded(dir.resolve("index"))) {
      Users users = new Users(db.dataSource());
      ProvisioningInbox inbox = new ProvisioningInbox(dir);
      ProvisioningInbox.AddUser forged =
          new ProvisioningInbox.AddUser(
              "evil",
              Set.of(Role.ADMINISTRATOR),
              Set.of(),
              "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA");
      CompletableFuture<Void> archive = serve(inbox, users);
      assertThatThrownBy(() -> inbox.submit(forged, Duration.ofSeconds(20)))
          .isInstanceOf(IdentityException.class)
          .hasMessageContaining("Argon2id");
      archive.join();
      assertThat(users.find("evil")).isEmpty();
      assertThatThrownBy(
              () ->
                  ProvisioningInbox.AddUser.of(
                      "ct2", Set.of(Role.UPLOADER), "short".toCharArray(), Set.of()))
          .isInstanceOf(IdentityException.class);
    }
  }
}
