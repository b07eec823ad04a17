package ward.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ward echo}: verifies that a peer answers (C-ECHO, PS3.4 A), like dcmtk's echoscu. */
@Command(
    name = "echo",
    mixinStandardHelpOptions = true,
    description = {
      "Verify that a DICOM peer accepts an association and answers C-ECHO.",
      "Exit status: 0 when it answered with success, 1 when it rejected, aborted, failed or could"
          + " not be reached, 2 on invalid input (one line on stderr says why)."
    })
final class EchoCommand implements Callable<Integer> {

  @Mixin PeerOptions peer;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return peer.run(
        "echo",
        spec.commandLine().getErr(),
        client -> {
          long start = System.nanoTime();
          client.echo();
          long ms = (System.nanoTime() - start) / 1_000_000;
          out.println(client.peer() + " answered C-ECHO with success in " + ms + " ms");
          out.flush();
          return 0;
        });
  }
}
