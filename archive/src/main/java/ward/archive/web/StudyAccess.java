package ward.archive.web;

import java.util.ArrayList;
import java.util.List;
import ward.archive.auth.Action;
import ward.archive.auth.Authorizer;
import ward.archive.auth.Principal;
import ward.archive.auth.Resource;
import ward.archive.index.Index;
import ward.archive.index.IndexException;
import ward.archive.index.InstanceSelector;
import ward.archive.index.Level;
import ward.archive.index.StoredInstance;

/**
 * The instances a request names that its caller may act on. The index is asked within the caller's
 * patient scope, and each study found is checked with the {@link Authorizer}; what the caller may
 * not see is treated as absent, so a 404 does not tell whether it exists.
 */
final class StudyAccess {
  private final Index index;
  private final Authorizer authorizer;

  StudyAccess(Index index, Authorizer authorizer) {
    this.index = index;
    this.authorizer = authorizer;
  }

  /**
   * The instances of a study, series or instance (series and instance may be null), in study,
   * series and instance number order.
   *
   * @throws WebException 404 when none exist that the caller may act on
   */
  List<StoredInstance> instances(
      Principal caller, Action action, String study, String series, String instance)
      throws WebException, IndexException {
    Level level = instance != null ? Level.IMAGE : series != null ? Level.SERIES : Level.STUDY;
    InstanceSelector selector =
        new InstanceSelector(
            level,
            null,
            List.of(study),
            series == null ? List.of() : List.of(series),
            instance == null ? List.of() : List.of(instance),
            authorizer.studyScope(caller, action));
    List<StoredInstance> allowed = new ArrayList<>();
    for (StoredInstance i : index.instances(selector)) {
      if (authorizer.allows(
          caller,
          action,
          new Resource.Study(
              i.studyInstanceUid(),
              i.patientId(),
              i.issuerOfPatientId(),
              i.referringPhysician(),
              i.institution()))) {
        allowed.add(i);
      }
    }
    if (allowed.isEmpty()) {
      throw WebException.notFound(
          instance != null
              ? "no such instance"
              : series != null ? "no such series" : "no such study");
    }
    return allowed;
  }

  /** One instance, as {@link #instances} finds it. */
  StoredInstance instance(
      Principal caller, Action action, String study, String series, String instance)
      throws WebException, IndexException {
    return instances(caller, action, study, series, instance).get(0);
  }
}
