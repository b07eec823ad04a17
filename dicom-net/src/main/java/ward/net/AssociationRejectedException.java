package ward.net;

import java.io.IOException;
import ward.net.pdu.Pdu;

/** The peer rejected the association request. */
public final class AssociationRejectedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Pdu.AssociateRj reject;

  public AssociationRejectedException(Pdu.AssociateRj reject) {
    super("association " + reject.describe());
    this.reject = reject;
  }

  public Pdu.AssociateRj reject() {
    return reject;
  }
}
