package ward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import ward.net.client.DirectorySink;
import ward.net.client.RetrieveResult;

/** {@code ward get}: retrieves instances with C-GET (PS3.4 C.4.3), like dcmtk's getscu. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Retrieve instances from a peer with C-GET over the same association and write them into a"
          + " directory, each named after its SOP Instance UID when that is a plain UID.",
      "Exit status: 0 when every instance arrived, 1 when any sub-operation failed or the peer"
          + " failed, rejected or aborted, 2 on invalid input (one line on stderr says why)."
    })
final class GetCommand implements Callable<Integer> {

  @Mixin PeerOptions peer;

  @Mixin QueryOptions query;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "the directory to write the instances into (created if needed)")
  Path out;

  @Option(
      names = "--sop-class",
      paramLabel = "UID",
      description = "a storage SOP class to accept besides the common ones (repeatable)")
  List<String> sopClasses = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return peer.run(
        "get",
        err,
        client -> {
          if (!query.hasMatchingKey()) {
            throw new PeerOptions.InvalidInput(
                "say what to retrieve, for example -k StudyInstanceUID=1.2.3");
          }
          for (String uid : sopClasses) {
            if (!uid.matches("[0-9]+(\\.[0-9]+)*") || uid.length() > 64) {
              throw new PeerOptions.InvalidInput("--sop-class " + uid + " is not a UID");
            }
          }
          DirectorySink sink = new DirectorySink(out);
          RetrieveResult r =
              client.get(query.model(), query.level(), query.keys(), sopClasses, sink);
          stdout.println(
              "retrieved "
                  + r.received()
                  + " instances into "
                  + out
                  + " (peer counts: "
                  + QueryOptions.counts(r)
                  + ")");
          stdout.flush();
          return QueryOptions.exitStatus("get", r, err);
        });
  }
}
