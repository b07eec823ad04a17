package ward.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ward.archive.config.ArchiveConfig;
import ward.archive.db.Database;
import ward.archive.ingest.Quarantine;
import ward.archive.keys.DataKeys;
import ward.archive.keys.KeyRing;
import ward.archive.storage.BlobKey;
import ward.archive.storage.EncryptedBlobStore;
import ward.archive.storage.FileBlobStore;

/** {@code ward quarantine}: objects refused at ingest for what they carry. */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description =
        "Objects refused at ingest because their Part 10 preamble holds an executable, kept byte"
            + " for byte (encrypted) for investigation and never served. Works while the archive"
            + " is stopped.",
    subcommands = {
      QuarantineCommand.ListEntries.class,
      QuarantineCommand.Export.class,
      QuarantineCommand.Delete.class
    })
final class QuarantineCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The quarantine of the data directory, with its database open for the caller to close. */
  private record Opened(Database db, Quarantine quarantine) {
    static Opened of(ServeCommand.DataOptions data) throws Exception {
      ArchiveConfig config = Offline.config(data);
      KeyRing keys = Offline.keys(config);
      Database db = Offline.open(config);
      EncryptedBlobStore blobs =
          new EncryptedBlobStore(
              new FileBlobStore(Archive.blobDir(config.dataDir())),
              new DataKeys(db.dataSource(), keys));
      return new Opened(db, new Quarantine(db.dataSource(), blobs, Clock.systemUTC()));
    }
  }

  private static BlobKey key(CommandLine cl, String value) {
    try {
      return new BlobKey(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "not a quarantine key: " + value);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List quarantined objects: key, time, sender, SOP instance, reason, size.")
  static final class ListEntries implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Opened o = Opened.of(data);
      try (Database db = o.db()) {
        List<Quarantine.Entry> entries = o.quarantine().list();
        PrintWriter out = spec.commandLine().getOut();
        for (Quarantine.Entry e : entries) {
          out.println(
              e.object()
                  + " "
                  + e.receivedAt()
                  + " from "
                  + e.source()
                  + " SOP instance "
                  + e.sopInstanceUid()
                  + " ("
                  + e.size()
                  + " bytes): "
                  + e.reason());
        }
        out.println(entries.size() + " object(s) in quarantine");
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write a quarantined object as it arrived (executable preamble included) to a new file,"
              + " for analysis on a machine meant for it.")
  static final class Export implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(names = "--out", paramLabel = "FILE", required = true)
    Path out;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      BlobKey k = key(spec.commandLine(), key);
      Opened o = Opened.of(data);
      try (Database db = o.db();
          InputStream in = o.quarantine().open(k);
          OutputStream file = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
        in.transferTo(file);
      }
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a quarantined object (its data key first).")
  static final class Delete implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;

    @Parameters(paramLabel = "KEY")
    String key;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      BlobKey k = key(spec.commandLine(), key);
      Opened o = Opened.of(data);
      try (Database db = o.db()) {
        if (!o.quarantine().delete(k)) {
          spec.commandLine().getErr().println("ward quarantine: no object " + k + " in quarantine");
          return 1;
        }
      }
      return 0;
    }
  }
}
