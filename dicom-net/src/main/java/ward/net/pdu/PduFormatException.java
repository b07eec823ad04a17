package ward.net.pdu;

import java.io.IOException;

/** A malformed or oversized PDU. Carries the A-ABORT reason to send the peer (PS3.8 9.3.8). */
public final class PduFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int abortReason;

  public PduFormatException(String message, int abortReason) {
    super(message);
    this.abortReason = abortReason;
  }

  public int abortReason() {
    return abortReason;
  }
}
