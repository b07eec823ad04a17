package ward.archive.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ward.archive.index.Level;
import ward.dicom.DataSet;
import ward.dicom.ElementDictionary;
import ward.dicom.Tag;
import ward.dicom.Tags;
import ward.dicom.VR;

/**
 * The query parameters of a QIDO-RS request (PS3.18 8.3.4), checked and turned into the keys of an
 * index query: {@code {attributeID}={value}} matching keys by keyword or tag, {@code includefield}
 * (keywords, tags or {@code all}), {@code limit}, {@code offset} and {@code fuzzymatching}. Fuzzy
 * matching is not done; asking for it still matches literally, and the response says so in a
 * Warning header. Unknown attributes, sequence paths, binary and private attributes, repeated
 * parameters, malformed numbers and UIDs are refused (400) with the reason.
 *
 * @param all return every attribute the index holds ({@code includefield=all})
 * @param limit the most matches to return: the client's, or the server's page size
 * @param warnFuzzy true when fuzzy matching was asked for
 */
record QidoQuery(DataSet keys, boolean all, int offset, int limit, boolean warnFuzzy) {

  /** The page size when the client asks for none, and the largest it may ask for. */
  static final int DEFAULT_LIMIT = 1000;

  static final int MAX_LIMIT = 10_000;

  /** A matching value is a few names or a UID list; longer values are not queries. */
  private static final int MAX_VALUE = 4096;

  // PS3.18 Table 10.6.3-3, -4 and -5: the attributes every response carries at each level
  // (Retrieve URL and Instance Availability are added by the server itself).
  private static final List<Integer> STUDY_DEFAULTS =
      List.of(
          Tags.StudyDate,
          Tags.StudyTime,
          Tags.AccessionNumber,
          Tags.ModalitiesInStudy,
          Tags.ReferringPhysicianName,
          Tags.TimezoneOffsetFromUTC,
          Tags.PatientName,
          Tags.PatientID,
          Tags.PatientBirthDate,
          Tags.PatientSex,
          Tags.StudyInstanceUID,
          Tags.StudyID,
          Tags.NumberOfStudyRelatedSeries,
          Tags.NumberOfStudyRelatedInstances);
  private static final List<Integer> SERIES_DEFAULTS =
      List.of(
          Tags.Modality,
          Tags.SeriesDescription,
          Tags.SeriesInstanceUID,
          Tags.SeriesNumber,
          Tags.NumberOfSeriesRelatedInstances,
          Tags.PerformedProcedureStepStartDate,
          Tags.PerformedProcedureStepStartTime);
  private static final List<Integer> INSTANCE_DEFAULTS =
      List.of(
          Tags.SOPClassUID,
          Tags.SOPInstanceUID,
          Tags.InstanceNumber,
          Tags.Rows,
          Tags.Columns,
          Tags.BitsAllocated,
          Tags.NumberOfFrames);

  /**
   * Reads the parameters of a query at {@code level}.
   *
   * @param withParentDefaults include the default attributes of the levels above (for the {@code
   *     /series} and {@code /instances} resources, which are not within a study)
   * @param fixed unique keys taken from the path, which the parameters cannot change
   */
  static QidoQuery parse(
      Map<String, List<String>> params,
      Level level,
      boolean withParentDefaults,
      Map<Integer, String> fixed)
      throws WebException {
    DataSet.Builder keys = DataSet.builder();
    keys.setString(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 192");
    Set<Integer> returnKeys = new LinkedHashSet<>();
    if (level == Level.STUDY || withParentDefaults) {
      returnKeys.addAll(STUDY_DEFAULTS);
    }
    if (level == Level.SERIES || (level == Level.IMAGE && withParentDefaults)) {
      returnKeys.addAll(SERIES_DEFAULTS);
    }
    if (level == Level.IMAGE) {
      returnKeys.addAll(INSTANCE_DEFAULTS);
    }
    boolean all = false;
    int offset = 0;
    int limit = DEFAULT_LIMIT;
    boolean fuzzy = false;
    Set<Integer> matched = new LinkedHashSet<>();
    for (Map.Entry<String, List<String>> p : params.entrySet()) {
      String name = p.getKey();
      List<String> values = p.getValue();
      switch (name) {
        case "includefield" -> {
          for (String value : values) {
            for (String field : value.split(",", -1)) {
              String f = field.strip();
              if (f.equals("all")) {
                all = true;
              } else {
                returnKeys.add(attribute(f));
              }
            }
          }
        }
        case "limit" -> {
          limit = RequestValues.integer(single(name, values), "limit", 1, MAX_LIMIT);
        }
        case "offset" ->
            offset =
                RequestValues.integer(single(name, values), "offset", 0, Integer.MAX_VALUE - 1);
        case "fuzzymatching" -> {
          String v = single(name, values);
          if (!v.equals("true") && !v.equals("false")) {
            throw WebException.badRequest("fuzzymatching must be true or false");
          }
          fuzzy = v.equals("true");
        }
        default -> {
          int tag = attribute(name);
          if (fixed.containsKey(tag)) {
            continue; // the path names it already
          }
          matched.add(tag);
          matchingKey(keys, tag, single(name, values));
        }
      }
    }
    for (int tag : returnKeys) {
      if (!matched.contains(tag) && !fixed.containsKey(tag)) {
        VR vr = ElementDictionary.vrOf(tag);
        if (vr == VR.SQ) {
          keys.setSequence(tag, List.of());
        } else {
          keys.add(tag, vr, ward.dicom.Value.EMPTY);
        }
      }
    }
    for (Map.Entry<Integer, String> f : fixed.entrySet()) {
      keys.setString(f.getKey(), VR.UI, f.getValue());
    }
    return new QidoQuery(keys.build(), all, offset, limit, fuzzy);
  }

  private static String single(String name, List<String> values) throws WebException {
    if (values.size() != 1) {
      throw WebException.badRequest("the parameter " + name + " is given more than once");
    }
    return values.get(0);
  }

  /** The tag of an attribute named by keyword or by eight hex digits. */
  private static int attribute(String id) throws WebException {
    if (id.isEmpty() || id.length() > 64) {
      throw WebException.badRequest("an attribute must be named by keyword or tag");
    }
    if (id.indexOf('.') >= 0) {
      throw WebException.badRequest(
          "'" + printable(id) + "': matching on attributes within sequences is not supported");
    }
    int tag = ElementDictionary.tagOf(id);
    if (tag == -1) {
      throw WebException.badRequest("'" + printable(id) + "' is not a known attribute");
    }
    if (Tag.isPrivate(tag) || Tag.isGroupLength(tag) || (tag >>> 16) == 0x0002) {
      throw WebException.badRequest(Tag.toString(tag) + " cannot be queried");
    }
    if (ElementDictionary.lookup(tag) == null) {
      throw WebException.badRequest(Tag.toString(tag) + " is not a known attribute");
    }
    return tag;
  }

  /** Adds a matching key, its value checked against the attribute's VR. */
  private static void matchingKey(DataSet.Builder keys, int tag, String value) throws WebException {
    if (value.length() > MAX_VALUE) {
      throw WebException.badRequest("the value of " + Tag.toString(tag) + " is too long");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw WebException.badRequest(
            "the value of " + Tag.toString(tag) + " holds a control character");
      }
    }
    VR vr = ElementDictionary.vrOf(tag);
    if (value.isEmpty()) {
      keys.add(tag, vr, ward.dicom.Value.EMPTY);
      return;
    }
    switch (vr.kind()) {
      case STRING, TEXT -> {
        if (vr == VR.UI) {
          // PS3.18 8.3.4.1: a list of UIDs may be separated by commas or backslashes.
          String[] uids = value.split("[,\\\\]", -1);
          for (String uid : uids) {
            RequestValues.uid(uid, "a value of " + Tag.toString(tag));
          }
          keys.setString(tag, vr, uids);
        } else {
          keys.setString(tag, vr, value);
        }
      }
      case BINARY_NUMBER -> {
        if (vr == VR.AT || vr == VR.FL || vr == VR.FD) {
          throw WebException.badRequest("matching on " + vr + " attributes is not supported");
        }
        String[] parts = value.split("\\\\", -1);
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
          numbers[i] = RequestValues.integer(parts[i].strip(), Tag.toString(tag), 0, 0x7FFFFFFF);
        }
        keys.setInts(tag, vr, numbers);
      }
      default ->
          throw WebException.badRequest(
              "matching on " + vr + " attributes is not supported: " + Tag.toString(tag));
    }
  }

  private static String printable(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "?");
  }
}
