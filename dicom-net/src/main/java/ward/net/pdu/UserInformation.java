package ward.net.pdu;

import java.util.Arrays;
import java.util.List;

/**
 * The user information item and its sub-items (PS3.8 9.3.2.3, PS3.7 Annex D.3.3).
 *
 * @param maxPduLength the largest P-DATA-TF PDU the sender can receive; 0 means unlimited
 * @param implementationClassUid the sender's implementation class UID
 * @param implementationVersionName the sender's implementation version name, or null
 * @param asyncOps the asynchronous operations window, or null (one operation each way)
 * @param roles SCP/SCU role selections
 * @param extended SOP class extended negotiation
 * @param commonExtended SOP class common extended negotiation (request only)
 * @param identityRequest user identity negotiation (request only), or null
 * @param identityResponse user identity server response (accept only), or null
 */
public record UserInformation(
    long maxPduLength,
    String implementationClassUid,
    String implementationVersionName,
    AsyncOpsWindow asyncOps,
    List<RoleSelection> roles,
    List<ExtendedNegotiation> extended,
    List<CommonExtendedNegotiation> commonExtended,
    UserIdentityRq identityRequest,
    UserIdentityAc identityResponse) {

  public UserInformation {
    roles = List.copyOf(roles);
    extended = List.copyOf(extended);
    commonExtended = List.copyOf(commonExtended);
  }

  public static UserInformation of(
      long maxPduLength, String implementationClassUid, String versionName) {
    return new UserInformation(
        maxPduLength,
        implementationClassUid,
        versionName,
        null,
        List.of(),
        List.of(),
        List.of(),
        null,
        null);
  }

  public UserInformation withIdentityRequest(UserIdentityRq rq) {
    return new UserInformation(
        maxPduLength,
        implementationClassUid,
        implementationVersionName,
        asyncOps,
        roles,
        extended,
        commonExtended,
        rq,
        identityResponse);
  }

  public UserInformation withIdentityResponse(UserIdentityAc ac) {
    return new UserInformation(
        maxPduLength,
        implementationClassUid,
        implementationVersionName,
        asyncOps,
        roles,
        extended,
        commonExtended,
        identityRequest,
        ac);
  }

  public UserInformation withRoles(List<RoleSelection> r) {
    return new UserInformation(
        maxPduLength,
        implementationClassUid,
        implementationVersionName,
        asyncOps,
        r,
        extended,
        commonExtended,
        identityRequest,
        identityResponse);
  }

  public UserInformation withAsyncOps(AsyncOpsWindow w) {
    return new UserInformation(
        maxPduLength,
        implementationClassUid,
        implementationVersionName,
        w,
        roles,
        extended,
        commonExtended,
        identityRequest,
        identityResponse);
  }

  /** Asynchronous operations window (PS3.7 D.3.3.3). */
  public record AsyncOpsWindow(int maxInvoked, int maxPerformed) {}

  /** SCP/SCU role selection (PS3.7 D.3.3.4). */
  public record RoleSelection(String sopClassUid, boolean scu, boolean scp) {}

  /** SOP class extended negotiation (PS3.7 D.3.3.5). */
  public record ExtendedNegotiation(String sopClassUid, byte[] info) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ExtendedNegotiation e
          && e.sopClassUid.equals(sopClassUid)
          && Arrays.equals(e.info, info);
    }

    @Override
    public int hashCode() {
      return sopClassUid.hashCode() * 31 + Arrays.hashCode(info);
    }

    @Override
    public String toString() {
      return "ExtendedNegotiation[" + sopClassUid + ", " + info.length + " bytes]";
    }
  }

  /** SOP class common extended negotiation (PS3.7 D.3.3.6). */
  public record CommonExtendedNegotiation(
      String sopClassUid, String serviceClassUid, List<String> relatedGeneralSopClasses) {
    public CommonExtendedNegotiation {
      relatedGeneralSopClasses = List.copyOf(relatedGeneralSopClasses);
    }
  }

  /** User identity negotiation request (PS3.7 D.3.3.7.1). */
  public record UserIdentityRq(
      int type, boolean positiveResponseRequested, byte[] primaryField, byte[] secondaryField) {
    public static final int USERNAME = 1;
    public static final int USERNAME_AND_PASSCODE = 2;
    public static final int KERBEROS = 3;
    public static final int SAML = 4;
    public static final int JWT = 5;

    @Override
    public boolean equals(Object o) {
      return o instanceof UserIdentityRq u
          && u.type == type
          && u.positiveResponseRequested == positiveResponseRequested
          && Arrays.equals(u.primaryField, primaryField)
          && Arrays.equals(u.secondaryField, secondaryField);
    }

    @Override
    public int hashCode() {
      return type * 31 + Arrays.hashCode(primaryField);
    }

    /** Never prints the passcode or token. */
    @Override
    public String toString() {
      return "UserIdentityRq[type="
          + type
          + ", response requested="
          + positiveResponseRequested
          + "]";
    }
  }

  /** User identity negotiation response (PS3.7 D.3.3.7.2). */
  public record UserIdentityAc(byte[] serverResponse) {
    @Override
    public boolean equals(Object o) {
      return o instanceof UserIdentityAc u && Arrays.equals(u.serverResponse, serverResponse);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(serverResponse);
    }

    @Override
    public String toString() {
      return "UserIdentityAc[" + serverResponse.length + " bytes]";
    }
  }
}
