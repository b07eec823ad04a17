package ward.net.client;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.Commands;
import ward.net.DimseMessage;

/** C-FIND as service class user (PS3.4 C.4.1; PS3.7 9.1.2, 9.3.2), with C-CANCEL (9.3.2.3). */
final class QueryScu {
  private QueryScu() {}

  static QueryResult find(
      DicomClient client, QueryModel model, QueryLevel level, DataSet keys, MatchHandler handler)
      throws IOException {
    String sopClass = model.findSopClass();
    DataSet identifier = identifier(model, level, keys);
    try (Association a =
        client.open(List.of(Map.entry(sopClass, DicomClient.UNCOMPRESSED)), List.of())) {
      int pc = Responses.requireContext(a, sopClass);
      int id = a.nextMessageId();
      DataSet command =
          Commands.request(Commands.C_FIND_RQ, id, sopClass, true)
              .setInts(Commands.PRIORITY, VR.US, Commands.PRIORITY_MEDIUM)
              .build();
      try {
        a.send(pc, command, Association.DataWriter.of(identifier));
        int matches = 0;
        boolean cancelled = false;
        while (true) {
          DimseMessage rsp = Responses.expect(a, Commands.C_FIND_RSP, id);
          int status = rsp.status();
          if (!Status.isPending(status)) {
            Responses.drain(rsp);
            return new QueryResult(status, Responses.errorComment(rsp), matches, cancelled);
          }
          DataSet match = Responses.readDataSet(a, rsp);
          if (cancelled || match == null) {
            continue; // after a cancel, matches already on their way are dropped
          }
          matches++;
          if (!handler.onMatch(match)) {
            a.send(pc, cancel(id), null);
            cancelled = true;
          }
        }
      } catch (IOException | RuntimeException e) {
        a.abort();
        throw e;
      }
    }
  }

  /** The keys with the Query/Retrieve Level set. */
  static DataSet identifier(QueryModel model, QueryLevel level, DataSet keys) {
    if (!model.supports(level)) {
      throw new IllegalArgumentException(
          "the " + model + " model has no " + level + " level: use the patient root model");
    }
    return keys.toBuilder().setString(Tags.QueryRetrieveLevel, VR.CS, level.code()).build();
  }

  /** C-CANCEL-RQ for message {@code id} (PS3.7 9.3.2.3). */
  static DataSet cancel(int id) {
    return DataSet.builder()
        .setInts(Commands.COMMAND_FIELD, VR.US, Commands.C_CANCEL_RQ)
        .setInts(Commands.MESSAGE_ID_BEING_RESPONDED_TO, VR.US, id)
        .setInts(Commands.COMMAND_DATA_SET_TYPE, VR.US, Commands.NO_DATA_SET)
        .build();
  }
}
