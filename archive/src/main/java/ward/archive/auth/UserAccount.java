package ward.archive.auth;

import java.time.Instant;
import java.util.Set;
import ward.archive.index.StudyScope;

/**
 * A user as an administrator sees it (never with the password hash).
 *
 * @param lockedUntil when the current lock ends, or null when the account is not locked
 * @param grants the studies granted by rule (what a referrer may see)
 */
public record UserAccount(
    String name,
    Set<Role> roles,
    Set<String> patientIds,
    Instant createdAt,
    Instant lockedUntil,
    StudyScope grants) {
  public UserAccount {
    roles = Set.copyOf(roles);
    patientIds = Set.copyOf(patientIds);
  }

  public Principal principal() {
    return new Principal(name, Principal.Kind.USER, roles, patientIds, grants);
  }
}
