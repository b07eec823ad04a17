package ward.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ward.archive.audit.AuditRecord;
import ward.archive.audit.AuditTrail;
import ward.archive.audit.Verification;
import ward.archive.config.ArchiveConfig;
import ward.archive.db.Database;

/** {@code ward audit}: checks and reads the audit trail while the archive is stopped. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Check and read the audit trail (DICOM audit messages, PS3.15 A.5) while the archive is"
          + " stopped; while it runs, auditors use GET /api/audit on the HTTPS port.",
      "verify exits 0 when the trail is intact and 1 when a record was edited, removed or moved,"
          + " naming the first bad one."
    },
    subcommands = {AuditCommand.Verify.class, AuditCommand.Study.class, AuditCommand.Patient.class})
final class AuditCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Opens the trail over the stopped archive's database and runs {@code work} on it. */
  static int withTrail(ServeCommand.DataOptions data, TrailWork work) throws Exception {
    ArchiveConfig config = Offline.config(data);
    try (Database db = Offline.open(config)) {
      return work.run(Archive.auditTrail(config, db, Clock.systemUTC(), false));
    }
  }

  @FunctionalInterface
  interface TrailWork {
    int run(AuditTrail trail) throws Exception;
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Walk the hash chain and the signed checkpoints.")
  static final class Verify implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      return withTrail(
          data,
          trail -> {
            Verification v = trail.verify();
            out.println(
                "audit trail: "
                    + v.records()
                    + " records, "
                    + v.checkpoints()
                    + " signed checkpoints");
            if (v.intact()) {
              out.println("intact");
              return 0;
            }
            if (v.firstBad() != 0) {
              out.println("first bad record: " + v.firstBad());
            }
            for (String p : v.problems()) {
              out.println("problem: " + p);
            }
            return 1;
          });
    }
  }

  /** Options the listing commands share. */
  static final class Listing {
    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "at most N records (default 1000)",
        defaultValue = "1000")
    int limit;

    @Option(names = "--xml", description = "print each record's DICOM audit message too")
    boolean xml;

    static void print(PrintWriter out, List<AuditRecord> records, boolean xml) {
      if (records.isEmpty()) {
        out.println("no records");
        return;
      }
      for (AuditRecord r : records) {
        out.println(
            r.seq()
                + "\t"
                + r.time()
                + "\t"
                + r.event()
                + "\t"
                + r.outcome()
                + "\t"
                + r.userId()
                + "\t"
                + (r.address() == null ? "-" : r.address())
                + "\t"
                + r.studies().stream()
                    .map(
                        s ->
                            s.studyInstanceUid()
                                + (s.patientId() == null ? "" : " (" + s.patientId() + ")"))
                    .collect(Collectors.joining(", ")));
        if (xml) {
          out.println(r.message());
        }
      }
    }
  }

  @Command(
      name = "study",
      mixinStandardHelpOptions = true,
      description = "Every record concerning a study: who accessed it, when, from where.")
  static final class Study implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;
    @Mixin Listing listing;

    @Parameters(index = "0", paramLabel = "UID", description = "Study Instance UID")
    String uid;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return withTrail(
          data,
          trail -> {
            Listing.print(
                spec.commandLine().getOut(), trail.forStudy(uid, listing.limit), listing.xml);
            return 0;
          });
    }
  }

  @Command(
      name = "patient",
      mixinStandardHelpOptions = true,
      description =
          "Every record concerning any study of a patient: the accounting of disclosures.")
  static final class Patient implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;
    @Mixin Listing listing;

    @Parameters(index = "0", paramLabel = "ID", description = "Patient ID")
    String id;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return withTrail(
          data,
          trail -> {
            Listing.print(
                spec.commandLine().getOut(), trail.forPatient(id, listing.limit), listing.xml);
            return 0;
          });
    }
  }
}
