package ward.archive.auth;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every account obeys: the user name's characters, at least one role, patient IDs only
 * for patients, and the password policy (at least {@value Users#MIN_PASSWORD_LENGTH} characters,
 * not the user name in any case, at most {@value Users#MAX_PASSWORD_LENGTH}).
 */
final class AccountRules {
  private AccountRules() {}

  /** A patient ID (VR LO): up to 64 characters, no backslash, no control characters. */
  private static final Pattern PATIENT_ID = Pattern.compile("[^\\\\\\p{Cntrl}]{1,64}");

  static void checkName(String name) throws IdentityException {
    if (name == null || !Users.NAME.matcher(name).matches()) {
      throw new IdentityException(
          "a user name is 1 to 64 letters, digits, dots, underscores, @ or hyphens");
    }
  }

  static void checkRoles(Set<Role> roles, Set<String> patientIds) throws IdentityException {
    if (roles == null || roles.isEmpty()) {
      throw new IdentityException("a user needs at least one role");
    }
    for (String id : patientIds) {
      if (id == null || !PATIENT_ID.matcher(id).matches()) {
        throw new IdentityException(
            "a patient ID is 1 to 64 characters without backslashes or control characters");
      }
    }
    if (!patientIds.isEmpty() && !roles.contains(Role.PATIENT)) {
      throw new IdentityException("only users with the PATIENT role have patient IDs");
    }
  }

  /** Ward's password policy: long enough, not the user name, not absurdly long. */
  static void checkPassword(String name, char[] password) throws IdentityException {
    if (password == null
        || Character.codePointCount(password, 0, password.length) < Users.MIN_PASSWORD_LENGTH) {
      throw new IdentityException(
          "a password has at least " + Users.MIN_PASSWORD_LENGTH + " characters");
    }
    if (password.length > Users.MAX_PASSWORD_LENGTH) {
      throw new IdentityException(
          "a password has at most " + Users.MAX_PASSWORD_LENGTH + " characters");
    }
    if (name != null && equalsIgnoreCase(password, name)) {
      throw new IdentityException("a password must not be the user name");
    }
  }

  private static boolean equalsIgnoreCase(char[] password, String name) {
    if (password.length != name.length()) {
      return false;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < password.length; i++) {
      if (Character.toLowerCase(password[i]) != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
