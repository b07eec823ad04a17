package ward.net.server;

import java.util.Map;
import java.util.Set;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.UID;

/** The Query/Retrieve Levels each information model allows (PS3.4 C.3, C.6). */
final class QueryRetrieveLevel {
  private QueryRetrieveLevel() {}

  private static final Set<String> PATIENT_ROOT = Set.of("PATIENT", "STUDY", "SERIES", "IMAGE");
  private static final Set<String> STUDY_ROOT = Set.of("STUDY", "SERIES", "IMAGE");
  private static final Set<String> PATIENT_STUDY_ONLY = Set.of("PATIENT", "STUDY");

  private static final Map<String, Set<String>> LEVELS =
      Map.of(
          UID.PatientRootQueryRetrieveInformationModelFind, PATIENT_ROOT,
          UID.PatientRootQueryRetrieveInformationModelMove, PATIENT_ROOT,
          UID.PatientRootQueryRetrieveInformationModelGet, PATIENT_ROOT,
          UID.StudyRootQueryRetrieveInformationModelFind, STUDY_ROOT,
          UID.StudyRootQueryRetrieveInformationModelMove, STUDY_ROOT,
          UID.StudyRootQueryRetrieveInformationModelGet, STUDY_ROOT,
          UID.PatientStudyOnlyQueryRetrieveInformationModelFind, PATIENT_STUDY_ONLY,
          UID.PatientStudyOnlyQueryRetrieveInformationModelMove, PATIENT_STUDY_ONLY,
          UID.PatientStudyOnlyQueryRetrieveInformationModelGet, PATIENT_STUDY_ONLY);

  /**
   * Checks the identifier's level for the Query/Retrieve information models; other models (a
   * worklist, for example) are the handler's to check.
   *
   * @return null when acceptable, otherwise an A900 status saying why
   */
  static Status check(String informationModel, DataSet identifier) {
    Set<String> allowed = LEVELS.get(informationModel);
    if (allowed == null) {
      return null;
    }
    String level = identifier.getString(Tags.QueryRetrieveLevel);
    if (level == null || level.isBlank()) {
      return Status.of(Status.DOES_NOT_MATCH_SOP_CLASS, "Query/Retrieve Level is missing");
    }
    if (!allowed.contains(level.strip())) {
      return Status.of(
          Status.DOES_NOT_MATCH_SOP_CLASS,
          "Query/Retrieve Level not valid for this information model");
    }
    return null;
  }
}
