package ward.archive.auth;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import ward.archive.index.StudyScope;

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
          // a patient may ask for their own studies to be deleted, never delete them
          EnumSet.of(
              Action.QUERY,
              Action.RETRIEVE,
              Action.READ_OWN_AUDIT,
              Action.REQUEST_DELETION,
              Action.READ_CA_CERTIFICATE,
              Action.OWN_ACCOUNT));

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
   * Whether a principal's role reaches a resource. Patients reach the studies of their own patient
   * IDs, referrers the studies their grants name (by referring physician, issuer of patient ID,
   * institution or explicit share); a query over the whole archive is allowed to both but must be
   * narrowed by the caller to {@link #studyScope}.
   */
  private static boolean within(Principal principal, Role role, Resource resource) {
    if (!SCOPED.contains(role)) {
      return true;
    }
    if (resource instanceof Resource.Study s) {
      return scopeOf(principal, role)
          .admits(
              s.studyInstanceUid(),
              s.patientId(),
              s.issuerOfPatientId(),
              s.referringPhysician(),
              s.institution());
    }
    return resource instanceof Resource.Archive;
  }

  /** Roles that reach only some studies. */
  private static final Set<Role> SCOPED = EnumSet.of(Role.PATIENT, Role.REFERRER);

  private static StudyScope scopeOf(Principal principal, Role role) {
    return role == Role.PATIENT
        ? StudyScope.ofPatients(principal.patientIds())
        : principal.grants();
  }

  /**
   * The studies a query or retrieve by this principal must be restricted to, or null when it may
   * reach every study (a role that grants the action without a scope).
   */
  public StudyScope studyScope(Principal principal, Action action) {
    StudyScope scope = null;
    for (Role role : principal.roles()) {
      if (!GRANTS.get(role).contains(action)) {
        continue;
      }
      if (!SCOPED.contains(role)) {
        return null;
      }
      StudyScope s = scopeOf(principal, role);
      scope = scope == null ? s : scope.union(s);
    }
    return scope == null ? StudyScope.ofPatients(Set.of()) : scope;
  }

  private static String describe(Resource resource) {
    if (resource instanceof Resource.Study s) {
      return " study " + s.studyInstanceUid();
    }
    return resource instanceof Resource.Administration ? " (system)" : "";
  }
}
