package ward.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import ward.dicom.DataSet;
import ward.dicom.ElementDictionary;
import ward.dicom.VR;
import ward.dicom.json.DicomJson;
import ward.net.client.QueryLevel;
import ward.net.client.QueryResult;
import ward.net.client.Status;

/** {@code ward find}: queries a peer with C-FIND (PS3.4 C.4.1), like dcmtk's findscu. */
@Command(
    name = "find",
    mixinStandardHelpOptions = true,
    description = {
      "Query a peer with C-FIND and print each match as it arrives.",
      "Without --no-default-keys, the usual return keys of the level are asked for too.",
      "Exit status: 0 when the query completed (or was stopped by --limit), 1 when the peer"
          + " failed it, rejected or aborted, 2 on invalid input (one line on stderr says why)."
    })
final class FindCommand implements Callable<Integer> {

  @Mixin PeerOptions peer;

  @Mixin QueryOptions query;

  @Option(names = "--json", description = "print each match as one line of DICOM JSON (PS3.18 F)")
  boolean json;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "cancel the query (C-CANCEL) after N matches")
  Integer limit;

  @Option(names = "--no-default-keys", description = "ask only for the keys given with -k")
  boolean noDefaultKeys;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return peer.run(
        "find",
        err,
        client -> {
          if (limit != null && limit < 1) {
            throw new PeerOptions.InvalidInput("--limit must be at least 1");
          }
          QueryLevel level = query.level();
          DataSet keys = withDefaultKeys(query.keys(), level);
          int[] count = {0};
          QueryResult r =
              client.find(
                  query.model(),
                  level,
                  keys,
                  match -> {
                    count[0]++;
                    if (json) {
                      out.println(DicomJson.toJson(match));
                    } else {
                      out.println("# match " + count[0]);
                      TextDump.print(match, 0, out);
                      out.println();
                    }
                    out.flush();
                    return limit == null || count[0] < limit;
                  });
          if (!r.ok()) {
            err.println(
                "ward find: the query failed: "
                    + Status.describe(r.status())
                    + (r.errorComment() == null ? "" : ": " + r.errorComment()));
            return PeerOptions.FAILED;
          }
          return 0;
        });
  }

  private DataSet withDefaultKeys(DataSet keys, QueryLevel level) {
    if (noDefaultKeys) {
      return keys;
    }
    DataSet.Builder b = keys.toBuilder();
    for (int tag : QueryOptions.defaultReturnKeys(level)) {
      if (!keys.contains(tag)) {
        VR vr = ElementDictionary.vrOf(tag);
        b.setString(tag, vr);
      }
    }
    return b.build();
  }
}
