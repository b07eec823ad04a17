package ward.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import ward.net.client.RetrieveResult;

/** {@code ward move}: has a peer send instances elsewhere (C-MOVE, PS3.4 C.4.2), like movescu. */
@Command(
    name = "move",
    mixinStandardHelpOptions = true,
    description = {
      "Ask a peer to send instances to another AE with C-MOVE; the peer must know the destination"
          + " AE title.",
      "Exit status: 0 when every sub-operation completed, 1 when any failed or the peer failed,"
          + " rejected or aborted, 2 on invalid input (one line on stderr says why)."
    })
final class MoveCommand implements Callable<Integer> {

  @Mixin PeerOptions peer;

  @Mixin QueryOptions query;

  @Option(
      names = "--dest",
      required = true,
      paramLabel = "AE",
      description = "the AE title to send the instances to")
  String destination;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return peer.run(
        "move",
        err,
        client -> {
          if (!query.hasMatchingKey()) {
            throw new PeerOptions.InvalidInput(
                "say what to move, for example -k StudyInstanceUID=1.2.3");
          }
          RetrieveResult r = client.move(query.model(), query.level(), query.keys(), destination);
          out.println("moved to " + destination + ": " + QueryOptions.counts(r));
          out.flush();
          return QueryOptions.exitStatus("move", r, err);
        });
  }
}
