package ward.archive.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import ward.archive.audit.AuditEvent;

/**
 * A change to who may do what: users and registered entities. The {@code ward user} and {@code ward
 * ae} commands and the administration API make the same changes and record each the same way, as a
 * Security Alert (PS3.15 A.5.3.11) of the type this gives, with these words and this subject. The
 * words never hold a password, a hash or a key.
 */
public sealed interface AccountChange {

  /** The alert type: users' changes are "User security attributes changed" (110137). */
  AuditEvent.AlertType alertType();

  /** What changed, in words. */
  String description();

  /** What it concerns: {@code user:NAME} or {@code ae:TITLE}. */
  String subject();

  /** A user was added. */
  record UserAdded(String name, Set<Role> roles) implements AccountChange {
    @Override
    public AuditEvent.AlertType alertType() {
      return AuditEvent.AlertType.USER_SECURITY_ATTRIBUTES_CHANGED;
    }

    @Override
    public String description() {
      return "user " + name + " added with roles " + sorted(roles);
    }

    @Override
    public String subject() {
      return "user:" + name;
    }
  }

  /** A user was removed. */
  record UserRemoved(String name) implements AccountChange {
    @Override
    public AuditEvent.AlertType alertType() {
      return AuditEvent.AlertType.USER_SECURITY_ATTRIBUTES_CHANGED;
    }

    @Override
    public String description() {
      return "user " + name + " removed";
    }

    @Override
    public String subject() {
      return "user:" + name;
    }
  }

  /** A user's password was replaced. */
  record PasswordChanged(String name) implements AccountChange {
    @Override
    public AuditEvent.AlertType alertType() {
      return AuditEvent.AlertType.USER_SECURITY_ATTRIBUTES_CHANGED;
    }

    @Override
    public String description() {
      return "password of user " + name + " changed";
    }

    @Override
    public String subject() {
      return "user:" + name;
    }
  }

  /** A user's roles and patient IDs were replaced (the IDs are counted, not named). */
  record RolesChanged(String name, Set<Role> roles, int patientIds) implements AccountChange {
    @Override
    public AuditEvent.AlertType alertType() {
      return AuditEvent.AlertType.USER_SECURITY_ATTRIBUTES_CHANGED;
    }

    @Override
    public String description() {
      return "roles of user "
          + name
          + " set to "
          + sorted(roles)
          + (patientIds == 0 ? "" : " with " + patientIds + " patient ID(s)");
    }

    @Override
    public String subject() {
      return "user:" + name;
    }
  }

  /** A lock on a user's account was ended. */
  record UserUnlocked(String name) implements AccountChange {
    @Override
    public AuditEvent.AlertType alertType() {
      return AuditEvent.AlertType.USER_SECURITY_ATTRIBUTES_CHANGED;
    }

    @Override
    public String description() {
      return "user " + name + " unlocked";
    }

    @Override
    public String subject() {
      return "user:" + name;
    }
  }

  /** A user's second factor was removed by an administrator (the user lost their device). */
  record SecondFactorReset(String name) implements AccountChange {
    @Override
    public AuditEvent.AlertType alertType() {
      return AuditEvent.AlertType.USER_SECURITY_ATTRIBUTES_CHANGED;
    }

    @Override
    public String description() {
      return "second factor (TOTP) of user " + name + " reset by an administrator";
    }

    @Override
    public String subject() {
      return "user:" + name;
    }
  }

  /** An application entity was registered. */
  record EntityRegistered(String aeTitle, ApplicationEntity.Authentication authentication)
      implements AccountChange {
    @Override
    public AuditEvent.AlertType alertType() {
      return AuditEvent.AlertType.SECURITY_CONFIGURATION;
    }

    @Override
    public String description() {
      return "entity "
          + aeTitle
          + " registered ("
          + authentication.name().toLowerCase(Locale.ROOT)
          + ")";
    }

    @Override
    public String subject() {
      return "ae:" + aeTitle;
    }
  }

  /** An application entity's registration was removed. */
  record EntityRemoved(String aeTitle) implements AccountChange {
    @Override
    public AuditEvent.AlertType alertType() {
      return AuditEvent.AlertType.SECURITY_CONFIGURATION;
    }

    @Override
    public String description() {
      return "entity " + aeTitle + " removed";
    }

    @Override
    public String subject() {
      return "ae:" + aeTitle;
    }
  }

  private static Set<Role> sorted(Set<Role> roles) {
    return roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
  }
}
