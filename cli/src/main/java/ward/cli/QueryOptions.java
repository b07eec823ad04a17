package ward.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import ward.dicom.DataSet;
import ward.dicom.ElementDictionary;
import ward.dicom.Tag;
import ward.dicom.Tags;
import ward.dicom.VR;
import ward.net.client.QueryLevel;
import ward.net.client.QueryModel;
import ward.net.client.RetrieveResult;
import ward.net.client.Status;

/**
 * The keys, level and information model of find, get and move (PS3.4 C.2, C.6), and how the outcome
 * of a retrieve is reported.
 */
final class QueryOptions {

  @Option(
      names = "-k",
      paramLabel = "KEY[=VALUE]",
      description = {
        "a matching key with its value, or a return key without one: a keyword"
            + " (PatientName=DOE*) or a tag (0010,0010=DOE*); multiple values separated by \\;"
            + " dates and times take ranges (StudyDate=20200101-20201231)"
      })
  List<String> keys = new ArrayList<>();

  @Option(
      names = "--level",
      paramLabel = "LEVEL",
      defaultValue = "STUDY",
      description = "PATIENT, STUDY, SERIES or IMAGE (default: ${DEFAULT-VALUE})")
  String level;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      defaultValue = "study",
      description = "the information model: study (Study Root) or patient (Patient Root)")
  String model;

  QueryModel model() throws PeerOptions.InvalidInput {
    return switch (model.toLowerCase(Locale.ROOT)) {
      case "study" -> QueryModel.STUDY_ROOT;
      case "patient" -> QueryModel.PATIENT_ROOT;
      default -> throw new PeerOptions.InvalidInput("--model takes study or patient, not " + model);
    };
  }

  QueryLevel level() throws PeerOptions.InvalidInput {
    String l = level.toUpperCase(Locale.ROOT);
    QueryLevel q;
    try {
      q = QueryLevel.valueOf("INSTANCE".equals(l) ? "IMAGE" : l);
    } catch (IllegalArgumentException e) {
      throw new PeerOptions.InvalidInput(
          "--level takes PATIENT, STUDY, SERIES or IMAGE, not " + level);
    }
    if (!model().supports(q)) {
      throw new PeerOptions.InvalidInput(
          "the study root model has no PATIENT level: add --model patient");
    }
    return q;
  }

  /** The identifier the keys make. */
  DataSet keys() throws PeerOptions.InvalidInput {
    DataSet.Builder b = DataSet.builder();
    boolean ascii = true;
    for (String k : keys) {
      ascii &= StandardCharsets.US_ASCII.newEncoder().canEncode(k);
    }
    if (!ascii) {
      b.setString(Tag.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 192");
    }
    for (String k : keys) {
      add(b, k);
    }
    return b.build();
  }

  /** Whether any key has a value (a retrieve needs something to match). */
  boolean hasMatchingKey() {
    return keys.stream().anyMatch(k -> k.indexOf('=') > 0 && k.indexOf('=') < k.length() - 1);
  }

  private static void add(DataSet.Builder b, String key) throws PeerOptions.InvalidInput {
    int eq = key.indexOf('=');
    String name = (eq < 0 ? key : key.substring(0, eq)).strip();
    String value = eq < 0 ? "" : key.substring(eq + 1);
    int tag = tagOf(name);
    if (tag < 0) {
      throw new PeerOptions.InvalidInput(
          "unknown key '"
              + name
              + "': use a keyword such as PatientName or a tag such as 0010,0010");
    }
    VR vr = ElementDictionary.vrOf(tag);
    String[] values = value.isEmpty() ? new String[0] : value.split("\\\\", -1);
    try {
      switch (vr) {
        case SQ -> {
          if (!value.isEmpty()) {
            throw new PeerOptions.InvalidInput(name + " is a sequence: give it without a value");
          }
          b.setSequence(tag, List.of());
        }
        case US, SS, UL, SL, SV, UV -> {
          long[] n = new long[values.length];
          for (int i = 0; i < n.length; i++) {
            n[i] = Long.parseLong(values[i].strip());
          }
          b.setInts(tag, vr, n);
        }
        case FL, FD -> {
          double[] d = new double[values.length];
          for (int i = 0; i < d.length; i++) {
            d[i] = Double.parseDouble(values[i].strip());
          }
          b.setDoubles(tag, vr, d);
        }
        case OB, OD, OF, OL, OV, OW, UN, AT ->
            throw new PeerOptions.InvalidInput(
                name + " (" + Tag.toString(tag) + ", " + vr + ") cannot be a query key");
        default -> b.setString(tag, vr, values);
      }
    } catch (NumberFormatException e) {
      throw new PeerOptions.InvalidInput(name + " takes numbers, not '" + value + "'");
    }
  }

  /** A keyword, "gggg,eeee", "(gggg,eeee)" or "ggggeeee"; -1 when it is none of them. */
  static int tagOf(String name) {
    String n = name;
    if (n.startsWith("(") && n.endsWith(")")) {
      n = n.substring(1, n.length() - 1);
    }
    if (n.length() == 9 && n.charAt(4) == ',') {
      n = n.substring(0, 4) + n.substring(5);
    }
    int tag = ElementDictionary.tagOf(n);
    if (tag < 0 || (tag >>> 16) <= 0x0002 || Tag.isGroupLength(tag) || tag == Tags.PixelData) {
      return -1; // commands, file meta, group lengths and pixels are not keys
    }
    return tag;
  }

  /** The return keys "ward find" adds when they are not given, by level. */
  static List<Integer> defaultReturnKeys(QueryLevel level) {
    return switch (level) {
      case PATIENT ->
          List.of(Tags.PatientName, Tags.PatientID, Tags.PatientBirthDate, Tags.PatientSex);
      case STUDY ->
          List.of(
              Tags.StudyInstanceUID,
              Tags.StudyDate,
              Tags.StudyTime,
              Tags.AccessionNumber,
              Tags.StudyDescription,
              Tags.ModalitiesInStudy,
              Tags.PatientName,
              Tags.PatientID);
      case SERIES ->
          List.of(Tags.SeriesInstanceUID, Tags.Modality, Tags.SeriesNumber, Tags.SeriesDescription);
      case IMAGE -> List.of(Tags.SOPInstanceUID, Tags.SOPClassUID, Tags.InstanceNumber);
    };
  }

  /** The peer's sub-operation counts of a C-GET or C-MOVE, for people. */
  static String counts(RetrieveResult r) {
    return r.completed() + " completed, " + r.failed() + " failed, " + r.warning() + " warnings";
  }

  /**
   * 0 when the retrieve succeeded; otherwise one line on {@code err} and 1 (a failure status, or
   * sub-operations that failed at either end).
   */
  static int exitStatus(String command, RetrieveResult r, PrintWriter err) {
    if (r.ok()) {
      return 0;
    }
    StringBuilder why = new StringBuilder("ward " + command + ": ");
    if (Status.isFailure(r.status())) {
      why.append("the peer failed: ").append(Status.describe(r.status()));
    } else {
      why.append(Status.describe(r.status()));
    }
    if (r.errorComment() != null && !r.errorComment().isEmpty()) {
      why.append(": ").append(r.errorComment());
    }
    if (r.failed() > 0) {
      why.append("; ").append(r.failed()).append(" sub-operations failed");
    }
    if (r.refused() > 0) {
      why.append("; ").append(r.refused()).append(" instances could not be written");
    }
    if (!r.failedInstances().isEmpty()) {
      why.append(" (first: ").append(r.failedInstances().get(0)).append(')');
    }
    err.println(why);
    return PeerOptions.FAILED;
  }
}
