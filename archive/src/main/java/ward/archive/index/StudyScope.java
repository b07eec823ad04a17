package ward.archive.index;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The studies a query or retrieve may reach: those of one of the patient IDs, of one of the issuers
 * of patient ID, with one of the referring physicians, or named explicitly; a study that meets any
 * one rule is in scope. An empty scope reaches nothing. Queries and selections apply it in the
 * database, so nothing outside it is matched, counted or returned.
 *
 * @param referringPhysicians person names, kept as they are matched (alphabetic group, upper case)
 * @param institutions institution names (upper case), matched against the Institution Name of a
 *     study's first instance
 */
public record StudyScope(
    Set<String> patientIds,
    Set<String> issuersOfPatientId,
    Set<String> referringPhysicians,
    Set<String> studyInstanceUids,
    Set<String> institutions) {

  public StudyScope {
    patientIds = Set.copyOf(patientIds);
    issuersOfPatientId = Set.copyOf(issuersOfPatientId);
    referringPhysicians =
        referringPhysicians.stream()
            .map(KeyValues::personName)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    studyInstanceUids = Set.copyOf(studyInstanceUids);
    institutions =
        institutions.stream()
            .map(i -> i.strip().toUpperCase(java.util.Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** A scope without institution rules. */
  public StudyScope(
      Set<String> patientIds,
      Set<String> issuersOfPatientId,
      Set<String> referringPhysicians,
      Set<String> studyInstanceUids) {
    this(patientIds, issuersOfPatientId, referringPhysicians, studyInstanceUids, Set.of());
  }

  /** The studies of these patient IDs. */
  public static StudyScope ofPatients(Set<String> patientIds) {
    return new StudyScope(patientIds, Set.of(), Set.of(), Set.of());
  }

  /** Whether no study is in scope. */
  public boolean isEmpty() {
    return patientIds.isEmpty()
        && issuersOfPatientId.isEmpty()
        && referringPhysicians.isEmpty()
        && studyInstanceUids.isEmpty()
        && institutions.isEmpty();
  }

  /** Both scopes together: a study in either is in this one. */
  public StudyScope union(StudyScope other) {
    return new StudyScope(
        union(patientIds, other.patientIds),
        union(issuersOfPatientId, other.issuersOfPatientId),
        union(referringPhysicians, other.referringPhysicians),
        union(studyInstanceUids, other.studyInstanceUids),
        union(institutions, other.institutions));
  }

  /** Whether a study with these attributes is in scope (any of them may be null). */
  public boolean admits(
      String studyInstanceUid,
      String patientId,
      String issuer,
      String referringPhysician,
      String institution) {
    return studyInstanceUid != null && studyInstanceUids.contains(studyInstanceUid)
        || institution != null
            && institutions.contains(institution.strip().toUpperCase(java.util.Locale.ROOT))
        || patientId != null && patientIds.contains(patientId)
        || issuer != null && issuersOfPatientId.contains(issuer)
        || referringPhysician != null
            && referringPhysicians.contains(KeyValues.personName(referringPhysician));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return a.isEmpty()
        ? b
        : b.isEmpty()
            ? a
            : java.util.stream.Stream.concat(a.stream(), b.stream())
                .collect(Collectors.toUnmodifiableSet());
  }
}
