package ward.archive.auth;

import java.util.Set;
import ward.archive.index.StudyScope;

/**
 * An authenticated caller: a user (password, token, user identity) or a registered application
 * entity (client certificate or a pinned legacy address). There is no anonymous principal.
 *
 * @param patientIds for a patient, the patient IDs whose studies are theirs; empty otherwise
 * @param grants for a referrer, the rules that name the studies they may see (per-study access)
 */
public record Principal(
    String name, Kind kind, Set<Role> roles, Set<String> patientIds, StudyScope grants)
    implements java.security.Principal {

  public enum Kind {
    USER,
    APPLICATION_ENTITY
  }

  public Principal {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a principal has a name");
    }
    roles = Set.copyOf(roles);
    patientIds = Set.copyOf(patientIds);
    grants = grants == null ? NO_GRANTS : grants;
  }

  /** A principal granted no studies by rule. */
  public Principal(String name, Kind kind, Set<Role> roles, Set<String> patientIds) {
    this(name, kind, roles, patientIds, NO_GRANTS);
  }

  private static final StudyScope NO_GRANTS =
      new StudyScope(Set.of(), Set.of(), Set.of(), Set.of());

  public static Principal user(String name, Set<Role> roles) {
    return new Principal(name, Kind.USER, roles, Set.of());
  }

  public static Principal entity(String aeTitle, Set<Role> roles) {
    return new Principal(aeTitle, Kind.APPLICATION_ENTITY, roles, Set.of());
  }

  @Override
  public String getName() {
    return name;
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }
}
