package ward.net;

import java.io.InputStream;
import ward.dicom.DataSet;

/**
 * A received DIMSE message: its presentation context, its command set, and its data set as a stream
 * in the context's transfer syntax (null when the command says there is none). The stream must be
 * consumed or closed before the association receives the next message.
 */
public record DimseMessage(int contextId, DataSet command, InputStream data) {

  public int commandField() {
    return command.getInt(Commands.COMMAND_FIELD, -1);
  }

  public int messageId() {
    return command.getInt(Commands.MESSAGE_ID, -1);
  }

  public int messageIdBeingRespondedTo() {
    return command.getInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, -1);
  }

  public int status() {
    return command.getInt(Commands.STATUS, -1);
  }
}
