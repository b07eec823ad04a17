package ward.archive.web;

import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ward.archive.audit.AuditEvent;
import ward.archive.audit.Outcome;
import ward.archive.auth.Principal;
import ward.archive.posture.PostureScans;

/**
 * The system as administrators and auditors see it ({@code VIEW_SYSTEM}), and the CA certificate
 * for everyone signed in.
 *
 * <ul>
 *   <li>{@code GET /api/admin/status}: counts, ports, integrity, audit, keys ({@link SystemStatus})
 *   <li>{@code GET /api/admin/policies}: the security-relevant settings in force, read-only
 *   <li>{@code GET /api/ca.pem}: the archive CA's certificate (never its key)
 *   <li>{@code GET /api/admin/posture}: the last self-scan, {@code {"startedAt","finishedAt",
 *       "requestedBy","report"}} where report is {@code ward scan}'s JSON; 404 when none ran
 *   <li>{@code POST /api/admin/posture}: scans this archive's own listeners on loopback now (on a
 *       worker, one scan at a time, bounded by a timeout) and answers the same; 504 on timeout
 * </ul>
 */
final class SystemRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(SystemRoutes.class);

  private final SystemStatus status;
  private final Path caCertificate;
  private final PostureScans posture;
  private final AdminAudit audit;

  SystemRoutes(SystemStatus status, Path caCertificate, PostureScans posture, AdminAudit audit) {
    this.status = status;
    this.caCertificate = caCertificate;
    this.posture = posture;
    this.audit = audit;
  }

  void status(Context ctx, Principal caller) throws Exception {
    Sessions.json(ctx, 200, Json.write(status.status()));
  }

  void policies(Context ctx, Principal caller) {
    Sessions.json(ctx, 200, Json.write(status.policies()));
  }

  void caCertificate(Context ctx, Principal caller) throws Exception {
    String pem = Files.readString(caCertificate);
    if (!pem.contains("-----BEGIN CERTIFICATE-----") || pem.contains("PRIVATE KEY")) {
      throw new IllegalStateException("the CA certificate file holds something else");
    }
    ctx.status(200);
    ctx.contentType("application/x-pem-file");
    ctx.header("Content-Disposition", "attachment; filename=\"ward-ca.pem\"");
    ctx.result(pem);
  }

  void lastPosture(Context ctx, Principal caller) throws WebException {
    Optional<PostureScans.Result> last = posture.last();
    if (last.isEmpty()) {
      throw WebException.notFound("no scan yet");
    }
    Sessions.json(ctx, 200, answer(last.get()));
  }

  /** Runs the scan without holding a request thread: the answer is written when it ends. */
  void runPosture(Context ctx, Principal caller) {
    ctx.future(
        () ->
            posture
                .run(caller.name())
                .handle(
                    (result, failure) -> {
                      if (failure == null) {
                        audit.alert(
                            ctx,
                            caller,
                            AuditEvent.AlertType.SECURITY_CONFIGURATION,
                            Outcome.SUCCESS,
                            "security posture scan of this archive's own listeners",
                            "posture",
                            List.of());
                        Sessions.json(ctx, 200, answer(result));
                        return null;
                      }
                      Throwable cause =
                          failure instanceof CompletionException && failure.getCause() != null
                              ? failure.getCause()
                              : failure;
                      audit.alert(
                          ctx,
                          caller,
                          AuditEvent.AlertType.SECURITY_CONFIGURATION,
                          Outcome.MINOR_FAILURE,
                          "security posture scan failed: " + cause.getClass().getSimpleName(),
                          "posture",
                          List.of());
                      if (cause instanceof TimeoutException) {
                        Sessions.json(ctx, 504, Json.error(cause.getMessage()));
                      } else {
                        LOG.warn("posture scan failed", cause);
                        Sessions.json(ctx, 500, Json.error("the scan failed"));
                      }
                      return null;
                    }));
  }

  private static String answer(PostureScans.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("startedAt", r.startedAt().toString());
    m.put("finishedAt", r.finishedAt().toString());
    m.put("requestedBy", r.requestedBy());
    m.put("report", new Json.Raw(r.report()));
    return Json.write(m);
  }
}
