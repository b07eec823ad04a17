package ward.cli;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import ward.archive.audit.AuditEvent;
import ward.archive.config.ArchiveConfig;
import ward.archive.db.Database;
import ward.archive.ingest.Pseudonyms;

/** {@code ward pseudonym}: the identifiers that ingest replaced by keyed pseudonyms. */
@Command(
    name = "pseudonym",
    mixinStandardHelpOptions = true,
    description =
        "Patient IDs that held a national identifier are stored as keyed pseudonyms (WARDPSN-…);"
            + " the mapping back is sealed by the key-encryption key. Works while the archive is"
            + " stopped.",
    subcommands = {PseudonymCommand.Reveal.class})
final class PseudonymCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "reveal",
      mixinStandardHelpOptions = true,
      description =
          "Print the identifier a pseudonym stands for, for an authorized look-up (for example to"
              + " answer a patient's request). Every look-up is a Security Alert in the audit"
              + " trail, naming the pseudonym and who asked, never the identifier.")
  static final class Reveal implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;

    @Parameters(paramLabel = "PSEUDONYM")
    String pseudonym;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!pseudonym.startsWith(Pseudonyms.PREFIX) || pseudonym.length() > 64) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "not a pseudonym of this archive: " + pseudonym);
      }
      ArchiveConfig config = Offline.config(data);
      Optional<String> original;
      try (Database db = Offline.open(config)) {
        original =
            new Pseudonyms(db.dataSource(), Offline.keys(config), Clock.systemUTC())
                .reveal(pseudonym);
        Offline.audit(
            config,
            db,
            AuditEvent.AlertType.USE_OF_RESTRICTED_FUNCTION,
            "pseudonym revealed" + (original.isPresent() ? "" : " (unknown pseudonym)"),
            pseudonym);
      }
      if (original.isEmpty()) {
        spec.commandLine().getErr().println("ward pseudonym: no such pseudonym: " + pseudonym);
        return 1;
      }
      spec.commandLine().getOut().println(original.get());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
