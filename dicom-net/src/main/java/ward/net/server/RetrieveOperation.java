package ward.net.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.Commands;

/**
 * C-GET and C-MOVE SCP (PS3.7 9.1.3, 9.1.4; PS3.4 C.4.2, C.4.3): resolves the instances, performs a
 * C-STORE sub-operation for each (on the same association for C-GET, on a new one to the
 * destination for C-MOVE), reports counts in a pending response after each, and ends with the final
 * status. A C-CANCEL-RQ stops it between sub-operations (status FE00).
 */
final class RetrieveOperation {
  private final ServedAssociation conn;
  private final Association a;
  private final Operation op;
  private final boolean move;
  private final int responseField;
  private final List<String> failedUids = new ArrayList<>();
  private int remaining;
  private int completed;
  private int failed;
  private int warning;

  RetrieveOperation(ServedAssociation conn, Association a, Operation op) {
    this.conn = conn;
    this.a = a;
    this.op = op;
    this.move = op.service instanceof Services.Move;
    this.responseField = move ? Commands.C_MOVE_RSP : Commands.C_GET_RSP;
  }

  private String name() {
    return move ? "C-MOVE" : "C-GET";
  }

  void run() throws IOException {
    MoveDestinations.Destination destination = null;
    RetrieveHandler handler;
    if (op.service instanceof Services.Move m) {
      handler = m.handler();
      String ae = op.request.moveDestination();
      Optional<MoveDestinations.Destination> d;
      try {
        d = ae.isEmpty() ? Optional.empty() : m.destinations().resolve(ae, op.request);
      } catch (RuntimeException e) {
        conn.handlerFailed("C-MOVE destination", e);
        end(Status.of(Status.UNABLE_TO_PROCESS, "the move destination could not be resolved"));
        return;
      }
      if (d == null || d.isEmpty()) {
        end(Status.of(Status.MOVE_DESTINATION_UNKNOWN, "Move Destination unknown"));
        return;
      }
      destination = d.get();
    } else {
      handler = ((Services.Get) op.service).handler();
    }
    List<Instance> instances;
    try {
      instances = handler.retrieve(op.request, op.identifier);
    } catch (DimseException e) {
      end(e.status());
      return;
    } catch (IOException | RuntimeException e) {
      conn.handlerFailed(name(), e);
      end(Status.of(Status.UNABLE_TO_PROCESS, "the retrieve failed"));
      return;
    }
    instances = instances == null ? List.of() : List.copyOf(instances);
    remaining = instances.size();
    if (remaining == 0) {
      end(Status.OK);
      return;
    }
    SubOperations target;
    if (destination == null) {
      target = new SubOperations.OnAssociation(conn, a, op);
    } else {
      try {
        target = SubOperations.ToDestination.open(conn, destination, instances, a.callingAe(), op);
      } catch (IOException e) {
        for (Instance i : instances) {
          failedUids.add(i.sopInstanceUid());
        }
        failed = remaining;
        remaining = 0;
        end(
            Status.of(
                Status.UNABLE_TO_PERFORM_SUB_OPERATIONS,
                "cannot associate with the move destination: " + e.getMessage()));
        return;
      }
    }
    try {
      for (int i = 0; i < instances.size(); i++) {
        if (op.cancelled()) {
          break;
        }
        Instance instance = instances.get(i);
        Status s;
        try {
          s = target.store(instance);
        } catch (IOException e) {
          if (!move) {
            throw e; // the caller's own association is gone
          }
          // The destination went away: this and the rest fail.
          for (Instance rest : instances.subList(i, instances.size())) {
            failedUids.add(rest.sopInstanceUid());
          }
          failed += remaining;
          remaining = 0;
          break;
        }
        remaining--;
        if (s.isSuccess()) {
          completed++;
        } else if (s.isWarning()) {
          warning++;
        } else {
          failed++;
          failedUids.add(instance.sopInstanceUid());
        }
        if (remaining > 0 && !op.cancelled()) {
          conn.send(
              a,
              op.contextId,
              counts(
                      ServedAssociation.response(
                          op.command, responseField, Status.of(Status.PENDING, null), false),
                      true)
                  .build(),
              null);
        }
      }
    } finally {
      target.close();
    }
    Status end;
    if (op.cancelled() && remaining > 0) {
      end = Status.of(Status.CANCEL, null);
    } else if (failed == 0 && warning == 0) {
      end = Status.OK;
    } else if (completed == 0 && warning == 0) {
      end = Status.of(Status.UNABLE_TO_PERFORM_SUB_OPERATIONS, "all sub-operations failed");
    } else {
      end =
          Status.of(
              Status.SUB_OPERATIONS_WITH_FAILURES, "one or more sub-operations failed or warned");
    }
    end(end);
  }

  private DataSet.Builder counts(DataSet.Builder b, boolean withRemaining) {
    if (withRemaining) {
      b.setInts(Commands.NUMBER_OF_REMAINING_SUBOPERATIONS, VR.US, remaining);
    }
    return b.setInts(Commands.NUMBER_OF_COMPLETED_SUBOPERATIONS, VR.US, completed)
        .setInts(Commands.NUMBER_OF_FAILED_SUBOPERATIONS, VR.US, failed)
        .setInts(Commands.NUMBER_OF_WARNING_SUBOPERATIONS, VR.US, warning);
  }

  /** The final response; with the Failed SOP Instance UID List when some failed (C.4.2.1.4). */
  private void end(Status status) throws IOException {
    byte[] identifier = null;
    if (!failedUids.isEmpty() && !status.isSuccess()) {
      DataSet failedList =
          DataSet.builder()
              .setString(Tags.FailedSOPInstanceUIDList, VR.UI, failedUids.toArray(new String[0]))
              .build();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      DicomWriter.writeDataSet(
          buf, failedList, TransferSyntax.of(a.transferSyntaxOf(op.contextId)));
      identifier = buf.toByteArray();
    }
    boolean counted = completed + failed + warning + remaining > 0;
    DataSet.Builder rsp =
        ServedAssociation.response(op.command, responseField, status, identifier != null);
    if (counted) {
      counts(rsp, status.isCancel());
    }
    conn.completing(op);
    byte[] data = identifier;
    conn.send(a, op.contextId, rsp.build(), data == null ? null : (out, ts) -> out.write(data));
  }
}
