package ward.archive.dimse;

import ward.archive.auth.AccessDeniedException;
import ward.archive.auth.Action;
import ward.archive.auth.Authorizer;
import ward.archive.auth.Principal;
import ward.archive.auth.Resource;
import ward.net.server.AssociationInfo;
import ward.net.server.DimseException;
import ward.net.server.Status;

/** Every DIMSE handler asks the authorizer through this, with the association's principal. */
final class DimseAccess {
  /** PS3.7 C.5.x: "Refused: Not Authorized". */
  static final int NOT_AUTHORIZED = 0x0124;

  private final Authorizer authorizer;

  DimseAccess(Authorizer authorizer) {
    this.authorizer = authorizer;
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
      throw new DimseException(Status.of(NOT_AUTHORIZED, e.getMessage()));
    }
    return p;
  }

  Authorizer authorizer() {
    return authorizer;
  }
}
