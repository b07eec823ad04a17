package ward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ward.archive.config.ConfigLoader;

/** {@code ward serve}: runs the archive until it is stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the archive: DICOM over TLS (port 2762) and HTTPS (port 8443), every access"
          + " authenticated, stored under the data directory.",
      "The web interface is at https://HOST:8443/ (DICOMweb under /dicomweb, the API under"
          + " /api).",
      "The first start creates the data directory, a private CA and server certificate, and"
          + " prints a one-time setup token for the first administrator. There is no default"
          + " password.",
      "HTTPS serves DICOMweb (/dicomweb), the administration API (/api/admin: users, entities,"
          + " status, policies, a posture self-scan of these listeners on loopback, the deletion"
          + " queue) and the patient portal (study download as ZIP, deletion requests).",
      "Settings come from DATA/ward.conf, then WARD_* environment variables, then these options"
          + " ('ward config check' explains every setting and error).",
      "Exit status: 0 after a clean stop, 1 when it cannot start, 2 on invalid configuration."
    })
final class ServeCommand implements Callable<Integer> {

  @CommandLine.Mixin DataOptions data;

  @Option(names = "--dicom-port", description = "DICOM over TLS port (default 2762)")
  Integer dicomPort;

  @Option(names = "--https-port", description = "HTTPS port (default 8443)")
  Integer httpsPort;

  @Option(names = "--bind", description = "address to listen on (default 0.0.0.0)")
  String bind;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> overrides = new LinkedHashMap<>();
    if (dicomPort != null) {
      overrides.put("dicom.port", dicomPort.toString());
    }
    if (httpsPort != null) {
      overrides.put("https.port", httpsPort.toString());
    }
    if (bind != null) {
      overrides.put("bind", bind);
    }
    ConfigLoader.Result config = data.load(overrides);
    if (!config.ok()) {
      config.problems().forEach(p -> err.println("ward: " + p));
      err.flush();
      return 2;
    }
    CryptoWarmup.start();
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    try (Archive archive = Archive.start(config.config(), out)) {
      // The JVM halts once its shutdown hooks return: this one waits until the archive has
      // closed (listeners, then the database, whose last commits are written as it closes).
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stopped.countDown();
                    try {
                      closed.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "ward-stop"));
      out.println("ward: running; stop with Ctrl-C or SIGTERM");
      out.flush();
      stopped.await();
    } finally {
      closed.countDown();
    }
    return 0;
  }

  /** The data directory and configuration file options, shared by the archive's commands. */
  static final class DataOptions {
    @Option(
        names = "--data",
        paramLabel = "DIR",
        description = "data directory (default ./ward-data)",
        defaultValue = "ward-data")
    Path dir;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "configuration file (default DATA/ward.conf when it exists)")
    Path file;

    ConfigLoader.Result load(Map<String, String> overrides) {
      return ConfigLoader.load(dir, file, System.getenv(), overrides);
    }
  }
}
