package ward.archive.web;

import io.javalin.http.Context;
import java.util.List;
import ward.archive.audit.AuditEvent;
import ward.archive.audit.AuditTrail;
import ward.archive.audit.AuditedStudy;
import ward.archive.audit.Outcome;
import ward.archive.audit.Participant;
import ward.archive.auth.Principal;
import ward.archive.index.Index;
import ward.archive.index.StoredInstance;
import ward.dicom.DataSet;
import ward.dicom.UID;

/**
 * What the HTTPS handlers tell the audit trail (PS3.15 A.5.3), each after it has answered: the
 * caller is the authenticated principal from the client's address.
 */
final class WebAudit {
  /** The most studies one query's audit record names. */
  private static final int MAX_AUDITED_STUDIES = 1000;

  private final AuditTrail audit;
  private final Index index;

  WebAudit(AuditTrail audit, Index index) {
    this.audit = audit;
    this.index = index;
  }

  static Participant caller(Context ctx, Principal p) {
    return Participant.requestor(p.name(), null, ctx.ip());
  }

  /** QIDO-RS: A.5.3.10 Query, with the studies it matched. */
  void queried(Context ctx, Principal p, List<DataSet> found) {
    String query = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    audit.record(
        new AuditEvent.Query(
            Outcome.SUCCESS,
            caller(ctx, p),
            audit.source().participant(),
            UID.StudyRootQueryRetrieveInformationModelFind,
            query,
            AuditedStudy.ofMatches(index, found, MAX_AUDITED_STUDIES)));
  }

  /** WADO-RS instances, WADO-URI objects: A.5.3.7 DICOM Instances Transferred (Read). */
  void sent(Context ctx, Principal p, List<StoredInstance> instances) {
    Participant caller = caller(ctx, p);
    audit.record(
        new AuditEvent.InstancesTransferred(
            AuditEvent.ActionCode.READ,
            Outcome.SUCCESS,
            audit.source().participant(),
            caller.notRequestor(),
            caller,
            AuditedStudy.of(instances)));
  }

  /** Metadata, bulk data, frames, rendered images: A.5.3.6 DICOM Instances Accessed (Read). */
  void read(Context ctx, Principal p, List<StoredInstance> instances) {
    audit.record(
        new AuditEvent.InstancesAccessed(
            AuditEvent.ActionCode.READ,
            Outcome.SUCCESS,
            caller(ctx, p),
            AuditedStudy.of(instances)));
  }

  /** STOW-RS: A.5.3.7 DICOM Instances Transferred (Create). */
  void received(Context ctx, Principal p, List<StoredInstance> stored, boolean allStored) {
    audit.received(
        caller(ctx, p),
        allStored ? Outcome.SUCCESS : Outcome.MINOR_FAILURE,
        AuditedStudy.of(stored));
  }

  /** DELETE: A.5.3.8 DICOM Study Deleted, with what was removed. */
  void deleted(Context ctx, Principal p, List<StoredInstance> removed) {
    audit.record(
        new AuditEvent.StudyDeleted(Outcome.SUCCESS, caller(ctx, p), AuditedStudy.of(removed)));
  }
}
