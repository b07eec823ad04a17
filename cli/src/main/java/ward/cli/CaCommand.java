package ward.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import ward.archive.config.ArchiveConfig;
import ward.archive.pki.CertificateAuthority;

/** {@code ward ca}: the archive's private certificate authority. */
@Command(
    name = "ca",
    mixinStandardHelpOptions = true,
    description = "The archive's private certificate authority.",
    subcommands = {CaCommand.Export.class})
final class CaCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write the CA certificate (PEM) that clients trust to reach the archive; to standard"
              + " output unless --out is given. The CA's key never leaves the data directory.")
  static final class Export implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;

    @Option(names = "--out", paramLabel = "FILE")
    Path out;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ArchiveConfig config = Offline.config(data);
      CertificateAuthority ca =
          CertificateAuthority.initialize(
              Archive.tlsDir(config.dataDir()), List.of(), Clock.systemUTC());
      String pem = Files.readString(ca.caCertificateFile());
      if (out == null) {
        spec.commandLine().getOut().print(pem);
        spec.commandLine().getOut().flush();
      } else {
        Files.writeString(out, pem);
      }
      return 0;
    }
  }
}
