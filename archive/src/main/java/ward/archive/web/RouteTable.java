package ward.archive.web;

import static ward.archive.web.Route.Method.DELETE;
import static ward.archive.web.Route.Method.GET;
import static ward.archive.web.Route.Method.POST;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import ward.archive.auth.Action;

/**
 * Every route of the HTTPS server, with the action its caller must be allowed, in one place. A
 * route that is not here does not exist; a route here is reached only through the {@link Gate}.
 * Public routes are those that must work before a login: login, logout, first-administrator setup,
 * a health check that carries no data, and the files of the browser interfaces (Ward's own and an
 * installed OHIF Viewer, which hold no data either).
 */
final class RouteTable {
  private RouteTable() {}

  private static final String STUDY = "/dicomweb/studies/{study}";
  private static final String SERIES = STUDY + "/series/{series}";
  private static final String INSTANCE = SERIES + "/instances/{instance}";

  static List<Route> of(WebSettings settings, WebArchive archive) {
    List<Route> routes = new ArrayList<>(core(settings, archive));
    routes.addAll(administration(settings, archive));
    return List.copyOf(routes);
  }

  private static List<Route> core(WebSettings settings, WebArchive archive) {
    StudyAccess access = new StudyAccess(archive.index(), archive.authorizer());
    WebAudit audit = new WebAudit(archive.audit(), archive.index());
    AuditRoutes auditRoutes = new AuditRoutes(archive.audit());
    Sessions sessions =
        new Sessions(archive.authenticator(), archive.events(), settings.sessionLifetimeSeconds());
    Stow stow = new Stow(archive.ingest(), settings, audit);
    Qido qido = new Qido(archive.index(), archive.authorizer(), settings, audit);
    WadoImages images = new WadoImages(access, archive.blobs(), settings, audit);
    WadoRetrieve wado = new WadoRetrieve(access, archive.blobs(), settings, images, audit);
    WadoUri wadoUri = new WadoUri(access, archive.blobs(), images, audit);
    Deletion deletion =
        new Deletion(access, archive.index(), archive.blobs(), archive.authorizer(), audit);
    Ui ui = new Ui();

    List<Route> routes = new ArrayList<>();
    Collections.addAll(
        routes,
        // Public: nothing here reads or writes data.
        Route.open(POST, "/api/login", sessions::login),
        Route.open(POST, "/api/logout", sessions::logout),
        Route.open(POST, "/api/setup", sessions::setup),
        Route.open(GET, "/api/health", sessions::health),

        // The caller's own account: who they are, their second factor
        Route.guarded(GET, "/api/me", Action.OWN_ACCOUNT, sessions::me),
        Route.guarded(POST, "/api/me/totp", Action.OWN_ACCOUNT, sessions::beginTotp),
        Route.guarded(POST, "/api/me/totp/confirm", Action.OWN_ACCOUNT, sessions::confirmTotp),
        Route.guarded(POST, "/api/me/totp/disable", Action.OWN_ACCOUNT, sessions::disableTotp),

        // STOW-RS (PS3.18 10.5)
        Route.guarded(POST, "/dicomweb/studies", Action.STORE, stow::store),
        Route.guarded(POST, STUDY, Action.STORE, stow::store),

        // QIDO-RS (PS3.18 10.6), Study Root
        Route.guarded(GET, "/dicomweb/studies", Action.QUERY, qido::studies),
        Route.guarded(GET, STUDY + "/series", Action.QUERY, qido::series),
        Route.guarded(GET, "/dicomweb/series", Action.QUERY, qido::series),
        Route.guarded(GET, SERIES + "/instances", Action.QUERY, qido::instances),
        Route.guarded(GET, STUDY + "/instances", Action.QUERY, qido::instances),
        Route.guarded(GET, "/dicomweb/instances", Action.QUERY, qido::instances),

        // WADO-RS (PS3.18 10.4)
        Route.guarded(GET, STUDY, Action.RETRIEVE, wado::instances),
        Route.guarded(GET, SERIES, Action.RETRIEVE, wado::instances),
        Route.guarded(GET, INSTANCE, Action.RETRIEVE, wado::instances),
        Route.guarded(GET, STUDY + "/metadata", Action.RETRIEVE, wado::metadata),
        Route.guarded(GET, SERIES + "/metadata", Action.RETRIEVE, wado::metadata),
        Route.guarded(GET, INSTANCE + "/metadata", Action.RETRIEVE, wado::metadata),
        Route.guarded(GET, INSTANCE + "/bulkdata/<path>", Action.RETRIEVE, wado::bulkData),
        Route.guarded(GET, INSTANCE + "/frames/{frames}", Action.RETRIEVE, images::frames),
        Route.guarded(GET, INSTANCE + "/rendered", Action.RETRIEVE, images::renderedInstance),
        Route.guarded(
            GET, INSTANCE + "/frames/{frame}/rendered", Action.RETRIEVE, images::renderedFrame),

        // WADO-URI (PS3.18 9)
        Route.guarded(GET, "/dicomweb/wado", Action.RETRIEVE, wadoUri::get),

        // Deletion
        Route.guarded(DELETE, "/api/studies/{study}", Action.DELETE, deletion::delete),
        Route.guarded(
            DELETE, "/api/studies/{study}/series/{series}", Action.DELETE, deletion::delete),
        Route.guarded(
            DELETE,
            "/api/studies/{study}/series/{series}/instances/{instance}",
            Action.DELETE,
            deletion::delete),

        // The audit trail (PS3.15 A.5): auditors; patients see accesses to their own studies
        Route.guarded(GET, "/api/audit", Action.READ_AUDIT, auditRoutes::study),
        Route.guarded(GET, "/api/audit/patient/<id>", Action.READ_AUDIT, auditRoutes::patient),
        Route.guarded(GET, "/api/audit/verify", Action.READ_AUDIT, auditRoutes::verify),
        Route.guarded(GET, "/api/audit/mine", Action.READ_OWN_AUDIT, auditRoutes::mine),

        // The browser interface: static files without data, public like the login they lead to
        Route.open(GET, "/", ui::index),
        Route.open(GET, "/ui/{file}", ui::file));

    // The OHIF Viewer, when an administrator installed one (public shell; data through the gate)
    if (settings.ohifDir() != null) {
      try {
        routes.addAll(new OhifViewer(settings.ohifDir()).routes());
      } catch (IOException e) {
        throw new UncheckedIOException("the OHIF Viewer build cannot be read", e);
      }
    }
    return routes;
  }

  // ---------------------------------------------------------------- administration and portal

  /**
   * The administration API and the patient portal: users, entities, system status, policies, the CA
   * certificate, the security posture, study download and deletion requests. Absent when the
   * archive is wired without its administration part.
   */
  static List<Route> administration(WebSettings settings, WebArchive archive) {
    WebAdministration admin = archive.administration();
    if (admin == null) {
      return List.of();
    }
    StudyAccess access = new StudyAccess(archive.index(), archive.authorizer());
    WebAudit audit = new WebAudit(archive.audit(), archive.index());
    AdminAudit adminAudit = new AdminAudit(archive.audit());
    UserRoutes users = new UserRoutes(admin.users(), adminAudit);
    EntityRoutes entities = new EntityRoutes(admin.entities(), adminAudit);
    SystemRoutes system =
        new SystemRoutes(admin.system(), admin.caCertificate(), admin.posture(), adminAudit);
    StudyDownload download = new StudyDownload(access, archive.blobs(), audit);
    Deletion deletion =
        new Deletion(access, archive.index(), archive.blobs(), archive.authorizer(), audit);
    DeletionRequestRoutes requests =
        new DeletionRequestRoutes(admin.deletionRequests(), access, deletion, adminAudit);
    String user = "/api/admin/users/{name}";
    String request = "/api/admin/deletion-requests/{id}";
    return List.of(
        // Users (MANAGE_USERS): User security attributes changed, PS3.15 A.5.3.11
        Route.guarded(GET, "/api/admin/users", Action.MANAGE_USERS, users::list),
        Route.guarded(POST, "/api/admin/users", Action.MANAGE_USERS, users::create),
        Route.guarded(POST, user + "/roles", Action.MANAGE_USERS, users::setRoles),
        Route.guarded(POST, user + "/unlock", Action.MANAGE_USERS, users::unlock),
        Route.guarded(
            POST, user + "/reset-second-factor", Action.MANAGE_USERS, users::resetSecondFactor),
        Route.guarded(DELETE, user, Action.MANAGE_USERS, users::remove),

        // Application entities (MANAGE_ENTITIES)
        Route.guarded(GET, "/api/admin/aes", Action.MANAGE_ENTITIES, entities::list),
        Route.guarded(POST, "/api/admin/aes", Action.MANAGE_ENTITIES, entities::create),
        Route.guarded(DELETE, "/api/admin/aes/{ae}", Action.MANAGE_ENTITIES, entities::remove),

        // The system (VIEW_SYSTEM: administrators and auditors)
        Route.guarded(GET, "/api/admin/status", Action.VIEW_SYSTEM, system::status),
        Route.guarded(GET, "/api/admin/policies", Action.VIEW_SYSTEM, system::policies),
        Route.guarded(GET, "/api/admin/posture", Action.VIEW_SYSTEM, system::lastPosture),
        Route.guarded(POST, "/api/admin/posture", Action.VIEW_SYSTEM, system::runPosture),
        Route.guarded(GET, "/api/ca.pem", Action.READ_CA_CERTIFICATE, system::caCertificate),

        // A study's Part 10 files as one ZIP (study scope applies)
        Route.guarded(GET, "/api/studies/{study}/download", Action.RETRIEVE, download::download),

        // Patient-requested deletion: patients ask, administrators decide
        Route.guarded(POST, "/api/me/deletion-requests", Action.REQUEST_DELETION, requests::file),
        Route.guarded(GET, "/api/me/deletion-requests", Action.REQUEST_DELETION, requests::mine),
        Route.guarded(GET, "/api/admin/deletion-requests", Action.DELETE, requests::all),
        Route.guarded(POST, request + "/approve", Action.DELETE, requests::approve),
        Route.guarded(POST, request + "/reject", Action.DELETE, requests::reject));
  }
}
