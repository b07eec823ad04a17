package ward.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ward} command: every subcommand is registered here, and nothing else wires them. */
@Command(
    name = "ward",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Ward: a medical image archive that cannot be left open, and a scanner that tells whether"
          + " any PACS is open.",
      ""
    },
    subcommands = {
      DumpCommand.class,
      EchoCommand.class,
      StoreCommand.class,
      FindCommand.class,
      GetCommand.class,
      MoveCommand.class,
      SynthCommand.class,
      ServeCommand.class,
      UserCommand.class,
      AeCommand.class,
      ConfigCommand.class,
      CaCommand.class,
      KeysCommand.class,
      VerifyCommand.class,
      QuarantineCommand.class,
      AccessCommand.class,
      PseudonymCommand.class,
      ScanCommand.class,
      AuditCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(out, err, args));
  }

  /** Runs a command line and returns its exit status: 0 success, 2 invalid input or usage. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main()).setOut(out).setErr(err);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("ward: " + e.getMessage());
          return 1;
        });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ward " + (v == null ? "development build" : v)};
    }
  }
}
