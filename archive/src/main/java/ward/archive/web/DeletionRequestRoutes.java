package ward.archive.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ward.archive.audit.AuditEvent;
import ward.archive.audit.AuditedStudy;
import ward.archive.audit.Outcome;
import ward.archive.auth.Action;
import ward.archive.auth.Principal;
import ward.archive.index.StoredInstance;
import ward.archive.lifecycle.DeletionRequest;
import ward.archive.lifecycle.DeletionRequests;

/**
 * Patient-requested deletion: a patient asks, an administrator decides.
 *
 * <ul>
 *   <li>{@code POST /api/me/deletion-requests} {@code {"study","reason"}} ({@code
 *       REQUEST_DELETION}): 201 with the request. Only a study of the patient's own: any other is
 *       answered 404 as if absent, and the attempt is recorded.
 *   <li>{@code GET /api/me/deletion-requests}: the caller's own requests, newest first.
 *   <li>{@code GET /api/admin/deletion-requests} ({@code DELETE}): every request, newest first.
 *   <li>{@code POST /api/admin/deletion-requests/{id}/approve} ({@code DELETE}): deletes the study
 *       (a DICOM Study Deleted record, PS3.15 A.5.3.8) and marks the request approved; 204.
 *   <li>{@code POST /api/admin/deletion-requests/{id}/reject} ({@code DELETE}): 204.
 * </ul>
 *
 * <p>Filing and deciding are recorded as Security Alerts, "Object Security Attributes Changed"
 * (A.5.3.11), naming the study and its patient. A request decided already is 409.
 */
final class DeletionRequestRoutes {
  private static final int MAX_LISTED = 1000;

  private final DeletionRequests requests;
  private final StudyAccess access;
  private final Deletion deletion;
  private final AdminAudit audit;

  DeletionRequestRoutes(
      DeletionRequests requests, StudyAccess access, Deletion deletion, AdminAudit audit) {
    this.requests = requests;
    this.access = access;
    this.deletion = deletion;
    this.audit = audit;
  }

  void file(Context ctx, Principal caller) throws Exception {
    AdminBody body = AdminBody.of(ctx, Set.of("study", "reason"));
    String study = RequestValues.uid(body.string("study", 64, true), "'study'");
    String reason = body.string("reason", DeletionRequests.MAX_REASON, false);
    List<StoredInstance> instances;
    try {
      instances = access.instances(caller, Action.REQUEST_DELETION, study, null, null);
    } catch (WebException notTheirs) {
      // the study is not named in the record: whether it exists is not the caller's to learn
      audit.alert(
          ctx,
          caller,
          AuditEvent.AlertType.USE_OF_RESTRICTED_FUNCTION,
          Outcome.MINOR_FAILURE,
          "refused: deletion request for a study the requester may not see",
          null,
          List.of());
      throw notTheirs;
    }
    DeletionRequest filed;
    try {
      filed = requests.file(caller.name(), study, reason == null ? "" : reason);
    } catch (DeletionRequests.Refused e) {
      throw new WebException(409, e.getMessage());
    }
    audit.alert(
        ctx,
        caller,
        AuditEvent.AlertType.OBJECT_SECURITY_ATTRIBUTES_CHANGED,
        Outcome.SUCCESS,
        "deletion requested by the patient (request " + filed.id() + ")",
        "deletion-request:" + filed.id(),
        List.of(AuditedStudy.of(study, instances.get(0).patientId())));
    Sessions.json(ctx, 201, Json.write(describe(filed)));
  }

  void mine(Context ctx, Principal caller) {
    answer(ctx, requests.of(caller.name(), MAX_LISTED));
  }

  void all(Context ctx, Principal caller) {
    answer(ctx, requests.all(MAX_LISTED));
  }

  void approve(Context ctx, Principal caller) throws Exception {
    long id = id(ctx);
    DeletionRequest approved = decide(ctx, caller, id, DeletionRequest.State.APPROVED);
    List<StoredInstance> removed;
    try {
      removed = deletion.remove(ctx, caller, approved.study(), null, null);
    } catch (WebException gone) {
      removed = List.of(); // deleted meanwhile: the request is carried out all the same
    } catch (Exception | Error e) {
      requests.reopen(id);
      throw e;
    }
    audit.alert(
        ctx,
        caller,
        AuditEvent.AlertType.OBJECT_SECURITY_ATTRIBUTES_CHANGED,
        Outcome.SUCCESS,
        "deletion request "
            + id
            + " of "
            + approved.requester()
            + " approved: "
            + removed.size()
            + " instance(s) deleted",
        "deletion-request:" + id,
        removed.isEmpty()
            ? List.of(AuditedStudy.of(approved.study(), null))
            : AuditedStudy.of(removed));
    ctx.status(204);
  }

  void reject(Context ctx, Principal caller) throws Exception {
    long id = id(ctx);
    DeletionRequest rejected = decide(ctx, caller, id, DeletionRequest.State.REJECTED);
    audit.alert(
        ctx,
        caller,
        AuditEvent.AlertType.OBJECT_SECURITY_ATTRIBUTES_CHANGED,
        Outcome.SUCCESS,
        "deletion request " + id + " of " + rejected.requester() + " rejected",
        "deletion-request:" + id,
        List.of(AuditedStudy.of(rejected.study(), null)));
    ctx.status(204);
  }

  private DeletionRequest decide(Context ctx, Principal caller, long id, DeletionRequest.State to)
      throws WebException {
    Optional<DeletionRequest> decided;
    try {
      decided = requests.decide(id, to, caller.name());
    } catch (DeletionRequests.Refused e) {
      audit.alert(
          ctx,
          caller,
          AuditEvent.AlertType.OBJECT_SECURITY_ATTRIBUTES_CHANGED,
          Outcome.MINOR_FAILURE,
          "refused: deletion request " + id + ": " + e.getMessage(),
          "deletion-request:" + id,
          List.of());
      throw new WebException(409, e.getMessage());
    }
    return decided.orElseThrow(() -> WebException.notFound("no such deletion request"));
  }

  private static long id(Context ctx) throws WebException {
    return RequestValues.integer(ctx.pathParam("id"), "a request id", 1, Integer.MAX_VALUE);
  }

  private static void answer(Context ctx, List<DeletionRequest> list) {
    List<Object> out = new ArrayList<>(list.size());
    for (DeletionRequest r : list) {
      out.add(describe(r));
    }
    Sessions.json(ctx, 200, Json.write(out));
  }

  static Map<String, Object> describe(DeletionRequest r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("requester", r.requester());
    m.put("study", r.study());
    m.put("reason", r.reason());
    m.put("requestedAt", r.requestedAt().toString());
    m.put("state", r.state().name());
    m.put("decidedBy", r.decidedBy());
    m.put("decidedAt", r.decidedAt() == null ? null : r.decidedAt().toString());
    return m;
  }
}
