package ward.archive.index;

/** The query information models (PS3.4 C.6.1, C.6.2). */
public enum QueryModel {
  PATIENT_ROOT,
  STUDY_ROOT
}
