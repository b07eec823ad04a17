package ward.archive.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A user as an administrator sees it (never with the password hash).
 *
 * @param lockedUntil when the current lock ends, or null when the account is not locked
 */
public record UserAccount(
    String name, Set<Role> roles, Set<String> patientIds, Instant createdAt, Instant lockedUntil) {
  public UserAccount {
    roles = Set.copyOf(roles);
    patientIds = Set.copyOf(patientIds);
  }

  public Principal principal() {
    return new Principal(name, Principal.Kind.USER, roles, patientIds);
  }
}
