package ward.archive.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.db.Database;

class ApplicationEntitiesTest {

  static final String FINGERPRINT = "ab".repeat(32);

  @TempDir static Path dir;
  static Database db;
  ApplicationEntities entities;

  @BeforeEach
  void open() throws Exception {
    TestDatabase.clear(db);
    entities = new ApplicationEntities(db.dataSource(), new TestClock());
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
  void registersFindsListsReplacesAndRemovesEntities() throws Exception {
    ApplicationEntity ct =
        ApplicationEntity.certificate(
            "CT_ROOM_2", "CT in room 2", FINGERPRINT, Set.of(Role.UPLOADER));
    ApplicationEntity viewer =
        ApplicationEntity.userIdentity("VIEWER", "Reading room workstation")
            .withMoveDestination("viewer.example.test", 11113);
    ApplicationEntity xray =
        ApplicationEntity.legacy("OLD XRAY", "1998 X-ray unit", InetAddress.getByName("10.1.2.3"));
    entities.add(ct);
    entities.add(viewer);
    entities.add(xray);

    assertThat(entities.list()).containsExactly(ct, xray, viewer);
    assertThat(entities.find("CT_ROOM_2")).contains(ct);
    assertThat(entities.find("ct_room_2")).as("AE titles are case sensitive").isEmpty();
    assertThat(entities.moveDestination("VIEWER"))
        .contains(new ApplicationEntity.Destination("viewer.example.test", 11113));
    assertThat(entities.moveDestination("CT_ROOM_2")).isEmpty();
    assertThat(entities.find("OLD XRAY").orElseThrow().principal())
        .isEqualTo(Principal.entity("OLD XRAY", Set.of(Role.UPLOADER)));

    ApplicationEntity renewed =
        ApplicationEntity.certificate(
            "CT_ROOM_2",
            "CT in room 2, new certificate",
            "cd".repeat(32),
            Set.of(Role.UPLOADER, Role.READER));
    entities.replace(renewed);
    assertThat(entities.find("CT_ROOM_2")).contains(renewed);

    assertThat(entities.remove("CT_ROOM_2")).isTrue();
    assertThat(entities.remove("CT_ROOM_2")).isFalse();
    assertThat(entities.list()).containsExactly(xray, viewer);
  }

  @Test
  void aTakenAeTitleIsRefusedAndAnUnknownOneCannotBeReplaced() throws Exception {
    entities.add(ApplicationEntity.userIdentity("VIEWER", ""));
    assertThatThrownBy(() -> entities.add(ApplicationEntity.userIdentity("VIEWER", "again")))
        .isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> entities.replace(ApplicationEntity.userIdentity("OTHER", "")))
        .isInstanceOf(IdentityException.class);
    assertThat(entities.list()).hasSize(1);
  }

  @Test
  void inconsistentRegistrationsAreRefused() throws Exception {
    InetAddress a = InetAddress.getByName("10.1.2.3");
    List<Runnable> bad =
        List.of(
            () ->
                new ApplicationEntity(
                    "OLD",
                    "",
                    ApplicationEntity.Authentication.LEGACY_ADDRESS,
                    null,
                    a,
                    Set.of(Role.UPLOADER, Role.READER),
                    null),
            () ->
                new ApplicationEntity(
                    "OLD",
                    "",
                    ApplicationEntity.Authentication.LEGACY_ADDRESS,
                    null,
                    null,
                    Set.of(Role.UPLOADER),
                    null),
            () -> ApplicationEntity.certificate("CT", "", null, Set.of(Role.UPLOADER)),
            () -> ApplicationEntity.certificate("CT", "", "abc", Set.of(Role.UPLOADER)),
            () -> ApplicationEntity.certificate("CT", "", FINGERPRINT, Set.of()),
            () ->
                new ApplicationEntity(
                    "WS",
                    "",
                    ApplicationEntity.Authentication.USER_IDENTITY,
                    null,
                    null,
                    Set.of(Role.READER),
                    null),
            () ->
                new ApplicationEntity(
                    "WS",
                    "",
                    ApplicationEntity.Authentication.USER_IDENTITY,
                    FINGERPRINT,
                    null,
                    Set.of(),
                    null),
            () -> ApplicationEntity.userIdentity("", ""),
            () -> ApplicationEntity.userIdentity("SEVENTEEN_CHARS_X", ""),
            () -> ApplicationEntity.userIdentity(" PADDED", ""),
            () -> ApplicationEntity.userIdentity("BACK\\SLASH", ""),
            () -> ApplicationEntity.userIdentity("WS", "line\nbreak"),
            () -> ApplicationEntity.userIdentity("WS", "").withMoveDestination("host/../x", 104),
            () -> ApplicationEntity.userIdentity("WS", "").withMoveDestination("host", 0));
    for (Runnable r : bad) {
      assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void fingerprintsAreStoredInOneForm() {
    String openssl = "AB:".repeat(31) + "AB";
    assertThat(
            ApplicationEntity.certificate("CT", "", openssl, Set.of(Role.UPLOADER))
                .certificateSha256())
        .isEqualTo(FINGERPRINT);
  }
}
