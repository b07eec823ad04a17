package ward.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import ward.archive.config.ArchiveConfig;
import ward.archive.db.Database;
import ward.archive.ingest.Pseudonyms;
import ward.archive.keys.DataKeys;
import ward.archive.keys.KeyRing;

/** {@code ward keys}: the key-encryption keys that protect the archive's data at rest. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description =
        "The key-encryption keys (DATA/keys/kek-N.key) that wrap the data key of every stored"
            + " object and the index's file key. Back this directory up apart from the objects:"
            + " without it nothing stored can be read.",
    subcommands = {KeysCommand.Status.class, KeysCommand.Rotate.class})
final class KeysCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "List the key-encryption keys and how many data keys each wraps.")
  static final class Status implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ArchiveConfig config = Offline.config(data);
      KeyRing keys = Offline.keys(config);
      PrintWriter out = spec.commandLine().getOut();
      try (Database db = Offline.open(config)) {
        out.println("key-encryption keys: " + String.join(", ", keys.ids()));
        out.println("active: " + keys.active().id());
        for (String line : new DataKeys(db.dataSource(), keys).census()) {
          out.println("data keys wrapped by " + line.replace(" ", ": "));
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = {
        "Make a new key-encryption key, wrap the index key and every data key anew with it, then"
            + " remove the old key files. Stored objects are not rewritten. Run it while the"
            + " archive is stopped; if it is interrupted, run it again (the old key stays until"
            + " everything is wrapped anew)."
      })
  static final class Rotate implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ArchiveConfig config = Offline.config(data);
      KeyRing keys = Offline.keys(config);
      PrintWriter out = spec.commandLine().getOut();
      try (Database db = Offline.open(config)) {
        String id = keys.rotate();
        keys.rewrapSecrets();
        long n = new DataKeys(db.dataSource(), keys).rewrap();
        long p = new Pseudonyms(db.dataSource(), keys, Clock.systemUTC()).rewrap();
        keys.retireInactive();
        out.println(
            "ward keys: "
                + id
                + " is the active key-encryption key; the index key and "
                + n
                + " data keys and "
                + p
                + " pseudonym mappings were wrapped anew; older key files removed. Back up"
                + " DATA/keys now.");
      }
      out.flush();
      return 0;
    }
  }
}
