package ward.net.pdu;

import java.util.List;

/** The seven protocol data units of the DICOM Upper Layer (PS3.8 9.3). */
public sealed interface Pdu
    permits Pdu.AssociateRq,
        Pdu.AssociateAc,
        Pdu.AssociateRj,
        Pdu.PDataTf,
        Pdu.ReleaseRq,
        Pdu.ReleaseRp,
        Pdu.Abort {

  /** The DICOM application context name (PS3.7 A.2.1). */
  String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

  int TYPE_ASSOCIATE_RQ = 0x01;
  int TYPE_ASSOCIATE_AC = 0x02;
  int TYPE_ASSOCIATE_RJ = 0x03;
  int TYPE_P_DATA_TF = 0x04;
  int TYPE_RELEASE_RQ = 0x05;
  int TYPE_RELEASE_RP = 0x06;
  int TYPE_ABORT = 0x07;

  /** A-ASSOCIATE-RQ (PS3.8 9.3.2). */
  record AssociateRq(
      int protocolVersion,
      String calledAe,
      String callingAe,
      String applicationContext,
      List<PresentationContext.Proposed> presentationContexts,
      UserInformation userInformation)
      implements Pdu {
    public AssociateRq {
      presentationContexts = List.copyOf(presentationContexts);
    }
  }

  /** A-ASSOCIATE-AC (PS3.8 9.3.3). Called and calling AE titles echo the request's. */
  record AssociateAc(
      int protocolVersion,
      String calledAe,
      String callingAe,
      String applicationContext,
      List<PresentationContext.Result> presentationContexts,
      UserInformation userInformation)
      implements Pdu {
    public AssociateAc {
      presentationContexts = List.copyOf(presentationContexts);
    }
  }

  /** A-ASSOCIATE-RJ (PS3.8 9.3.4). */
  record AssociateRj(int result, int source, int reason) implements Pdu {
    public static final int RESULT_PERMANENT = 1;
    public static final int RESULT_TRANSIENT = 2;

    /** Source 1: DICOM UL service-user. */
    public static final int SOURCE_SERVICE_USER = 1;

    /** Source 2: DICOM UL service-provider, ACSE related function. */
    public static final int SOURCE_PROVIDER_ACSE = 2;

    /** Source 3: DICOM UL service-provider, presentation related function. */
    public static final int SOURCE_PROVIDER_PRESENTATION = 3;

    // Reasons for source 1
    public static final int NO_REASON = 1;
    public static final int APPLICATION_CONTEXT_NOT_SUPPORTED = 2;
    public static final int CALLING_AE_NOT_RECOGNIZED = 3;
    public static final int CALLED_AE_NOT_RECOGNIZED = 7;
    // Reasons for source 2
    public static final int PROTOCOL_VERSION_NOT_SUPPORTED = 2;
    // Reasons for source 3
    public static final int TEMPORARY_CONGESTION = 1;
    public static final int LOCAL_LIMIT_EXCEEDED = 2;

    /** The reason in words (PS3.8 Table 9-21). */
    public String describe() {
      String why =
          switch (source) {
            case SOURCE_SERVICE_USER ->
                switch (reason) {
                  case 1 -> "no reason given";
                  case 2 -> "application context name not supported";
                  case 3 -> "calling AE title not recognized";
                  case 7 -> "called AE title not recognized";
                  default -> "reason " + reason;
                };
            case SOURCE_PROVIDER_ACSE ->
                switch (reason) {
                  case 1 -> "no reason given";
                  case 2 -> "protocol version not supported";
                  default -> "reason " + reason;
                };
            case SOURCE_PROVIDER_PRESENTATION ->
                switch (reason) {
                  case 1 -> "temporary congestion";
                  case 2 -> "local limit exceeded";
                  default -> "reason " + reason;
                };
            default -> "source " + source + " reason " + reason;
          };
      return (result == RESULT_PERMANENT ? "rejected permanently: " : "rejected transiently: ")
          + why;
    }
  }

  /** P-DATA-TF (PS3.8 9.3.5): one or more presentation data values. */
  record PDataTf(List<Pdv> pdvs) implements Pdu {
    public PDataTf {
      pdvs = List.copyOf(pdvs);
    }
  }

  /** A-RELEASE-RQ (PS3.8 9.3.6). */
  record ReleaseRq() implements Pdu {}

  /** A-RELEASE-RP (PS3.8 9.3.7). */
  record ReleaseRp() implements Pdu {}

  /** A-ABORT (PS3.8 9.3.8). */
  record Abort(int source, int reason) implements Pdu {
    public static final int SOURCE_SERVICE_USER = 0;
    public static final int SOURCE_SERVICE_PROVIDER = 2;

    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int UNRECOGNIZED_PDU = 1;
    public static final int UNEXPECTED_PDU = 2;
    public static final int UNRECOGNIZED_PDU_PARAMETER = 4;
    public static final int UNEXPECTED_PDU_PARAMETER = 5;
    public static final int INVALID_PDU_PARAMETER_VALUE = 6;

    public String describe() {
      String who = source == SOURCE_SERVICE_USER ? "service user" : "service provider";
      String why =
          switch (reason) {
            case 0 -> "reason not specified";
            case 1 -> "unrecognized PDU";
            case 2 -> "unexpected PDU";
            case 4 -> "unrecognized PDU parameter";
            case 5 -> "unexpected PDU parameter";
            case 6 -> "invalid PDU parameter value";
            default -> "reason " + reason;
          };
      return "aborted by the " + who + ": " + why;
    }
  }
}
