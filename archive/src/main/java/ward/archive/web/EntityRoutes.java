package ward.archive.web;

import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import ward.archive.auth.AccountChange;
import ward.archive.auth.ApplicationEntities;
import ward.archive.auth.ApplicationEntity;
import ward.archive.auth.IdentityException;
import ward.archive.auth.Principal;
import ward.archive.auth.Role;

/**
 * The registered application entities, for administrators ({@code MANAGE_ENTITIES}): what {@code
 * ward ae} does, while the archive runs. Every change and refusal is a Security Alert, "Security
 * Configuration" (PS3.15 A.5.3.11, DCM 110129).
 *
 * <ul>
 *   <li>{@code GET /api/admin/aes}: {@code [{"aeTitle","description","authentication",
 *       "certificateSha256","pinnedAddress","roles","moveDestination"}]}
 *   <li>{@code POST /api/admin/aes} {@code {"aeTitle","authentication","description",
 *       "certificateSha256" | "certificatePem","pinnedAddress","roles","moveDestination":{"host",
 *       "port"}}}: 201. The API never issues a certificate: its private key would travel in the
 *       answer; {@code ward ae add --issue-certificate} does that on the archive's machine.
 *   <li>{@code DELETE /api/admin/aes/{ae}}: 204
 * </ul>
 */
final class EntityRoutes {
  private static final Set<String> MEMBERS =
      Set.of(
          "aeTitle",
          "authentication",
          "description",
          "certificateSha256",
          "certificatePem",
          "pinnedAddress",
          "roles",
          "moveDestination");

  private final ApplicationEntities entities;
  private final AdminAudit audit;

  EntityRoutes(ApplicationEntities entities, AdminAudit audit) {
    this.entities = entities;
    this.audit = audit;
  }

  void list(Context ctx, Principal caller) {
    List<Object> out = new ArrayList<>();
    for (ApplicationEntity e : entities.list()) {
      out.add(describe(e));
    }
    Sessions.json(ctx, 200, Json.write(out));
  }

  void create(Context ctx, Principal caller) throws WebException {
    AdminBody body = AdminBody.of(ctx, MEMBERS);
    String ae = body.string("aeTitle", 16, true);
    ApplicationEntity.Authentication how = authentication(body);
    AccountChange asked = new AccountChange.EntityRegistered(ae, how);
    ApplicationEntity entity;
    try {
      entity = entity(body, ae, how);
    } catch (IllegalArgumentException e) {
      audit.refused(ctx, caller, asked, e.getMessage());
      throw WebException.badRequest(e.getMessage());
    } catch (WebException e) {
      audit.refused(ctx, caller, asked, e.getMessage());
      throw e;
    }
    try {
      entities.add(entity);
    } catch (IdentityException e) {
      audit.refused(ctx, caller, asked, e.getMessage());
      throw new WebException(409, e.getMessage());
    }
    audit.changed(ctx, caller, asked);
    Sessions.json(ctx, 201, Json.write(describe(entity)));
  }

  void remove(Context ctx, Principal caller) throws WebException {
    String ae = ctx.pathParam("ae");
    if (ae.isEmpty() || ae.length() > 16 || entities.find(ae).isEmpty()) {
      throw WebException.notFound("no such entity");
    }
    if (!entities.remove(ae)) {
      throw WebException.notFound("no such entity");
    }
    audit.changed(ctx, caller, new AccountChange.EntityRemoved(ae));
    ctx.status(204);
  }

  private static ApplicationEntity.Authentication authentication(AdminBody body)
      throws WebException {
    String how = body.string("authentication", 32, true);
    try {
      return ApplicationEntity.Authentication.valueOf(how.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw WebException.badRequest(
          "'authentication' is one of " + List.of(ApplicationEntity.Authentication.values()));
    }
  }

  private static ApplicationEntity entity(
      AdminBody body, String ae, ApplicationEntity.Authentication how) throws WebException {
    String description = body.string("description", 256, false);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : body.strings("roles", 32)) {
      try {
        roles.add(Role.valueOf(r.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown role; roles are " + List.of(Role.values()), e);
      }
    }
    ApplicationEntity entity =
        switch (how) {
          case CERTIFICATE ->
              ApplicationEntity.certificate(ae, description, fingerprint(body), roles);
          case USER_IDENTITY -> {
            if (!roles.isEmpty()) {
              throw new IllegalArgumentException(
                  "an entity that authenticates by user identity acts with the roles of the user");
            }
            yield ApplicationEntity.userIdentity(ae, description);
          }
          case LEGACY_ADDRESS -> {
            if (!roles.isEmpty() && !roles.equals(Set.of(Role.UPLOADER))) {
              throw new IllegalArgumentException(
                  "a legacy entity may only echo and store: its one role is UPLOADER");
            }
            yield ApplicationEntity.legacy(
                ae,
                description,
                ApplicationEntity.addressLiteral(body.string("pinnedAddress", 39, true)));
          }
        };
    AdminBody destination = body.object("moveDestination");
    if (destination != null) {
      entity =
          entity.withMoveDestination(
              destination.string("host", 253, true), destination.integer("port", 1, 65535));
    }
    return entity;
  }

  /** The fingerprint given, or taken from the certificate given (PEM). */
  private static String fingerprint(AdminBody body) throws WebException {
    String hex = body.string("certificateSha256", 95, false);
    String pem = body.string("certificatePem", 12 * 1024, false);
    if ((hex == null) == (pem == null)) {
      throw new IllegalArgumentException(
          "a certificate entity needs 'certificateSha256' or 'certificatePem' (one of them)");
    }
    if (hex != null) {
      return ApplicationEntity.normalizeFingerprint(hex);
    }
    try {
      X509Certificate c =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      return ApplicationEntity.fingerprint(c);
    } catch (CertificateException | ClassCastException e) {
      throw new IllegalArgumentException("'certificatePem' is not a PEM certificate", e);
    }
  }

  static Map<String, Object> describe(ApplicationEntity e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("aeTitle", e.aeTitle());
    m.put("description", e.description());
    m.put("authentication", e.authentication().name());
    m.put("certificateSha256", e.certificateSha256());
    m.put("pinnedAddress", e.pinnedAddress() == null ? null : e.pinnedAddress().getHostAddress());
    m.put("roles", e.roles().isEmpty() ? List.of() : EnumSet.copyOf(e.roles()));
    if (e.moveDestination() == null) {
      m.put("moveDestination", null);
    } else {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("host", e.moveDestination().host());
      d.put("port", e.moveDestination().port());
      m.put("moveDestination", d);
    }
    return m;
  }
}
