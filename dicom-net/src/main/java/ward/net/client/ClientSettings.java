package ward.net.client;

import java.time.Duration;
import javax.net.SocketFactory;
import ward.net.pdu.UserInformation;

/**
 * How this side requests associations.
 *
 * @param callingAe this side's AE title
 * @param maxPduLength the largest P-DATA-TF PDU this side receives (advertised to the peer)
 * @param identity the user identity to present (PS3.7 D.3.3.7), or null for none
 * @param socketFactory makes the connections; an {@link javax.net.ssl.SSLSocketFactory} gives TLS
 * @param connectTimeout the bound on connecting, the TLS handshake and the association answer
 * @param readTimeout the bound on each wait for the peer once the association is established
 */
public record ClientSettings(
    String callingAe,
    int maxPduLength,
    UserInformation.UserIdentityRq identity,
    SocketFactory socketFactory,
    Duration connectTimeout,
    Duration readTimeout) {

  public static final String DEFAULT_CALLING_AE = "WARDSCU";

  /** The PDU length dcmtk and most peers use; larger PDUs gain little. */
  public static final int DEFAULT_MAX_PDU = 65536;

  public ClientSettings {
    Peer.checkAeTitle(callingAe, "calling AE title");
    if (maxPduLength < 4096 || maxPduLength > (1 << 24)) {
      throw new IllegalArgumentException(
          "maximum PDU length " + maxPduLength + " is not between 4096 and 16777216");
    }
    if (socketFactory == null) {
      throw new IllegalArgumentException("no socket factory");
    }
    checkPositive(connectTimeout, "connect timeout");
    checkPositive(readTimeout, "read timeout");
  }

  private static void checkPositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + " must be positive, not " + d);
    }
  }

  /** Plain TCP, calling AE WARDSCU, no identity, 10 s to connect, 60 s per response. */
  public static ClientSettings defaults() {
    return new ClientSettings(
        DEFAULT_CALLING_AE,
        DEFAULT_MAX_PDU,
        null,
        SocketFactory.getDefault(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60));
  }

  public ClientSettings withCallingAe(String ae) {
    return new ClientSettings(
        ae, maxPduLength, identity, socketFactory, connectTimeout, readTimeout);
  }

  public ClientSettings withMaxPduLength(int length) {
    return new ClientSettings(
        callingAe, length, identity, socketFactory, connectTimeout, readTimeout);
  }

  public ClientSettings withIdentity(UserInformation.UserIdentityRq id) {
    return new ClientSettings(
        callingAe, maxPduLength, id, socketFactory, connectTimeout, readTimeout);
  }

  public ClientSettings withSocketFactory(SocketFactory factory) {
    return new ClientSettings(
        callingAe, maxPduLength, identity, factory, connectTimeout, readTimeout);
  }

  public ClientSettings withTimeouts(Duration connect, Duration read) {
    return new ClientSettings(callingAe, maxPduLength, identity, socketFactory, connect, read);
  }
}
