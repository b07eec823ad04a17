package ward.net.client;

/** The values of Query/Retrieve Level (0008,0052) (PS3.4 C.2.2.1). */
public enum QueryLevel {
  PATIENT,
  STUDY,
  SERIES,
  IMAGE;

  /** The value as sent in the identifier. */
  public String code() {
    return name();
  }
}
