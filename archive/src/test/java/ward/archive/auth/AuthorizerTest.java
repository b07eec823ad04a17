package ward.archive.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ward.archive.index.StudyScope;

class AuthorizerTest {
  private final Authorizer authorizer = new Authorizer();

  /** The whole grant table, written out: a change to a role shows up here. */
  private static final Map<Role, Set<Action>> EXPECTED =
      Map.of(
          Role.ADMINISTRATOR,
          EnumSet.of(
              Action.ECHO,
              Action.DELETE,
              Action.MANAGE_USERS,
              Action.MANAGE_ENTITIES,
              Action.VIEW_SYSTEM,
              Action.READ_CA_CERTIFICATE,
              Action.OWN_ACCOUNT),
          Role.READER,
          EnumSet.of(
              Action.ECHO,
              Action.QUERY,
              Action.RETRIEVE,
              Action.READ_CA_CERTIFICATE,
              Action.OWN_ACCOUNT),
          Role.UPLOADER,
          EnumSet.of(Action.ECHO, Action.STORE, Action.READ_CA_CERTIFICATE, Action.OWN_ACCOUNT),
          Role.REFERRER,
          EnumSet.of(
              Action.ECHO,
              Action.QUERY,
              Action.RETRIEVE,
              Action.READ_CA_CERTIFICATE,
              Action.OWN_ACCOUNT),
          Role.AUDITOR,
          EnumSet.of(
              Action.ECHO,
              Action.READ_AUDIT,
              Action.VIEW_SYSTEM,
              Action.READ_CA_CERTIFICATE,
              Action.OWN_ACCOUNT),
          Role.PATIENT,
          EnumSet.of(
              Action.QUERY,
              Action.RETRIEVE,
              Action.READ_OWN_AUDIT,
              Action.REQUEST_DELETION,
              Action.READ_CA_CERTIFICATE,
              Action.OWN_ACCOUNT));

  @Test
  void eachRoleGrantsExactlyItsActions() {
    for (Role role : Role.values()) {
      Principal p =
          new Principal(
              "p",
              Principal.Kind.USER,
              Set.of(role),
              Set.of("SYN1"),
              new StudyScope(Set.of(), Set.of(), Set.of(), Set.of("1.2.3")));
      for (Action action : Action.values()) {
        Resource on =
            action == Action.QUERY || action == Action.RETRIEVE || action == Action.REQUEST_DELETION
                ? new Resource.Study("1.2.3", "SYN1")
                : Resource.ARCHIVE;
        assertThat(authorizer.allows(p, action, on))
            .as(role + " " + action)
            .isEqualTo(EXPECTED.get(role).contains(action));
      }
    }
  }

  @Test
  void patientsReachOnlyTheirOwnStudies() throws Exception {
    Principal patient =
        new Principal("pat", Principal.Kind.USER, Set.of(Role.PATIENT), Set.of("SYN1", "SYN2"));
    assertThat(authorizer.allows(patient, Action.RETRIEVE, new Resource.Study("1.2", "SYN2")))
        .isTrue();
    assertThat(authorizer.allows(patient, Action.RETRIEVE, new Resource.Study("1.3", "SYN9")))
        .isFalse();
    assertThat(authorizer.allows(patient, Action.RETRIEVE, new Resource.Study("1.4", null)))
        .isFalse();
    assertThat(authorizer.allows(patient, Action.QUERY, Resource.SYSTEM)).isFalse();
    assertThat(authorizer.studyScope(patient, Action.QUERY).patientIds())
        .containsExactlyInAnyOrder("SYN1", "SYN2");
    Principal reader = Principal.user("r", Set.of(Role.READER));
    assertThat(authorizer.studyScope(reader, Action.QUERY)).isNull();
    assertThatThrownBy(
            () -> authorizer.require(patient, Action.RETRIEVE, new Resource.Study("1.3", "SYN9")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("may not retrieve study 1.3");
  }

  @Test
  void referrersReachOnlyTheStudiesTheirGrantsName() {
    Principal referrer =
        new Principal(
            "dr",
            Principal.Kind.USER,
            Set.of(Role.REFERRER),
            Set.of(),
            new StudyScope(
                Set.of(),
                Set.of("CLINIC-A"),
                Set.of("Smith^John"),
                Set.of("1.9"),
                Set.of("North Hospital")));
    assertThat(authorizer.allows(referrer, Action.QUERY, Resource.ARCHIVE)).isTrue();
    assertThat(
            authorizer.allows(
                referrer, Action.RETRIEVE, new Resource.Study("1.5", "P1", "", "SMITH^JOHN", null)))
        .isTrue();
    assertThat(
            authorizer.allows(
                referrer,
                Action.RETRIEVE,
                new Resource.Study("1.6", "P2", "CLINIC-A", "DOE", "ELSEWHERE")))
        .isTrue();
    assertThat(authorizer.allows(referrer, Action.RETRIEVE, new Resource.Study("1.9", "P3")))
        .isTrue();
    assertThat(
            authorizer.allows(
                referrer,
                Action.RETRIEVE,
                new Resource.Study("1.7", "P4", "CLINIC-B", "DOE", "ELSEWHERE")))
        .isFalse();
    assertThat(
            authorizer.allows(
                referrer,
                Action.RETRIEVE,
                new Resource.Study("1.8", "P5", "CLINIC-B", "DOE", "NORTH HOSPITAL")))
        .isTrue();
    assertThat(authorizer.allows(referrer, Action.DELETE, new Resource.Study("1.9", "P3")))
        .isFalse();
    StudyScope scope = authorizer.studyScope(referrer, Action.QUERY);
    assertThat(scope.referringPhysicians()).containsExactly("SMITH^JOHN");
    assertThat(scope.issuersOfPatientId()).containsExactly("CLINIC-A");
    assertThat(scope.studyInstanceUids()).containsExactly("1.9");
    // a referrer without grants sees nothing; a reader role beside it sees everything
    Principal bare = Principal.user("dr2", Set.of(Role.REFERRER));
    assertThat(authorizer.studyScope(bare, Action.QUERY).isEmpty()).isTrue();
    Principal both = Principal.user("dr3", Set.of(Role.REFERRER, Role.READER));
    assertThat(authorizer.studyScope(both, Action.QUERY)).isNull();
  }

  @Test
  void nobodyWithoutAPrincipalOrRolesMayDoAnything() {
    assertThat(authorizer.allows(null, Action.ECHO, Resource.ARCHIVE)).isFalse();
    Principal none = Principal.user("n", Set.of());
    for (Action action : Action.values()) {
      assertThat(authorizer.allows(none, action, Resource.ARCHIVE)).isFalse();
    }
  }
}
