package ward.archive.index;

import static ward.archive.index.KeyColumn.Kind.DATE;
import static ward.archive.index.KeyColumn.Kind.DATE_TIME;
import static ward.archive.index.KeyColumn.Kind.INTEGER;
import static ward.archive.index.KeyColumn.Kind.PERSON_NAME;
import static ward.archive.index.KeyColumn.Kind.TEXT;
import static ward.archive.index.KeyColumn.Kind.TIME;
import static ward.archive.index.KeyColumn.Kind.UID;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ward.dicom.Tags;

/**
 * The tables of the index (migration V1) as the code sees them: one table per level, the matching
 * keys each keeps in columns (the Patient Root and Study Root keys of PS3.4 C.6.1.1 and C.6.2.1,
 * with Rows, Columns, Number of Frames and Acquisition DateTime for QIDO-RS), and the date and time
 * pairs matched as one date-time.
 */
final class Schema {
  private Schema() {}

  static final List<KeyColumn> KEYS =
      List.of(
          key(Tags.PatientName, Level.PATIENT, "patient_name_upper", PERSON_NAME, 256),
          key(Tags.PatientID, Level.PATIENT, "patient_id", TEXT, 64),
          key(Tags.IssuerOfPatientID, Level.PATIENT, "issuer_of_patient_id", TEXT, 64),
          key(Tags.PatientBirthDate, Level.PATIENT, "patient_birth_date", DATE, 8),
          key(Tags.PatientSex, Level.PATIENT, "patient_sex", TEXT, 16),
          key(Tags.StudyInstanceUID, Level.STUDY, "study_instance_uid", UID, 64),
          key(Tags.StudyDate, Level.STUDY, "study_date", DATE, 8),
          key(Tags.StudyTime, Level.STUDY, "study_time", TIME, 13),
          key(Tags.AccessionNumber, Level.STUDY, "accession_number", TEXT, 64),
          key(Tags.StudyID, Level.STUDY, "study_id", TEXT, 64),
          key(
              Tags.ReferringPhysicianName,
              Level.STUDY,
              "referring_physician_name_upper",
              PERSON_NAME,
              256),
          key(Tags.StudyDescription, Level.STUDY, "study_description", TEXT, 256),
          key(Tags.SeriesInstanceUID, Level.SERIES, "series_instance_uid", UID, 64),
          key(Tags.Modality, Level.SERIES, "modality", TEXT, 16),
          key(Tags.SeriesNumber, Level.SERIES, "series_number", INTEGER, 0),
          key(Tags.SeriesDescription, Level.SERIES, "series_description", TEXT, 256),
          key(Tags.BodyPartExamined, Level.SERIES, "body_part_examined", TEXT, 64),
          key(Tags.PerformedProcedureStepStartDate, Level.SERIES, "pps_start_date", DATE, 8),
          key(Tags.PerformedProcedureStepStartTime, Level.SERIES, "pps_start_time", TIME, 13),
          key(Tags.SOPInstanceUID, Level.IMAGE, "sop_instance_uid", UID, 64),
          key(Tags.SOPClassUID, Level.IMAGE, "sop_class_uid", UID, 64),
          key(Tags.InstanceNumber, Level.IMAGE, "instance_number", INTEGER, 0),
          key(Tags.Rows, Level.IMAGE, "pixel_rows", INTEGER, 0),
          key(Tags.Columns, Level.IMAGE, "pixel_columns", INTEGER, 0),
          key(Tags.NumberOfFrames, Level.IMAGE, "number_of_frames", INTEGER, 0),
          key(Tags.AcquisitionDateTime, Level.IMAGE, "acquisition_datetime", DATE_TIME, 21));

  private static final Map<Integer, KeyColumn> BY_TAG = byTag(KEYS);

  /** A date and a time matched together when both are given (PS3.4 C.2.2.2.5.1). */
  record DateTimePair(KeyColumn date, KeyColumn time) {}

  static final List<DateTimePair> DATE_TIME_PAIRS =
      List.of(
          new DateTimePair(key(Tags.StudyDate), key(Tags.StudyTime)),
          new DateTimePair(
              key(Tags.PerformedProcedureStepStartDate),
              key(Tags.PerformedProcedureStepStartTime)));

  /** The column that keeps a key, or null when the key is not matched. */
  static KeyColumn key(int tag) {
    return BY_TAG.get(tag);
  }

  /** The key columns of one level's table. */
  static List<KeyColumn> keysAt(Level level) {
    return KEYS.stream().filter(k -> k.level() == level).toList();
  }

  static String table(Level level) {
    return switch (level) {
      case PATIENT -> "patient";
      case STUDY -> "study";
      case SERIES -> "series";
      case IMAGE -> "instance";
    };
  }

  /** The alias of each level's table in the index's queries. */
  static String alias(Level level) {
    return switch (level) {
      case PATIENT -> "p";
      case STUDY -> "st";
      case SERIES -> "se";
      case IMAGE -> "i";
    };
  }

  private static Map<Integer, KeyColumn> byTag(List<KeyColumn> keys) {
    Map<Integer, KeyColumn> m = new HashMap<>();
    for (KeyColumn k : keys) {
      m.put(k.tag(), k);
    }
    return Map.copyOf(m);
  }

  private static KeyColumn key(int tag, Level level, String column, KeyColumn.Kind kind, int len) {
    return new KeyColumn(tag, level, column, kind, len);
  }
}
