package ward.net.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.AssociationAbortedException;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.pdu.UserInformation;

/**
 * C-GET and C-MOVE as service class user (PS3.4 C.4.2, C.4.3; PS3.7 9.1.3, 9.1.4, 9.3.3, 9.3.4).
 */
final class RetrieveScu {
  private RetrieveScu() {}

  static RetrieveResult move(
      DicomClient client, QueryModel model, QueryLevel level, DataSet keys, String destination)
      throws IOException {
    String sopClass = model.moveSopClass();
    DataSet identifier = QueryScu.identifier(model, level, keys);
    try (Association a =
        client.open(List.of(Map.entry(sopClass, DicomClient.UNCOMPRESSED)), List.of())) {
      int pc = Responses.requireContext(a, sopClass);
      int id = a.nextMessageId();
      DataSet command =
          Commands.request(Commands.C_MOVE_RQ, id, sopClass, true)
              .setInts(Commands.PRIORITY, VR.US, Commands.PRIORITY_MEDIUM)
              .setString(Commands.MOVE_DESTINATION, VR.AE, destination)
              .build();
      try {
        a.send(pc, command, Association.DataWriter.of(identifier));
        Counts counts = new Counts();
        while (true) {
          DimseMessage rsp = Responses.expect(a, Commands.C_MOVE_RSP, id);
          if (counts.take(a, rsp)) {
            return counts.result(0, 0);
          }
        }
      } catch (IOException | RuntimeException e) {
        a.abort();
        throw e;
      }
    }
  }

  static RetrieveResult get(
      DicomClient client,
      QueryModel model,
      QueryLevel level,
      DataSet keys,
      List<String> moreSopClasses,
      InstanceSink sink)
      throws IOException {
    String sopClass = model.getSopClass();
    DataSet identifier = QueryScu.identifier(model, level, keys);
    Set<String> storage = new LinkedHashSet<>(StorageSopClasses.COMMON);
    storage.addAll(moreSopClasses);
    if (storage.size() + 1 > StoreJob.MAX_CONTEXTS) {
      throw new IllegalArgumentException(
          "C-GET can propose at most " + (StoreJob.MAX_CONTEXTS - 1) + " storage SOP classes");
    }
    List<Map.Entry<String, List<String>>> contexts = new ArrayList<>();
    contexts.add(Map.entry(sopClass, DicomClient.UNCOMPRESSED));
    List<UserInformation.RoleSelection> roles = new ArrayList<>();
    for (String s : storage) {
      contexts.add(Map.entry(s, DicomClient.UNCOMPRESSED));
      // PS3.7 D.3.3.4: this side, the requestor, takes the SCP role for storage.
      roles.add(new UserInformation.RoleSelection(s, false, true));
    }
    try (Association a = client.open(contexts, roles)) {
      int pc = Responses.requireContext(a, sopClass);
      int id = a.nextMessageId();
      DataSet command =
          Commands.request(Commands.C_GET_RQ, id, sopClass, true)
              .setInts(Commands.PRIORITY, VR.US, Commands.PRIORITY_MEDIUM)
              .build();
      try {
        a.send(pc, command, Association.DataWriter.of(identifier));
        Counts counts = new Counts();
        int received = 0;
        int refused = 0;
        while (true) {
          DimseMessage m = Responses.receive(a);
          if (m.commandField() == Commands.C_STORE_RQ) {
            int status = storeSubOperation(a, m, sink);
            if (Status.isFailure(status)) {
              refused++;
            } else {
              received++;
            }
            continue;
          }
          Responses.check(a, m, Commands.C_GET_RSP, id);
          if (counts.take(a, m)) {
            return counts.result(received, refused);
          }
        }
      } catch (IOException | RuntimeException e) {
        a.abort();
        throw e;
      }
    }
  }

  /** Hands a C-STORE sub-operation's data set to the sink and answers it (PS3.4 C.4.3.1.3). */
  private static int storeSubOperation(Association a, DimseMessage m, InstanceSink sink)
      throws IOException {
    String sopClass = m.command().getString(Commands.AFFECTED_SOP_CLASS_UID);
    String sopInstance = m.command().getString(Commands.AFFECTED_SOP_INSTANCE_UID);
    int status;
    if (m.data() == null || sopClass == null || sopInstance == null) {
      Responses.drain(m);
      status = Status.CANNOT_UNDERSTAND;
    } else {
      try {
        status =
            sink.store(
                sopClass.strip(), sopInstance.strip(), a.transferSyntaxOf(m.contextId()), m.data());
      } catch (AssociationAbortedException e) {
        throw e; // the network failed while the data set arrived
      } catch (IOException e) {
        status = Status.OUT_OF_RESOURCES;
      }
      m.data().close(); // drains what the sink left
    }
    a.send(
        m.contextId(),
        Commands.response(m.command(), Commands.C_STORE_RSP, status, false).build(),
        null);
    return status;
  }

  /** The sub-operation counts of C-GET and C-MOVE responses (PS3.4 C.4.2.1.6, C.4.3.1.5). */
  private static final class Counts {
    int completed;
    int failed;
    int warning;
    int status = -1;
    String comment;
    List<String> failedInstances = List.of();

    /** Takes one response; true when it is the final one. */
    boolean take(Association a, DimseMessage rsp) throws IOException {
      DataSet c = rsp.command();
      completed = c.getInt(Commands.NUMBER_OF_COMPLETED_SUBOPERATIONS, completed);
      failed = c.getInt(Commands.NUMBER_OF_FAILED_SUBOPERATIONS, failed);
      warning = c.getInt(Commands.NUMBER_OF_WARNING_SUBOPERATIONS, warning);
      if (Status.isPending(rsp.status())) {
        Responses.drain(rsp);
        return false;
      }
      status = rsp.status();
      comment = Responses.errorComment(rsp);
      DataSet identifier = Responses.readDataSet(a, rsp);
      if (identifier != null) {
        failedInstances = List.of(identifier.getStrings(Tags.FailedSOPInstanceUIDList));
      }
      return true;
    }

    RetrieveResult result(int received, int refused) {
      return new RetrieveResult(
          status, comment, completed, failed, warning, failedInstances, received, refused);
    }
  }
}
