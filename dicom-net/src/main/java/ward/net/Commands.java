package ward.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.TransferSyntax;
import ward.dicom.VR;

/** Command set elements and command fields of DIMSE (PS3.7 E.1, 9.3, 10.3). */
public final class Commands {
  private Commands() {}

  public static final int COMMAND_GROUP_LENGTH = 0x00000000;
  public static final int AFFECTED_SOP_CLASS_UID = 0x00000002;
  public static final int REQUESTED_SOP_CLASS_UID = 0x00000003;
  public static final int COMMAND_FIELD = 0x00000100;
  public static final int MESSAGE_ID = 0x00000110;
  public static final int MESSAGE_ID_BEING_RESPONDED_TO = 0x00000120;
  public static final int MOVE_DESTINATION = 0x00000600;
  public static final int PRIORITY = 0x00000700;
  public static final int COMMAND_DATA_SET_TYPE = 0x00000800;
  public static final int STATUS = 0x00000900;
  public static final int OFFENDING_ELEMENT = 0x00000901;
  public static final int ERROR_COMMENT = 0x00000902;
  public static final int ERROR_ID = 0x00000903;
  public static final int AFFECTED_SOP_INSTANCE_UID = 0x00001000;
  public static final int REQUESTED_SOP_INSTANCE_UID = 0x00001001;
  public static final int NUMBER_OF_REMAINING_SUBOPERATIONS = 0x00001020;
  public static final int NUMBER_OF_COMPLETED_SUBOPERATIONS = 0x00001021;
  public static final int NUMBER_OF_FAILED_SUBOPERATIONS = 0x00001022;
  public static final int NUMBER_OF_WARNING_SUBOPERATIONS = 0x00001023;
  public static final int MOVE_ORIGINATOR_AE_TITLE = 0x00001030;
  public static final int MOVE_ORIGINATOR_MESSAGE_ID = 0x00001031;

  public static final int C_STORE_RQ = 0x0001;
  public static final int C_STORE_RSP = 0x8001;
  public static final int C_GET_RQ = 0x0010;
  public static final int C_GET_RSP = 0x8010;
  public static final int C_FIND_RQ = 0x0020;
  public static final int C_FIND_RSP = 0x8020;
  public static final int C_MOVE_RQ = 0x0021;
  public static final int C_MOVE_RSP = 0x8021;
  public static final int C_ECHO_RQ = 0x0030;
  public static final int C_ECHO_RSP = 0x8030;
  public static final int C_CANCEL_RQ = 0x0FFF;

  /** Command Data Set Type value meaning "no data set" (PS3.7 E.1). */
  public static final int NO_DATA_SET = 0x0101;

  /** Any other value means a data set follows; dcmtk and most peers send 0x0000 or 0x0001. */
  public static final int DATA_SET_PRESENT = 0x0000;

  public static final int PRIORITY_MEDIUM = 0x0000;

  /** True when the command announces a data set. */
  public static boolean hasDataSet(DataSet command) {
    return command.getInt(COMMAND_DATA_SET_TYPE, NO_DATA_SET) != NO_DATA_SET;
  }

  /** The command with (0000,0000) Command Group Length computed for its other elements. */
  static DataSet withGroupLength(DataSet command) {
    DataSet rest = command.toBuilder().remove(COMMAND_GROUP_LENGTH).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      DicomWriter.writeDataSet(out, rest, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rest.toBuilder().setInts(COMMAND_GROUP_LENGTH, VR.UL, out.size()).build();
  }

  /** A request command's common elements. */
  public static DataSet.Builder request(
      int commandField, int messageId, String sopClassUid, boolean withData) {
    DataSet.Builder b =
        DataSet.builder()
            .setInts(COMMAND_FIELD, VR.US, commandField)
            .setInts(MESSAGE_ID, VR.US, messageId)
            .setInts(COMMAND_DATA_SET_TYPE, VR.US, withData ? DATA_SET_PRESENT : NO_DATA_SET);
    if (commandField == C_STORE_RQ
        || commandField == C_FIND_RQ
        || commandField == C_MOVE_RQ
        || commandField == C_GET_RQ) {
      b.setInts(PRIORITY, VR.US, PRIORITY_MEDIUM);
    }
    if (sopClassUid != null) {
      b.setString(
          commandField == C_STORE_RQ
                  || commandField == C_ECHO_RQ
                  || commandField == C_FIND_RQ
                  || commandField == C_MOVE_RQ
                  || commandField == C_GET_RQ
              ? AFFECTED_SOP_CLASS_UID
              : REQUESTED_SOP_CLASS_UID,
          VR.UI,
          sopClassUid);
    }
    return b;
  }

  /** A C-CANCEL-RQ for the operation with message ID {@code messageId} (PS3.7 9.3.2.3). */
  public static DataSet cancel(int messageId) {
    return DataSet.builder()
        .setInts(COMMAND_FIELD, VR.US, C_CANCEL_RQ)
        .setInts(MESSAGE_ID_BEING_RESPONDED_TO, VR.US, messageId)
        .setInts(COMMAND_DATA_SET_TYPE, VR.US, NO_DATA_SET)
        .build();
  }

  /** A response command answering {@code rq}, with a status. */
  public static DataSet.Builder response(
      DataSet rq, int commandField, int status, boolean withData) {
    DataSet.Builder b =
        DataSet.builder()
            .setInts(COMMAND_FIELD, VR.US, commandField)
            .setInts(MESSAGE_ID_BEING_RESPONDED_TO, VR.US, rq.getInt(MESSAGE_ID, 0))
            .setInts(COMMAND_DATA_SET_TYPE, VR.US, withData ? DATA_SET_PRESENT : NO_DATA_SET)
            .setInts(STATUS, VR.US, status);
    String sopClass = rq.getString(AFFECTED_SOP_CLASS_UID);
    if (sopClass != null) {
      b.setString(AFFECTED_SOP_CLASS_UID, VR.UI, sopClass);
    }
    String sopInstance = rq.getString(AFFECTED_SOP_INSTANCE_UID);
    if (sopInstance != null) {
      b.setString(AFFECTED_SOP_INSTANCE_UID, VR.UI, sopInstance);
    }
    return b;
  }
}
