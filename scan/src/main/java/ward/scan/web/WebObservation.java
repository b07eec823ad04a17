package ward.scan.web;

import java.util.List;

/**
 * What a web port answered without credentials.
 *
 * @param reachable whether a TCP connection was made
 * @param scheme "http" or "https", or null when the port did not speak HTTP
 * @param server the Server header, or null
 * @param open endpoints that answered with content without a login
 * @param closed endpoints that asked for a login (401/403)
 * @param defaultCredentials endpoints opened by a well-known default user and password (only tried
 *     with the opt-in)
 */
public record WebObservation(
    boolean reachable,
    String scheme,
    String server,
    List<OpenEndpoint> open,
    List<String> closed,
    List<OpenEndpoint> defaultCredentials,
    ward.scan.dicom.ActiveTest retrieval) {
  public WebObservation {
    open = List.copyOf(open);
    closed = List.copyOf(closed);
    defaultCredentials = List.copyOf(defaultCredentials);
  }

  /**
   * A path that answered.
   *
   * @param path the path requested
   * @param kind what it is: "dicomweb-qido", "dicomweb-wado", "orthanc-rest", "orthanc-patients",
   *     "viewer", "dcm4chee-rest"
   * @param status the HTTP status
   * @param items how many entries a listing held, or -1 when not a listing
   * @param patientData whether the answer holds patient-level data (names, IDs)
   */
  public record OpenEndpoint(
      String path, String kind, int status, int items, boolean patientData) {}

  public boolean speaksHttp() {
    return scheme != null;
  }
}
