package ward.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import ward.archive.config.ArchiveConfig;
import ward.archive.config.ConfigLoader;

/** {@code ward config}: explains and checks the configuration. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Check the archive's configuration.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validate the configuration (DATA/ward.conf, WARD_* environment variables) and explain"
            + " every setting: its value, where it came from and what it does.",
        "Exit status: 0 when valid, 2 with one line per problem otherwise."
      })
  static final class Check implements Callable<Integer> {
    @Mixin ServeCommand.DataOptions data;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ConfigLoader.Result r = data.load(Map.of());
      if (!r.ok()) {
        r.problems().forEach(p -> err.println("ward: " + p));
        err.flush();
        return 2;
      }
      ArchiveConfig c = r.config();
      out.println("configuration of " + c.dataDir() + " is valid:");
      ConfigLoader.KEYS.forEach(
          (key, spec) ->
              out.printf(
                  "  %-36s %-10s %s (env %s)%n",
                  key, value(c, key), spec[1], ConfigLoader.envName(key)));
      out.flush();
      return 0;
    }

    private static String value(ArchiveConfig c, String key) {
      return switch (key) {
        case "ae-title" -> c.aeTitle();
        case "bind" -> c.bindAddress();
        case "dicom.port" -> Integer.toString(c.dicomPort());
        case "https.port" -> Integer.toString(c.httpsPort());
        case "dicom.plaintext-port" -> c.plaintextPort() == 0 ? "off" : "" + c.plaintextPort();
        case "tls.key" -> c.tlsKey() == null ? "(own CA)" : c.tlsKey().toString();
        case "tls.chain" -> c.tlsChain() == null ? "(own CA)" : c.tlsChain().toString();
        case "duplicates" -> c.duplicates().name().toLowerCase(java.util.Locale.ROOT);
        case "query.max-matches" -> Integer.toString(c.maxMatches());
        case "dicom.max-associations" -> Integer.toString(c.maxAssociations());
        case "dicom.max-associations-per-address" ->
            Integer.toString(c.maxAssociationsPerAddress());
        case "login.max-failures" -> Integer.toString(c.loginMaxFailures());
        case "login.lockout-minutes" -> Integer.toString(c.lockoutMinutes());
        case "session.minutes" -> Integer.toString(c.sessionMinutes());
        default -> "?";
      };
    }
  }
}
