package ward.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ward.dicom.UID;
import ward.net.client.StoreJob;
import ward.net.client.StoreReport;

/** {@code ward store}: sends DICOM files with C-STORE (PS3.4 B), like dcmtk's storescu. */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = {
      "Send DICOM files to a peer with C-STORE. Directories are searched for DICOM files;"
          + " each file's data set goes as it is in the file when the peer accepts its transfer"
          + " syntax, or re-encoded in one it accepts when it is uncompressed.",
      "Exit status: 0 when every file was stored (warnings included), 1 when any was not or the"
          + " association failed, 2 on invalid input such as a named file that is not DICOM (one"
          + " line on stderr for each problem)."
    })
final class StoreCommand implements Callable<Integer> {

  @Mixin PeerOptions peer;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "FILE|DIR",
      description = "DICOM files, and directories to search for them")
  List<Path> paths;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "1",
      description = "send over N associations at once (default: ${DEFAULT-VALUE})")
  int parallel;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return peer.run(
        "store",
        err,
        client -> {
          if (parallel < 1 || parallel > 64) {
            throw new PeerOptions.InvalidInput("--parallel must be between 1 and 64");
          }
          StoreJob job = scan(err);
          StoreReport report =
              client.store(
                  job,
                  parallel,
                  r -> {
                    if (!r.stored() || r.warning()) {
                      synchronized (err) {
                        err.println("ward store: " + r.file() + ": " + r.problem());
                      }
                    }
                  });
          out.println(summary(report, job));
          out.flush();
          return report.failures().isEmpty() ? 0 : PeerOptions.FAILED;
        });
  }

  /**
   * Reads the headers of the named files and of the files in the named directories. A named file
   * that is not DICOM is invalid input; files in directories that are not are skipped.
   */
  private StoreJob scan(PrintWriter err) throws PeerOptions.InvalidInput, IOException {
    List<Path> named = new ArrayList<>();
    List<Path> found = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .sorted()
              .forEach(found::add);
        }
      } else if (Files.isRegularFile(p)) {
        named.add(p);
      } else {
        throw new PeerOptions.InvalidInput(p + ": no such file or directory");
      }
    }
    StoreJob namedJob = StoreJob.scan(named);
    if (!namedJob.unreadable().isEmpty()) {
      StoreJob.Unreadable u = namedJob.unreadable().get(0);
      throw new PeerOptions.InvalidInput(u.file() + ": " + u.reason());
    }
    StoreJob foundJob = StoreJob.scan(found);
    List<StoreJob.Instance> instances = new ArrayList<>(namedJob.instances());
    int skipped = foundJob.unreadable().size();
    for (StoreJob.Instance i : foundJob.instances()) {
      if (UID.MediaStorageDirectoryStorage.equals(i.sopClassUid())) {
        skipped++; // a DICOMDIR indexes files; it is not sent
      } else {
        instances.add(i);
      }
    }
    if (skipped > 0) {
      err.println("ward store: skipped " + skipped + " files in directories that are not DICOM");
    }
    if (instances.isEmpty()) {
      throw new PeerOptions.InvalidInput("no DICOM files to send");
    }
    return new StoreJob(instances, List.of());
  }

  private static String summary(StoreReport report, StoreJob job) {
    double seconds = report.elapsed().toNanos() / 1e9;
    return String.format(
        Locale.ROOT,
        "stored %d of %d instances (%.1f MB) in %.2f s: %.1f instances/s, %.1f MB/s over %d"
            + " association%s",
        report.storedCount(),
        job.instances().size(),
        report.bytesSent() / 1e6,
        seconds,
        report.instancesPerSecond(),
        report.megabytesPerSecond(),
        report.associations(),
        report.associations() == 1 ? "" : "s");
  }
}
