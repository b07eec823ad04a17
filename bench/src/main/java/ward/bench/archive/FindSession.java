package ward.bench.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.ReadOptions;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.client.DicomClient;
import ward.net.client.Status;

/**
 * Study Root C-FIND requests one after another over one open association (PS3.4 C.4.1; PS3.7
 * 9.1.2), as a viewer's worklist does. {@link DicomClient#find} opens an association for every
 * query; this keeps one, so a latency measures the query, not the connection, TLS handshake and
 * association negotiation around it.
 */
final class FindSession implements Closeable {
  private static final String SOP_CLASS = UID.StudyRootQueryRetrieveInformationModelFind;

  private final Association association;
  private final int contextId;

  private FindSession(Association association, int contextId) {
    this.association = association;
    this.contextId = contextId;
  }

  /** Opens an association proposing Study Root C-FIND in explicit and implicit little endian. */
  static FindSession open(DicomClient client) throws IOException {
    Association a =
        client.open(
            List.of(
                Map.entry(
                    SOP_CLASS, List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian))),
            List.of());
    int pc = a.contextFor(SOP_CLASS, null);
    if (pc <= 0) {
      a.release();
      throw new IOException("the peer does not accept Study Root C-FIND");
    }
    return new FindSession(a, pc);
  }

  /**
   * One study-level query; every match is read and parsed, as a client that shows them would.
   *
   * @return the number of matches
   * @throws IOException when the query fails or the peer answers out of turn
   */
  int find(DataSet keys) throws IOException {
    DataSet identifier =
        keys.toBuilder().setString(Tags.QueryRetrieveLevel, VR.CS, "STUDY").build();
    int id = association.nextMessageId();
    DataSet command =
        Commands.request(Commands.C_FIND_RQ, id, SOP_CLASS, true)
            .setInts(Commands.PRIORITY, VR.US, Commands.PRIORITY_MEDIUM)
            .build();
    association.send(contextId, command, Association.DataWriter.of(identifier));
    TransferSyntax ts = TransferSyntax.of(association.transferSyntaxOf(contextId));
    int matches = 0;
    while (true) {
      DimseMessage rsp = association.receive();
      if (rsp == null) {
        throw new IOException("the peer released the association during a query");
      }
      if (rsp.commandField() != Commands.C_FIND_RSP || rsp.messageIdBeingRespondedTo() != id) {
        association.abort();
        throw new IOException("unexpected message " + Integer.toHexString(rsp.commandField()));
      }
      int status = rsp.status();
      if (!Status.isPending(status)) {
        if (rsp.data() != null) {
          rsp.data().close();
        }
        if (Status.kindOf(status) != Status.Kind.SUCCESS) {
          throw new IOException("C-FIND failed with status " + Integer.toHexString(status));
        }
        return matches;
      }
      if (rsp.data() != null) {
        try (InputStream in = rsp.data()) {
          DicomReader.read(in, ReadOptions.DEFAULT.withRawTransferSyntax(ts));
        }
        matches++;
      }
    }
  }

  @Override
  public void close() throws IOException {
    association.close();
  }
}
