package ward.net.client;

import java.io.IOException;
import java.io.InputStream;
import ward.dicom.DataSet;
import ward.dicom.DicomFormatException;
import ward.dicom.DicomReader;
import ward.dicom.ReadLimits;
import ward.dicom.ReadOptions;
import ward.dicom.TransferSyntax;
import ward.dicom.UidDictionary;
import ward.net.Association;
import ward.net.AssociationAbortedException;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.pdu.PresentationContext;

/** Receiving and checking the messages that answer a request. */
final class Responses {
  private Responses() {}

  /** Identifiers are small: a few kilobytes; anything far larger is refused. */
  private static final ReadLimits IDENTIFIER_LIMITS =
      ReadLimits.DEFAULT.withMaxValueBytes(1 << 20).withMaxHeapBytes(16 << 20).withMaxDepth(8);

  /**
   * The next message, which must be the response {@code commandField} to message {@code id}; a
   * different message aborts the association.
   */
  static DimseMessage expect(Association a, int commandField, int id) throws IOException {
    DimseMessage m = receive(a);
    check(a, m, commandField, id);
    return m;
  }

  /** The next message; the peer releasing instead of answering is an error. */
  static DimseMessage receive(Association a) throws IOException {
    DimseMessage m = a.receive();
    if (m == null) {
      throw new AssociationAbortedException("the peer released the association before answering");
    }
    return m;
  }

  static void check(Association a, DimseMessage m, int commandField, int id) throws IOException {
    if (m.commandField() != commandField || m.messageIdBeingRespondedTo() != id) {
      a.abort();
      throw new AssociationAbortedException(
          String.format(
              "aborted: expected response %04X to message %d, received command %04X to message %d",
              commandField, id, m.commandField(), m.messageIdBeingRespondedTo()));
    }
    if (!m.command().contains(Commands.STATUS)) {
      a.abort();
      throw new AssociationAbortedException("aborted: a response without a status");
    }
  }

  /** Reads a message's data set (an identifier), bounded; null when there is none. */
  static DataSet readDataSet(Association a, DimseMessage m) throws IOException {
    if (m.data() == null) {
      return null;
    }
    try (InputStream in = m.data()) {
      TransferSyntax ts = TransferSyntax.of(a.transferSyntaxOf(m.contextId()));
      return DicomReader.read(
              in, ReadOptions.DEFAULT.withRawTransferSyntax(ts).withLimits(IDENTIFIER_LIMITS))
          .dataSet();
    } catch (DicomFormatException e) {
      a.abort();
      throw new AssociationAbortedException("aborted: malformed identifier: " + e.getMessage());
    }
  }

  /**
   * The accepted presentation context for a SOP class; when the peer did not accept it, the
   * association is released and the reason thrown.
   */
  static int requireContext(Association a, String sopClass) throws IOException {
    int pc = a.contextFor(sopClass, null);
    if (pc > 0) {
      return pc;
    }
    String why = "not accepted";
    for (PresentationContext.Result r : a.results()) {
      if (sopClass.equals(a.abstractSyntaxOf(r.id()))) {
        why = PresentationContext.Result.describe(r.result());
      }
    }
    a.release();
    throw new IOException(
        "the peer does not offer " + UidDictionary.nameOf(sopClass) + " (" + why + ")");
  }

  /** Skips a message's data set, if it has one. */
  static void drain(DimseMessage m) throws IOException {
    if (m.data() != null) {
      m.data().close();
    }
  }

  static String errorComment(DimseMessage m) {
    String c = m.command().getString(Commands.ERROR_COMMENT);
    return c == null ? null : c.strip();
  }
}
