package ward.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import ward.archive.audit.AuditEvent;
import ward.archive.audit.Outcome;
import ward.archive.audit.Participant;
import ward.archive.auth.AccountChange;
import ward.archive.config.ArchiveConfig;
import ward.archive.config.ConfigLoader;
import ward.archive.db.Database;
import ward.archive.keys.KeyRing;

/**
 * The archive's database opened by an administration command. The embedded database admits one
 * process at a time, so these commands work while the archive is stopped; they say so when it runs.
 */
final class Offline {
  private Offline() {}

  static ArchiveConfig config(ServeCommand.DataOptions data) {
    ConfigLoader.Result r = data.load(java.util.Map.of());
    if (!r.ok()) {
      throw new IllegalArgumentException(
          "invalid configuration: " + r.problems().get(0) + " (see 'ward config check')");
    }
    return r.config();
  }

  static Database open(ArchiveConfig config) throws IOException {
    try {
      return Archive.openIndex(config.dataDir(), keys(config));
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains("already in use")
          || (e.getCause() != null
              && String.valueOf(e.getCause().getMessage()).contains("in use"))) {
        throw new IllegalStateException(
            "the archive in " + config.dataDir() + " is running; stop it first", e);
      }
      throw e;
    }
  }

  /** The key ring of the data directory. */
  static KeyRing keys(ArchiveConfig config) throws IOException {
    return Archive.keys(config.dataDir());
  }

  /**
   * Records an administrative change made while the archive is stopped as a Security Alert (PS3.15
   * A.5.3.11), performed by the operating system user; it is forwarded at the next start when
   * syslog forwarding is on.
   */
  static void audit(
      ArchiveConfig config, Database db, AuditEvent.AlertType type, String what, String subject)
      throws IOException, GeneralSecurityException {
    var trail = Archive.auditTrail(config, db, Clock.systemUTC(), config.auditSyslog() != null);
    String user = System.getProperty("user.name");
    trail.record(
        new AuditEvent.SecurityAlert(
            type,
            Outcome.SUCCESS,
            trail.source().participant(),
            Participant.requestor(user == null || user.isEmpty() ? "unknown" : user, null, null),
            what + " (ward command while the archive was stopped)",
            subject,
            List.of()));
  }

  /** Records a change to users or entities made while the archive is stopped (see above). */
  static void audit(ArchiveConfig config, Database db, AccountChange change)
      throws IOException, GeneralSecurityException {
    audit(config, db, change.alertType(), change.description(), change.subject());
  }

  /** The first line of a password file, without its line end. */
  static char[] password(Path file) throws IOException {
    String s = Files.readString(file, StandardCharsets.UTF_8);
    int end = s.indexOf('\n');
    String line = end < 0 ? s : s.substring(0, end);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    return line.toCharArray();
  }
}
