package ward.archive.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import ward.archive.auth.AccountChange;
import ward.archive.auth.IdentityException;
import ward.archive.auth.Principal;
import ward.archive.auth.Role;
import ward.archive.auth.SecondFactors;
import ward.archive.auth.UserAccount;
import ward.archive.auth.Users;

/**
 * The users, for administrators ({@code MANAGE_USERS}): the same rules as {@code ward user} (they
 * live in {@link Users}), every change and every refusal recorded as a Security Alert, "User
 * security attributes changed" (PS3.15 A.5.3.11, DCM 110137). No answer ever holds a password or
 * its hash.
 *
 * <ul>
 *   <li>{@code GET /api/admin/users}: {@code [{"name","roles","patientIds","locked","lockedUntil",
 *       "createdAt"}]}
 *   <li>{@code POST /api/admin/users} {@code {"name","password","roles","patientIds"}}: 201
 *   <li>{@code POST /api/admin/users/{name}/roles} {@code {"roles","patientIds"}}: 204
 *   <li>{@code POST /api/admin/users/{name}/unlock}: 204
 *   <li>{@code DELETE /api/admin/users/{name}}: 204; never the last administrator (409)
 * </ul>
 */
final class UserRoutes {
  private static final int MAX_PATIENT_IDS = 256;

  private final Users users;
  private final AdminAudit audit;

  UserRoutes(Users users, AdminAudit audit) {
    this.users = users;
    this.audit = audit;
  }

  void list(Context ctx, Principal caller) {
    List<Object> out = new ArrayList<>();
    for (UserAccount u : users.list()) {
      out.add(describe(u, users.secondFactors().state(u.name())));
    }
    Sessions.json(ctx, 200, Json.write(out));
  }

  void create(Context ctx, Principal caller) throws WebException {
    AdminBody body = AdminBody.of(ctx, Set.of("name", "password", "roles", "patientIds"));
    String name = body.string("name", 64, true);
    Set<Role> roles = roles(body);
    Set<String> patientIds = patientIds(body);
    char[] password = body.string("password", Users.MAX_PASSWORD_LENGTH, true).toCharArray();
    AccountChange asked = new AccountChange.UserAdded(name, roles);
    try {
      if (Users.NAME.matcher(name).matches() && users.find(name).isPresent()) {
        audit.refused(ctx, caller, asked, "the name is taken");
        throw new WebException(409, "a user named " + name + " exists already");
      }
      users.add(name, roles, password, patientIds);
    } catch (IdentityException e) {
      audit.refused(ctx, caller, asked, e.getMessage());
      throw e.getMessage().contains("exists already")
          ? new WebException(409, e.getMessage())
          : WebException.badRequest(e.getMessage());
    } finally {
      Arrays.fill(password, '\0');
    }
    audit.changed(ctx, caller, asked);
    Sessions.json(
        ctx, 201, Json.write(describe(users.find(name).orElseThrow(), SecondFactors.State.NONE)));
  }

  void setRoles(Context ctx, Principal caller) throws WebException {
    UserAccount account = existing(ctx);
    AdminBody body = AdminBody.of(ctx, Set.of("roles", "patientIds"));
    Set<Role> roles = roles(body);
    Set<String> patientIds = patientIds(body);
    AccountChange asked = new AccountChange.RolesChanged(account.name(), roles, patientIds.size());
    if (!roles.contains(Role.ADMINISTRATOR) && isLastAdministrator(account)) {
      audit.refused(ctx, caller, asked, "the last administrator keeps that role");
      throw new WebException(
          409, account.name() + " is the last administrator and keeps that role");
    }
    try {
      users.setRoles(account.name(), roles, patientIds);
    } catch (IdentityException e) {
      audit.refused(ctx, caller, asked, e.getMessage());
      throw e.getMessage().contains("last administrator")
          ? new WebException(409, e.getMessage())
          : WebException.badRequest(e.getMessage());
    }
    audit.changed(ctx, caller, asked);
    ctx.status(204);
  }

  void unlock(Context ctx, Principal caller) throws WebException {
    UserAccount account = existing(ctx);
    users.unlock(account.name());
    audit.changed(ctx, caller, new AccountChange.UserUnlocked(account.name()));
    ctx.status(204);
  }

  /**
   * POST /api/admin/users/{name}/reset-second-factor: removes a user's TOTP secret when they lost
   * the device that held it; they log in with their password alone and may enrol again.
   */
  void resetSecondFactor(Context ctx, Principal caller) throws WebException {
    UserAccount account = existing(ctx);
    if (!users.secondFactors().reset(account.name())) {
      throw new WebException(409, account.name() + " has no second factor");
    }
    audit.changed(ctx, caller, new AccountChange.SecondFactorReset(account.name()));
    ctx.status(204);
  }

  void remove(Context ctx, Principal caller) throws WebException {
    UserAccount account = existing(ctx);
    AccountChange asked = new AccountChange.UserRemoved(account.name());
    if (isLastAdministrator(account)) {
      audit.refused(ctx, caller, asked, "the last administrator cannot be removed");
      throw new WebException(409, account.name() + " is the last administrator");
    }
    try {
      if (!users.remove(account.name())) {
        throw WebException.notFound("no such user");
      }
    } catch (IdentityException e) {
      audit.refused(ctx, caller, asked, e.getMessage());
      throw new WebException(409, e.getMessage());
    }
    audit.changed(ctx, caller, asked);
    ctx.status(204);
  }

  /** The user the path names; 404 when there is none. */
  private UserAccount existing(Context ctx) throws WebException {
    String name = ctx.pathParam("name");
    if (!Users.NAME.matcher(name).matches()) {
      throw WebException.badRequest("not a user name");
    }
    Optional<UserAccount> account = users.find(name);
    if (account.isEmpty()) {
      throw WebException.notFound("no such user");
    }
    return account.get();
  }

  private boolean isLastAdministrator(UserAccount account) {
    if (!account.roles().contains(Role.ADMINISTRATOR)) {
      return false;
    }
    return users.list().stream().filter(u -> u.roles().contains(Role.ADMINISTRATOR)).count() == 1;
  }

  private static Set<Role> roles(AdminBody body) throws WebException {
    List<String> names = body.strings("roles", 32);
    if (names.isEmpty()) {
      throw WebException.badRequest("'roles' needs at least one role");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String n : names) {
      try {
        roles.add(Role.valueOf(n.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw WebException.badRequest(
            "unknown role '"
                + n.replaceAll("[^A-Za-z_]", "?")
                + "'; roles are "
                + List.of(Role.values()));
      }
    }
    return roles;
  }

  private static Set<String> patientIds(AdminBody body) throws WebException {
    List<String> ids = body.strings("patientIds", 64);
    if (ids.size() > MAX_PATIENT_IDS) {
      throw WebException.badRequest("at most " + MAX_PATIENT_IDS + " patient IDs");
    }
    return new LinkedHashSet<>(ids);
  }

  static Map<String, Object> describe(UserAccount u, SecondFactors.State secondFactor) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", u.name());
    m.put("roles", u.roles().isEmpty() ? List.of() : EnumSet.copyOf(u.roles()));
    m.put("patientIds", new TreeSet<>(u.patientIds()));
    m.put("locked", u.lockedUntil() != null);
    m.put("lockedUntil", u.lockedUntil() == null ? null : u.lockedUntil().toString());
    m.put("createdAt", u.createdAt() == null ? null : u.createdAt().toString());
    m.put("totp", secondFactor == SecondFactors.State.ACTIVE);
    return m;
  }
}
