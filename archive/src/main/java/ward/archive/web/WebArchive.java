package ward.archive.web;

import java.util.Objects;
import ward.archive.audit.AuditTrail;
import ward.archive.auth.Authorizer;
import ward.archive.index.Index;
import ward.archive.ingest.Ingest;
import ward.archive.storage.BlobStore;

/**
 * The parts of the archive the HTTPS side works with, wired by the composition root.
 *
 * @param events told of every refusal at the gate and every refused login
 * @param audit where every handler records what it did (PS3.15 A.5)
 * @param administration users, entities, status, posture and deletion requests for the
 *     administration API and the patient portal; null for a server of DICOMweb alone (those routes
 *     are then absent)
 */
public record WebArchive(
    Index index,
    BlobStore blobs,
    Ingest ingest,
    WebAuthenticator authenticator,
    Authorizer authorizer,
    WebEvent.Listener events,
    AuditTrail audit,
    WebAdministration administration) {

  public WebArchive {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(blobs, "blobs");
    Objects.requireNonNull(ingest, "ingest");
    Objects.requireNonNull(authenticator, "authenticator");
    Objects.requireNonNull(authorizer, "authorizer");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(audit, "audit");
  }

  /** An archive of DICOMweb alone, without the administration API and the patient portal. */
  public WebArchive(
      Index index,
      BlobStore blobs,
      Ingest ingest,
      WebAuthenticator authenticator,
      Authorizer authorizer,
      WebEvent.Listener events,
      AuditTrail audit) {
    this(index, blobs, ingest, authenticator, authorizer, events, audit, null);
  }
}
