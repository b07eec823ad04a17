package ward.archive.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ward.archive.index.Index;
import ward.archive.index.IndexException;
import ward.archive.index.IndexQuery;
import ward.archive.index.Level;
import ward.archive.index.QueryModel;
import ward.archive.index.StoredInstance;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;

/**
 * A study an event concerns, with its patient: written as a Study participant object (with its SOP
 * classes and their instance counts) and a Patient participant object (PS3.15 A.5.2.5, A.5.3).
 *
 * @param patientId the patient ID, or null when not known
 * @param sopClasses SOP class UID to the number of instances concerned; may be empty
 */
public record AuditedStudy(
    String studyInstanceUid, String patientId, Map<String, Integer> sopClasses) {

  public AuditedStudy {
    if (studyInstanceUid == null || studyInstanceUid.isEmpty()) {
      throw new IllegalArgumentException("an audited study has a Study Instance UID");
    }
    sopClasses = java.util.Collections.unmodifiableMap(new TreeMap<>(sopClasses));
  }

  /** A study whose instances are not counted. */
  public static AuditedStudy of(String studyInstanceUid, String patientId) {
    return new AuditedStudy(studyInstanceUid, patientId, Map.of());
  }

  /** The studies of these instances, in the order first met, with their SOP classes counted. */
  public static List<AuditedStudy> of(Collection<StoredInstance> instances) {
    Map<String, String> patients = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> classes = new LinkedHashMap<>();
    for (StoredInstance i : instances) {
      patients.putIfAbsent(i.studyInstanceUid(), i.patientId());
      classes
          .computeIfAbsent(i.studyInstanceUid(), k -> new TreeMap<>())
          .merge(i.sopClassUid(), 1, Integer::sum);
    }
    List<AuditedStudy> studies = new ArrayList<>(patients.size());
    patients.forEach((uid, pid) -> studies.add(new AuditedStudy(uid, pid, classes.get(uid))));
    return studies;
  }

  /**
   * The studies query matches name (by Study Instance UID, with the Patient ID when the match holds
   * it), at most {@code max}, in the order first met.
   */
  public static List<AuditedStudy> ofMatches(Collection<DataSet> matches, int max) {
    Map<String, String> patients = new LinkedHashMap<>();
    for (DataSet m : matches) {
      String study = m.getString(Tags.StudyInstanceUID);
      if (study != null && !study.isEmpty()) {
        patients.putIfAbsent(study, m.getString(Tags.PatientID));
        if (patients.size() >= max) {
          break;
        }
      }
    }
    List<AuditedStudy> studies = new ArrayList<>(patients.size());
    patients.forEach((uid, pid) -> studies.add(AuditedStudy.of(uid, pid)));
    return studies;
  }

  /**
   * Like {@link #ofMatches(Collection, int)}, with the Patient IDs the matches lack (a query that
   * did not ask for them) looked up in the index with one study-level query, so a patient's
   * accounting of disclosures shows queries that found their studies. When the look-up fails the
   * studies are named without them.
   */
  public static List<AuditedStudy> ofMatches(Index index, Collection<DataSet> matches, int max) {
    List<AuditedStudy> studies = ofMatches(matches, max);
    List<String> unknown = new ArrayList<>();
    for (AuditedStudy s : studies) {
      if (s.patientId() == null || s.patientId().isEmpty()) {
        unknown.add(s.studyInstanceUid());
      }
    }
    if (unknown.isEmpty()) {
      return studies;
    }
    Map<String, String> patients = new LinkedHashMap<>();
    try {
      DataSet keys =
          DataSet.builder()
              .setString(Tags.StudyInstanceUID, VR.UI, unknown.toArray(new String[0]))
              .setString(Tags.PatientID, VR.LO)
              .build();
      for (DataSet m :
          index.find(
              new IndexQuery(
                  QueryModel.STUDY_ROOT, Level.STUDY, keys, false, null, 0, unknown.size()))) {
        patients.put(m.getString(Tags.StudyInstanceUID), m.getString(Tags.PatientID));
      }
    } catch (IndexException | RuntimeException e) {
      return studies;
    }
    List<AuditedStudy> filled = new ArrayList<>(studies.size());
    for (AuditedStudy s : studies) {
      String pid = s.patientId();
      filled.add(
          pid == null || pid.isEmpty()
              ? AuditedStudy.of(s.studyInstanceUid(), patients.get(s.studyInstanceUid()))
              : s);
    }
    return filled;
  }

  /** How many instances are counted. */
  public int instances() {
    return sopClasses.values().stream().mapToInt(Integer::intValue).sum();
  }
}
