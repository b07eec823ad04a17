package ward.archive.web;

import java.nio.file.Path;
import java.util.Objects;
import ward.archive.auth.ApplicationEntities;
import ward.archive.auth.Users;
import ward.archive.lifecycle.DeletionRequests;
import ward.archive.posture.PostureScans;

/**
 * What the administration API and the patient portal work with, wired by the composition root.
 *
 * @param caCertificate the archive CA's certificate (PEM), offered for download
 * @param posture self-scans of the archive's own listeners
 */
public record WebAdministration(
    Users users,
    ApplicationEntities entities,
    DeletionRequests deletionRequests,
    SystemStatus system,
    Path caCertificate,
    PostureScans posture) {

  public WebAdministration {
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(entities, "entities");
    Objects.requireNonNull(deletionRequests, "deletionRequests");
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(caCertificate, "caCertificate");
    Objects.requireNonNull(posture, "posture");
  }
}
