package ward.scan.dicom;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.SocketFactory;
import ward.dicom.UID;
import ward.dicom.UidDictionary;
import ward.net.client.ClientSettings;
import ward.net.client.DicomClient;
import ward.net.client.Peer;
import ward.net.pdu.UserInformation.UserIdentityRq;
import ward.scan.ProbeContext;
import ward.scan.target.Endpoint;
import ward.scan.tls.ProbeTls;
import ward.scan.tls.TlsProbe;

/**
 * The DICOM part of an assessment (the methodology of the public studies of exposed PACS): is the
 * port reachable, does it answer an A-ASSOCIATE-RQ (PS3.8 9.3.2) in plain or over TLS, with an
 * invented called AE title or one of a dictionary of common ones, and with what rejection (PS3.8
 * 9.3.4: result, source, reason); which services and transfer syntaxes an unauthenticated caller
 * gets, the implementation class UID and version name (PS3.7 D.3.3.2-3) as a fingerprint; then what
 * queries reveal, counted without keeping patient data.
 */
public final class DicomProbe {

  /** AE titles PACS and toolkits answer to out of the box. */
  public static final List<String> COMMON_AE_TITLES =
      List.of(
          "ANY-SCP",
          "ANYSCP",
          "ORTHANC",
          "DCM4CHEE",
          "DCM4CHEE-ARC",
          "STORESCP",
          "PACS",
          "DICOM",
          "SERVER",
          "SCP",
          "ARCHIVE",
          "QRSCP",
          "DCMQRSCP",
          "CONQUESTSRV1",
          "OSIRIX",
          "HOROS",
          "CLEARCANVAS",
          "WARD",
          "PACS_SCP",
          "STORE_SCP");

  /** Transfer syntaxes probed for image storage, one presentation context each. */
  public static final List<String> PROBED_TRANSFER_SYNTAXES =
      List.of(
          UID.ImplicitVRLittleEndian,
          UID.ExplicitVRLittleEndian,
          UID.ExplicitVRBigEndian,
          UID.DeflatedExplicitVRLittleEndian,
          UID.JPEGBaseline8Bit,
          UID.JPEGLosslessSV1,
          UID.JPEG2000Lossless,
          UID.JPEG2000,
          UID.RLELossless);

  static final List<String> NATIVE =
      List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);

  /** The services proposed (PS3.4 A, B, C), then CT storage once per probed transfer syntax. */
  static final List<Map.Entry<String, List<String>>> CONTEXTS = contexts();

  private static List<Map.Entry<String, List<String>>> contexts() {
    List<Map.Entry<String, List<String>>> c = new ArrayList<>();
    for (String sop :
        List.of(
            UID.Verification,
            UID.StudyRootQueryRetrieveInformationModelFind,
            UID.PatientRootQueryRetrieveInformationModelFind,
            UID.StudyRootQueryRetrieveInformationModelGet,
            UID.PatientRootQueryRetrieveInformationModelGet,
            UID.StudyRootQueryRetrieveInformationModelMove,
            UID.PatientRootQueryRetrieveInformationModelMove,
            UID.MRImageStorage,
            UID.SecondaryCaptureImageStorage)) {
      c.add(Map.entry(sop, NATIVE));
    }
    for (String ts : PROBED_TRANSFER_SYNTAXES) {
      c.add(Map.entry(UID.CTImageStorage, List.of(ts)));
    }
    return List.copyOf(c);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ProbeContext context;
  private final AssociationRequest requests;

  public DicomProbe(ProbeContext context) {
    this.context = context;
    this.requests = new AssociationRequest(context);
  }

  /** An AE title nobody configures: "W" and 15 random letters. */
  static String randomAeTitle() {
    StringBuilder b = new StringBuilder("W");
    for (int i = 0; i < 15; i++) {
      b.append((char) ('A' + RANDOM.nextInt(26)));
    }
    return b.toString();
  }

  /** Assesses one endpoint. */
  public DicomObservation probe(Endpoint endpoint) {
    String key = endpoint.key();
    String host = endpoint.address().getHostAddress();
    int timeout = (int) context.settings().timeout().toMillis();
    context.rate().acquire();
    context.log().sent(key, "TCP connect");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(endpoint.address(), endpoint.port()), timeout);
    } catch (IOException e) {
      return DicomObservation.unreachable("no TCP connection: " + e.getMessage());
    }
    List<AeAttempt> attempts = new ArrayList<>();
    String random = randomAeTitle();
    AssociationRequest.Accepted accepted = null;
    String transport = "plain";
    SocketFactory factory = SocketFactory.getDefault();
    AssociationRequest.Attempt first =
        requests.attempt(endpoint, host, factory, "plain", random, null);
    attempts.add(first.record());
    boolean tlsNeedsCertificate = false;
    if (!first.spokeDicom()) {
      AssociationRequest.Attempt tls =
          requests.attempt(endpoint, host, ProbeTls.socketFactory(), "tls", random, null);
      if (tls.spokeDicom()) {
        attempts.add(tls.record());
        transport = "tls";
        factory = ProbeTls.socketFactory();
        first = tls;
      } else {
        tlsNeedsCertificate =
            tls.needsClientCertificate()
                || new TlsProbe(context).handshake(endpoint)
                    == TlsProbe.Result.NEEDS_CLIENT_CERTIFICATE;
        String note =
            tlsNeedsCertificate
                ? "TLS handshake refused without a client certificate"
                : "no DICOM answer in plain ("
                    + first.record().detail()
                    + ") or TLS ("
                    + tls.record().detail()
                    + ")";
        return new DicomObservation(
            true,
            tlsNeedsCertificate ? "tls" : null,
            attempts,
            null,
            false,
            List.of(),
            List.of(),
            null,
            null,
            -1,
            tlsNeedsCertificate,
            null,
            null,
            null,
            note);
      }
    }
    accepted = first.accepted();
    boolean anyAe = accepted != null;
    AeAttempt last = first.record();
    if (accepted == null && shouldTryOtherTitles(first.record())) {
      Set<String> titles = new LinkedHashSet<>(context.settings().extraCalledAes());
      titles.addAll(COMMON_AE_TITLES);
      for (String ae : titles) {
        AssociationRequest.Attempt a =
            requests.attempt(endpoint, host, factory, transport, ae, null);
        attempts.add(a.record());
        last = a.record();
        if (a.accepted() != null) {
          accepted = a.accepted();
          break;
        }
        if (a.record().outcome() == AeAttempt.Outcome.REJECTED
            && !a.record().calledAeNotRecognized()) {
          break; // the called AE title is known: something else is refused
        }
      }
    }
    if (accepted == null && last.outcome() == AeAttempt.Outcome.REJECTED) {
      // PS3.7 D.3.3.7: does an invented user name and passcode get in?
      AssociationRequest.Attempt a =
          requests.attempt(endpoint, host, factory, transport, last.calledAe(), inventedIdentity());
      attempts.add(a.record());
      if (a.accepted() != null) {
        accepted = a.accepted();
      }
    }
    if (accepted == null) {
      return new DicomObservation(
          true,
          transport,
          attempts,
          null,
          false,
          List.of(),
          List.of(),
          first.implementationUid(),
          first.implementationVersion(),
          -1,
          false,
          null,
          null,
          null,
          null);
    }
    Peer peer = new Peer(accepted.calledAe(), host, endpoint.port());
    ClientSettings client = requests.clientSettings(factory, accepted.identity());
    DicomClient dicom = new DicomClient(peer, client);
    QueryExposure query = null;
    if (accepted.services().contains(UID.StudyRootQueryRetrieveInformationModelFind)
        || accepted.services().contains(UID.PatientRootQueryRetrieveInformationModelFind)) {
      query = new ExposureCounter(context, key, dicom, accepted.services()).count();
    }
    ActiveChecks active = new ActiveChecks(context, key, dicom);
    ActiveTest retrieval = active.retrieve(accepted.services(), query);
    ActiveTest storage = active.store(accepted.services());
    List<String> serviceNames = new ArrayList<>();
    for (String sop : accepted.services()) {
      serviceNames.add(UidDictionary.nameOf(sop));
    }
    List<String> tsNames = new ArrayList<>();
    for (String ts : accepted.transferSyntaxes()) {
      tsNames.add(UidDictionary.nameOf(ts));
    }
    return new DicomObservation(
        true,
        transport,
        attempts,
        accepted.calledAe(),
        anyAe,
        serviceNames,
        tsNames,
        accepted.implementationUid(),
        accepted.implementationVersion(),
        accepted.echoStatus(),
        false,
        query,
        retrieval,
        storage,
        null);
  }

  private static boolean shouldTryOtherTitles(AeAttempt a) {
    return a.outcome() == AeAttempt.Outcome.REJECTED || a.outcome() == AeAttempt.Outcome.ABORTED;
  }

  private static UserIdentityRq inventedIdentity() {
    byte[] name =
        ("wardscan-" + Long.toHexString(RANDOM.nextLong())).getBytes(StandardCharsets.US_ASCII);
    byte[] pass = Long.toHexString(RANDOM.nextLong()).getBytes(StandardCharsets.US_ASCII);
    return new UserIdentityRq(UserIdentityRq.USERNAME_AND_PASSCODE, true, name, pass);
  }
}
