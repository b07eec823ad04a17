package ward.archive.dimse;

import ward.archive.audit.AuditEvent;
import ward.archive.audit.AuditTrail;
import ward.archive.audit.Outcome;
import ward.archive.audit.Participant;
import ward.archive.auth.AccessDeniedException;
import ward.archive.auth.Action;
import ward.archive.auth.Authorizer;
import ward.archive.auth.Principal;
import ward.archive.auth.Resource;
import ward.net.server.AssociationInfo;
import ward.net.server.DimseException;
import ward.net.server.Status;

/**
 * Every DIMSE handler asks the authorizer through this, with the association's principal; a refusal
 * is a Security Alert (PS3.15 A.5.3.11, Use of Restricted Function).
 */
final class DimseAccess {
  /** PS3.7 C.5.x: "Refused: Not Authorized". */
  static final int NOT_AUTHORIZED = 0x0124;

  private final Authorizer authorizer;
  private final AuditTrail audit;

  DimseAccess(Authorizer authorizer, AuditTrail audit) {
    this.authorizer = authorizer;
    this.audit = audit;
  }

  /** The association's caller as an audit participant: principal, calling AE title, address. */
  static Participant participant(AssociationInfo association, Principal who) {
    String address =
        association.peer() == null || association.peer().getAddress() == null
            ? null
            : association.peer().getAddress().getHostAddress();
    return Participant.requestor(who.name(), association.callingAe(), address);
  }

  /** The archive principal the gate put on the association. */
  static Principal principal(AssociationInfo association) throws DimseException {
    if (association.principal() instanceof Principal p) {
      return p;
    }
    throw new DimseException(Status.of(NOT_AUTHORIZED, "association has no archive principal"));
  }

  Principal require(AssociationInfo association, Action action, Resource resource)
      throws DimseException {
    Principal p = principal(association);
    try {
      authorizer.require(p, action, resource);
    } catch (AccessDeniedException e) {
      audit.record(
          new AuditEvent.SecurityAlert(
              AuditEvent.AlertType.USE_OF_RESTRICTED_FUNCTION,
              Outcome.MINOR_FAILURE,
              audit.source().participant(),
              participant(association, p),
              e.getMessage(),
              null,
              java.util.List.of()));
      throw new DimseException(Status.of(NOT_AUTHORIZED, e.getMessage()));
    }
    return p;
  }

  Authorizer authorizer() {
    return authorizer;
  }
}
