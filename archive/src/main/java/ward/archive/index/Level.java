package ward.archive.index;

/** The four levels of the PS3.4 C.6 information models, top down. */
public enum Level {
  PATIENT,
  STUDY,
  SERIES,
  IMAGE
}
