package ward.scan.finding;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import ward.scan.dicom.ActiveTest;
import ward.scan.dicom.AeAttempt;
import ward.scan.dicom.DicomObservation;
import ward.scan.dicom.QueryExposure;
import ward.scan.target.Endpoint;
import ward.scan.target.Protocol;

/** Hand-made observations for testing the judgement and the reports without a network. */
public final class Observations {
  private Observations() {}

  public static Endpoint endpoint(String host, int port) {
    try {
      return new Endpoint(host, InetAddress.getByName("127.0.0.1"), port, Set.of(Protocol.DICOM));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  public static AeAttempt accepted(String ae) {
    return new AeAttempt(ae, false, AeAttempt.Outcome.ACCEPTED, 0, 0, 0, "accepted");
  }

  public static AeAttempt rejected(String ae, int source, int reason) {
    return new AeAttempt(ae, false, AeAttempt.Outcome.REJECTED, 1, source, reason, "rejected");
  }

  public static QueryExposure exposure(long studies, long instances, boolean ssn) {
    return new QueryExposure(
        0,
        studies,
        instances,
        "study-related-instances",
        0,
        studies,
        List.of("PatientName"),
        ssn,
        false,
        null);
  }

  /** An open PACS: any AE, plaintext, queries answered; store and retrieval as given. */
  public static DicomObservation open(
      String implementationVersion, QueryExposure q, boolean stored, boolean retrieved) {
    return new DicomObservation(
        true,
        "plain",
        List.of(accepted("WRANDOMRANDOMRAN")),
        "WRANDOMRANDOMRAN",
        true,
        List.of("Verification SOP Class", "CT Image Storage"),
        List.of("Implicit VR Little Endian"),
        "1.2.3",
        implementationVersion,
        0,
        false,
        q,
        new ActiveTest(retrieved, retrieved, retrieved ? "C-GET delivered 1" : "not tried"),
        new ActiveTest(stored, stored, stored ? "C-STORE accepted" : "not tried"),
        null);
  }

  public static DicomObservation hardened() {
    return new DicomObservation(
        true,
        "tls",
        List.of(rejected("WRANDOMRANDOMRAN", 1, 7), rejected("WARD", 1, 1)),
        null,
        false,
        List.of(),
        List.of(),
        null,
        null,
        -1,
        false,
        null,
        null,
        null,
        null);
  }
}
