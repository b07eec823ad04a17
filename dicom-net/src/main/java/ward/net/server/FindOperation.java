package ward.net.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.stream.Stream;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.TransferSyntax;
import ward.net.Association;
import ward.net.Commands;

/**
 * C-FIND SCP (PS3.7 9.1.2, PS3.4 C.4.1): one pending response per match, then the final one. The
 * cancel flag is checked before each match, so a C-CANCEL-RQ ends the operation after at most the
 * response being sent (status FE00, PS3.4 C.4.1.3.1).
 */
final class FindOperation {
  private FindOperation() {}

  static void run(ServedAssociation conn, Association a, Operation op, FindHandler handler)
      throws IOException {
    Matches matches;
    try {
      matches = handler.find(op.request, op.identifier);
    } catch (DimseException e) {
      end(conn, a, op, e.status());
      return;
    } catch (IOException | RuntimeException e) {
      conn.handlerFailed("C-FIND", e);
      end(conn, a, op, Status.of(Status.UNABLE_TO_PROCESS, "the query failed"));
      return;
    }
    if (matches == null || matches.results() == null) {
      end(conn, a, op, Status.OK);
      return;
    }
    int pending =
        matches.optionalKeysUnsupported()
            ? Status.PENDING_OPTIONAL_KEYS_UNSUPPORTED
            : Status.PENDING;
    TransferSyntax ts = TransferSyntax.of(a.transferSyntaxOf(op.contextId));
    DataSet pendingCommand =
        ServedAssociation.response(op.command, Commands.C_FIND_RSP, Status.of(pending, null), true)
            .build();
    Status end = Status.OK;
    Stream<DataSet> results = matches.results();
    try {
      Iterator<DataSet> it = results.iterator();
      while (true) {
        if (op.cancelled()) {
          end = Status.of(Status.CANCEL, null);
          break;
        }
        byte[] encoded;
        try {
          if (!it.hasNext()) {
            break;
          }
          DataSet match = it.next();
          if (match == null) {
            continue;
          }
          // Encoded before sending, so that a match that cannot be written fails the query
          // instead of leaving half a message on the association.
          ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
          DicomWriter.writeDataSet(buf, match, ts);
          encoded = buf.toByteArray();
        } catch (IOException | RuntimeException e) {
          conn.handlerFailed("C-FIND", e);
          end = Status.of(Status.UNABLE_TO_PROCESS, "the query failed");
          break;
        }
        conn.send(a, op.contextId, pendingCommand, (out, t) -> out.write(encoded));
      }
    } finally {
      try {
        results.close();
      } catch (RuntimeException e) {
        conn.handlerFailed("C-FIND", e);
      }
    }
    end(conn, a, op, end);
  }

  private static void end(ServedAssociation conn, Association a, Operation op, Status status)
      throws IOException {
    conn.completing(op);
    conn.send(
        a,
        op.contextId,
        ServedAssociation.response(op.command, Commands.C_FIND_RSP, status, false).build(),
        null);
  }
}
