package ward.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import ward.archive.audit.AuditTrail;
import ward.archive.config.ArchiveConfig;
import ward.archive.db.Database;
import ward.archive.index.JdbcIndex;
import ward.archive.integrity.IntegrityCheck;
import ward.archive.keys.DataKeys;
import ward.archive.keys.KeyRing;
import ward.archive.storage.EncryptedBlobStore;
import ward.archive.storage.FileBlobStore;

/** {@code ward verify}: re-checks stored objects against what was recorded at ingest. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Re-check every stored object (or a random sample) against the SHA-256 recorded at ingest:"
          + " each object is decrypted whole, which authenticates every byte, and its digest"
          + " compared. Every object that changed, was tampered with or is missing is named and"
          + " raised as a Security Alert in the audit trail."
          + " Works while the archive is stopped; the running archive re-checks objects on a"
          + " schedule (integrity.* in the configuration).",
      "Exit status: 0 every object checked is intact, 1 a problem was found, 2 invalid input."
    })
final class VerifyCommand implements Callable<Integer> {
  @Mixin ServeCommand.DataOptions data;

  @Option(
      names = "--sample",
      paramLabel = "N",
      description = "check N objects chosen at random instead of all")
  Integer sample;

  @Option(names = "--quiet", description = "print only problems and the summary")
  boolean quiet;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (sample != null && sample < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--sample must be at least 1");
    }
    ArchiveConfig config = Offline.config(data);
    PrintWriter out = spec.commandLine().getOut();
    KeyRing keys = Offline.keys(config);
    try (Database db = Offline.open(config)) {
      IntegrityCheck check =
          new IntegrityCheck(
              new JdbcIndex(db.dataSource()),
              new EncryptedBlobStore(
                  new FileBlobStore(Archive.blobDir(config.dataDir())),
                  new DataKeys(db.dataSource(), keys)));
      AuditTrail audit =
          Archive.auditTrail(config, db, Clock.systemUTC(), config.auditSyslog() != null);
      long[] shown = {0};
      java.util.function.Consumer<IntegrityCheck.Finding> each =
          f -> {
            show(out, f, shown);
            if (!f.intact()) {
              Archive.alertIntegrity(audit, f);
            }
          };
      IntegrityCheck.Report report =
          sample == null ? check.all(each) : check.sample(sample, new SecureRandom(), each);
      out.println(
          "ward verify: "
              + report.checked()
              + " objects checked, "
              + (report.checked() - report.problems().size())
              + " intact, "
              + report.problems().size()
              + " with problems");
      out.flush();
      return report.clean() ? 0 : 1;
    }
  }

  private void show(PrintWriter out, IntegrityCheck.Finding f, long[] shown) {
    if (f.intact() && quiet) {
      return;
    }
    out.println(
        f.verdict()
            + " "
            + f.instance().sopInstanceUid()
            + " (study "
            + f.instance().studyInstanceUid()
            + ", object "
            + f.instance().blob()
            + ")"
            + (f.detail().isEmpty() ? "" : ": " + f.detail()));
    if (++shown[0] % 100 == 0) {
      out.flush();
    }
  }
}
