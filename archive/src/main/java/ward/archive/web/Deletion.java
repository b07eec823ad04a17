package ward.archive.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ward.archive.auth.Action;
import ward.archive.auth.Authorizer;
import ward.archive.auth.Principal;
import ward.archive.index.Index;
import ward.archive.index.IndexException;
import ward.archive.index.InstanceSelector;
import ward.archive.index.Level;
import ward.archive.index.StoredInstance;
import ward.archive.storage.BlobStore;

/**
 * {@code DELETE /api/studies/{study}[/series/{series}[/instances/{instance}]]}: removes the
 * instances from the index first, so no query or retrieve reaches them any more, then deletes their
 * stored objects. An object whose deletion fails is left unreferenced and logged; nothing can reach
 * it. Answers {@code {"removed": n}}, or 404 when nothing the caller may delete is there.
 */
final class Deletion {
  private static final Logger LOG = LoggerFactory.getLogger(Deletion.class);

  private final StudyAccess access;
  private final Index index;
  private final BlobStore blobs;
  private final Authorizer authorizer;
  private final WebAudit audit;

  Deletion(
      StudyAccess access, Index index, BlobStore blobs, Authorizer authorizer, WebAudit audit) {
    this.access = access;
    this.index = index;
    this.blobs = blobs;
    this.authorizer = authorizer;
    this.audit = audit;
  }

  void delete(Context ctx, Principal caller) throws Exception {
    String study = RequestValues.uid(ctx, "study");
    String series =
        ctx.pathParamMap().containsKey("series") ? RequestValues.uid(ctx, "series") : null;
    String instance =
        ctx.pathParamMap().containsKey("instance") ? RequestValues.uid(ctx, "instance") : null;
    List<StoredInstance> removed = remove(ctx, caller, study, series, instance);
    Sessions.json(ctx, 200, Json.object(Map.of("removed", removed.size())));
  }

  /**
   * Removes what the caller may delete of a study, series or instance (series and instance may be
   * null), records it and deletes the stored objects; returns what was removed.
   *
   * @throws WebException 404 when nothing the caller may delete is there
   */
  List<StoredInstance> remove(
      Context ctx, Principal caller, String study, String series, String instance)
      throws WebException, IndexException {
    List<StoredInstance> allowed = access.instances(caller, Action.DELETE, study, series, instance);
    List<String> sops = new ArrayList<>(allowed.size());
    for (StoredInstance i : allowed) {
      sops.add(i.sopInstanceUid());
    }
    List<StoredInstance> removed =
        index.remove(
            new InstanceSelector(
                Level.IMAGE,
                null,
                List.of(study),
                List.of(),
                sops,
                authorizer.studyScope(caller, Action.DELETE)));
    if (!removed.isEmpty()) {
      audit.deleted(ctx, caller, removed);
    }
    for (StoredInstance i : removed) {
      try {
        blobs.delete(i.blob());
      } catch (IOException e) {
        LOG.warn("could not delete the stored object of instance {}", i.sopInstanceUid(), e);
      }
    }
    return removed;
  }
}
