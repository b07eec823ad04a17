package ward.archive.auth;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one authorization layer: every entry point (DIMSE handlers, every HTTP route) asks it before
 * acting. Principal + action + resource → allow or deny; nothing else decides access.
 */
public final class Authorizer {

  private static final Map<Role, Set<Action>> GRANTS =
      Map.of(
          Role.ADMINISTRATOR,
          EnumSet.of(
              Action.ECHO,
              Action.DELETE,
              Action.MANAGE_USERS,
              Action.MANAGE_ENTITIES,
              Action.VIEW_SYSTEM),
          Role.READER,
          EnumSet.of(Action.ECHO, Action.QUERY, Action.RETRIEVE),
          Role.UPLOADER,
          EnumSet.of(Action.ECHO, Action.STORE),
          Role.REFERRER,
          EnumSet.of(Action.ECHO, Action.QUERY, Action.RETRIEVE),
          Role.AUDITOR,
          EnumSet.of(Action.ECHO, Action.READ_AUDIT, Action.VIEW_SYSTEM),
          Role.PATIENT,
          EnumSet.of(Action.QUERY, Action.RETRIEVE, Action.READ_OWN_AUDIT));

  /** Whether {@code principal} may do {@code action} to {@code resource}. */
  public boolean allows(Principal principal, Action action, Resource resource) {
    if (principal == null) {
      return false;
    }
    for (Role role : principal.roles()) {
      if (GRANTS.get(role).contains(action) && within(principal, role, resource)) {
        return true;
      }
    }
    return false;
  }

  /** Like {@link #allows}, but throws with a reason when denied. */
  public void require(Principal principal, Action action, Resource resource)
      throws AccessDeniedException {
    if (!allows(principal, action, resource)) {
      throw new AccessDeniedException(
          (principal == null ? "no principal" : principal.name())
              + " may not "
              + action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + describe(resource));
    }
  }

  /**
   * Whether a principal's role reaches a resource. Patients reach their own studies only; a query
   * over the whole archive is allowed but must be narrowed to their patient IDs by the caller (see
   * {@link #patientScope}). Referrers reach every study until per-study rules exist.
   */
  private static boolean within(Principal principal, Role role, Resource resource) {
    if (role != Role.PATIENT) {
      return true;
    }
    if (resource instanceof Resource.Study s) {
      return s.patientId() != null && principal.patientIds().contains(s.patientId());
    }
    return resource instanceof Resource.Archive;
  }

  /**
   * The patient IDs a query by this principal must be restricted to, or null when it may see every
   * patient (any non-patient role that grants the action).
   */
  public Set<String> patientScope(Principal principal, Action action) {
    for (Role role : principal.roles()) {
      if (role != Role.PATIENT && GRANTS.get(role).contains(action)) {
        return null;
      }
    }
    return principal.patientIds();
  }

  private static String describe(Resource resource) {
    if (resource instanceof Resource.Study s) {
      return " study " + s.studyInstanceUid();
    }
    return resource instanceof Resource.Administration ? " (system)" : "";
  }
}
