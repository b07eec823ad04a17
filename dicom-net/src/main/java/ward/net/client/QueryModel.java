package ward.net.client;

import ward.dicom.UID;

/** The query/retrieve information models (PS3.4 C.6), with their SOP classes. */
public enum QueryModel {
  PATIENT_ROOT(
      UID.PatientRootQueryRetrieveInformationModelFind,
      UID.PatientRootQueryRetrieveInformationModelMove,
      UID.PatientRootQueryRetrieveInformationModelGet),
  STUDY_ROOT(
      UID.StudyRootQueryRetrieveInformationModelFind,
      UID.StudyRootQueryRetrieveInformationModelMove,
      UID.StudyRootQueryRetrieveInformationModelGet);

  private final String find;
  private final String move;
  private final String get;

  QueryModel(String find, String move, String get) {
    this.find = find;
    this.move = move;
    this.get = get;
  }

  public String findSopClass() {
    return find;
  }

  public String moveSopClass() {
    return move;
  }

  public String getSopClass() {
    return get;
  }

  /** Whether the model has this level: the study root model has no patient level (C.6.2). */
  public boolean supports(QueryLevel level) {
    return this == PATIENT_ROOT || level != QueryLevel.PATIENT;
  }
}
