package ward.archive.dimse;

import java.util.Arrays;
import java.util.List;
import ward.archive.index.Level;
import ward.archive.index.QueryModel;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.net.server.DimseException;
import ward.net.server.Status;

/** Reading C-FIND, C-GET and C-MOVE identifiers into the index's terms (PS3.4 C.4). */
final class Identifiers {
  private Identifiers() {}

  static QueryModel model(String informationModel) throws DimseException {
    if (informationModel.equals(UID.PatientRootQueryRetrieveInformationModelFind)
        || informationModel.equals(UID.PatientRootQueryRetrieveInformationModelGet)
        || informationModel.equals(UID.PatientRootQueryRetrieveInformationModelMove)) {
      return QueryModel.PATIENT_ROOT;
    }
    if (informationModel.equals(UID.StudyRootQueryRetrieveInformationModelFind)
        || informationModel.equals(UID.StudyRootQueryRetrieveInformationModelGet)
        || informationModel.equals(UID.StudyRootQueryRetrieveInformationModelMove)) {
      return QueryModel.STUDY_ROOT;
    }
    throw new DimseException(
        Status.of(Status.SOP_CLASS_NOT_SUPPORTED, "information model not supported"));
  }

  /** The identifier's Query/Retrieve Level (the server has checked it fits the model). */
  static Level level(DataSet identifier) throws DimseException {
    String level = identifier.getString(Tags.QueryRetrieveLevel, "").strip();
    switch (level) {
      case "PATIENT":
        return Level.PATIENT;
      case "STUDY":
        return Level.STUDY;
      case "SERIES":
        return Level.SERIES;
      case "IMAGE":
        return Level.IMAGE;
      default:
        throw new DimseException(
            Status.of(Status.DOES_NOT_MATCH_SOP_CLASS, "unknown Query/Retrieve Level"));
    }
  }

  /** A unique key's values (a backslash-separated UID list), empty when absent or empty. */
  static List<String> uids(DataSet identifier, int tag) {
    String[] values = identifier.getStrings(tag);
    if (values == null) {
      return List.of();
    }
    return Arrays.stream(values).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  static String value(DataSet identifier, int tag) {
    String v = identifier.getString(tag);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
