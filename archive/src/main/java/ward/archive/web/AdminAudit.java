package ward.archive.web;

import io.javalin.http.Context;
import java.util.List;
import ward.archive.audit.AuditEvent;
import ward.archive.audit.AuditTrail;
import ward.archive.audit.AuditedStudy;
import ward.archive.audit.Outcome;
import ward.archive.auth.AccountChange;
import ward.archive.auth.Principal;

/**
 * What the administration and portal routes tell the audit trail: every change they make and every
 * request they refuse, as Security Alerts (PS3.15 A.5.3.11) naming the caller and their address.
 * Refusals at the gate (401, 403) are recorded by the gate's listener, not here.
 */
final class AdminAudit {
  private final AuditTrail audit;

  AdminAudit(AuditTrail audit) {
    this.audit = audit;
  }

  /** A change to users or entities, made. */
  void changed(Context ctx, Principal caller, AccountChange change) {
    alert(
        ctx,
        caller,
        change.alertType(),
        Outcome.SUCCESS,
        change.description(),
        change.subject(),
        List.of());
  }

  /** A change to users or entities, refused: why, and what was asked. */
  void refused(Context ctx, Principal caller, AccountChange asked, String why) {
    alert(
        ctx,
        caller,
        asked.alertType(),
        Outcome.MINOR_FAILURE,
        "refused: " + asked.description() + ": " + why,
        asked.subject(),
        List.of());
  }

  void alert(
      Context ctx,
      Principal caller,
      AuditEvent.AlertType type,
      Outcome outcome,
      String what,
      String subject,
      List<AuditedStudy> studies) {
    audit.record(
        new AuditEvent.SecurityAlert(
            type,
            outcome,
            audit.source().participant(),
            WebAudit.caller(ctx, caller),
            what + " (" + ctx.method().name() + " " + ctx.path() + ")",
            subject,
            studies));
  }
}
