package ward.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import ward.dicom.json.DicomJson;
import ward.dicom.json.JsonLimits;
import ward.dicom.json.JsonParser;
import ward.dicom.json.JsonValue;
import ward.dicom.json.JsonValue.JsonArray;
import ward.dicom.json.JsonValue.JsonBoolean;
import ward.dicom.json.JsonValue.JsonNull;
import ward.dicom.json.JsonValue.JsonNumber;
import ward.dicom.json.JsonValue.JsonObject;
import ward.dicom.json.JsonValue.JsonString;
import ward.dicom.testing.Oracles;

/**
 * The proof for the data core: every DICOM file of pydicom's corpus is read by {@link DicomReader}
 * (all in memory), written as DICOM JSON by {@link DicomJson}, and compared with the JSON pydicom
 * makes of the same file ({@code Dataset.to_json_dict()}, file meta left out), which {@code
 * src/test/python/json_oracle.py} prints for all files in one process.
 *
 * <p>The comparison is semantic, with these equivalences and nothing else:
 *
 * <ul>
 *   <li>numbers are compared as numbers: FL as floats (pydicom prints a float's double expansion,
 *       Ward the float's shortest text), everything else as doubles (DS values of equal value but
 *       different text are equal);
 *   <li>"InlineBinary" values are compared by their decoded bytes (the script sends their SHA-256
 *       and length);
 *   <li>an empty value is the same whether written as no "Value", an empty "Value", {@code [null]}
 *       or {@code [""]}; an empty string among several values is the same as {@code null} (pydicom
 *       writes "", PS3.18 F.2.5 null); a person name group that is "" is the same as an absent one
 *       (pydicom writes {@code "Alphabetic": ""}, PS3.18 F.2.2 only non-empty groups);
 *   <li>group lengths (gggg,0000), which pydicom writes and PS3.18 F.2.2 excludes, are not compared
 *       (the test checks that Ward writes none).
 * </ul>
 *
 * <p>Every other difference is listed in {@link #KNOWN_DIFFERENCES} with its reason. The test fails
 * on a difference not listed and on a listed difference that no longer occurs, so that the list
 * stays true. Entries whose reason starts with "WARD BUG:" are defects of Ward to be fixed.
 */
@Tag("oracle")
class PydicomCorpusOracleTest {

  /**
   * A listed difference: why it is there, and a piece of the observed difference that shows it is
   * the difference the reason explains (the test checks it).
   */
  record Known(String reason, String evidence) {}

  private static final String AGREE = "the values agree when Ward's are read as ";

  private static final String UN_PRIVATE =
      "the file encodes this GEMS_ACQU_01 private element as UN; pydicom reads it with the VR of"
          + " its private dictionary, Ward has no private dictionary and keeps UN; read with"
          + " pydicom's VR, Ward's bytes give pydicom's values";

  private static final String BIG_ENDIAN_OW =
      "big endian file: pydicom writes the OW pixel data as the file holds it (big endian), Ward"
          + " little endian, as PS3.18 F.2.7 asks (byte order of the JSON's transfer syntax,"
          + " explicit VR little endian); the test checks that pydicom's bytes with every 16-bit"
          + " word reversed are Ward's";

  private static final String BIG_ENDIAN_OW_32 =
      BIG_ENDIAN_OW
          + ". Caveat: Bits Allocated is 32 and this file (pydicom PR #714) holds 32-bit big endian"
          + " values; Ward swaps 16-bit words, as PS3.5 6.2 defines OW (and as dcmtk wrote the file"
          + " before pydicom corrected it), so its bytes are not the little endian original's"
          + " (rtdose.dcm): retired transfer syntax, ambiguous standard";

  private static final String CS_INNER_PADDING =
      "the file has 'DERIVED \\PRIMARY...': pydicom strips padding only at the end of the whole"
          + " value and keeps 'DERIVED ', Ward trims each value's trailing space, which PS3.5 6.2"
          + " makes insignificant for CS";

  private static final String TRUNCATED =
      "broken file, truncated: pydicom silently stops at the end of the input, Ward refuses the"
          + " file with the offset and reason";

  /**
   * Differences between Ward's and pydicom's JSON, keyed "file | element path" (path as tags and
   * item indexes, "00081115/0/00100010"; "-" for the file as a whole).
   */
  static final Map<String, Known> KNOWN_DIFFERENCES = knownDifferences();

  private static Map<String, Known> knownDifferences() {
    Map<String, Known> m = new TreeMap<>();
    String[] gemsAcqu = {
      "00191010",
      "00191013",
      "00191015",
      "00191060",
      "00191062",
      "00191065",
      "00191070",
      "00191082",
      "00191093"
    };
    for (String file :
        List.of(
            "charset_files/chrJapMulti.dcm",
            "charset_files/chrJapMultiExplicitIR6.dcm",
            "charset_files/chrKoreanMulti.dcm")) {
      for (String tag : gemsAcqu) {
        m.put(file + " | " + tag, new Known(UN_PRIVATE, AGREE));
      }
    }
    String swapped = "with each unit of the VR reversed they equal Ward's";
    m.put("test_files/MR_small_bigendian.dcm | 7FE00010", new Known(BIG_ENDIAN_OW, swapped));
    m.put("test_files/MR_small_expb.dcm | 7FE00010", new Known(BIG_ENDIAN_OW, swapped));
    m.put("test_files/rtdose_expb.dcm | 7FE00010", new Known(BIG_ENDIAN_OW_32, swapped));
    m.put("test_files/rtdose_expb_1frame.dcm | 7FE00010", new Known(BIG_ENDIAN_OW_32, swapped));
    for (String file :
        List.of(
            "test_files/693_J2KI.dcm",
            "test_files/SC_rgb_gdcm_KY.dcm",
            "test_files/SC_rgb_jpeg_lossy_gdcm.dcm")) {
      m.put(
          file + " | 00080008",
          new Known(CS_INNER_PADDING, "value 0: pydicom DERIVED , Ward DERIVED"));
    }
    m.put(
        "test_files/badVR.dcm | 00280008",
        new Known(
            "broken value: Number of Frames (IS) is '1A'; pydicom cannot convert it to a number,"
                + " Ward writes it as the string PS3.18 F.2.3 allows for IS",
            "Ward writes {vr=\"IS\", Value=[\"1A\"]}"));
    m.put(
        "test_files/MR_truncated.dcm | -",
        new Known(
            TRUNCATED + " (pydicom keeps 8130 of the 8192 bytes of Pixel Data)",
            "at byte 1500: the value of (7FE0,0010) claims 8192 bytes but only 8130 remain"));
    m.put(
        "test_files/rtplan_truncated.dcm | -",
        new Known(
            TRUNCATED + " (pydicom drops what is missing of a sequence of defined length)",
            "at byte 1418: sequence (300A,00B0) claims 976 bytes beyond the input"));
    m.put(
        "test_files/dicomdirtests/DICOMDIR-nooffset | -",
        new Known(
            "broken file: the offset elements were removed from the last directory record without"
                + " changing its item length, which now runs 24 bytes past the end of the file;"
                + " pydicom reads to the end of the input, Ward refuses the file",
            "at byte 10860: item claims 248 bytes beyond the end of the input"));
    m.put(
        "test_files/no_meta.dcm | -",
        new Known(
            "broken file: a raw data set with one stray byte before its first element; pydicom's"
                + " force=True reads it as implicit VR and makes one garbage element (0820,0500)"
                + " of what is left, Ward, told the same transfer syntax, refuses the length that"
                + " runs past the end of the input",
            "at byte 8: the value of (0820,0500) claims 173228800 bytes"));
    return m;
  }

  private static final JsonLimits ORACLE_LIMITS =
      JsonLimits.DEFAULT.withMaxInputChars(1L << 30).withMaxStringChars(1 << 30);

  private record Outcome(String file, int elements, List<String> differences, String note) {}

  @Test
  void wardWritesTheSameJsonAsPydicomForEveryCorpusFile() throws Exception {
    long t0 = System.nanoTime();
    Path data = Oracles.pydicomDataDir();
    String out =
        Oracles.runPythonScript(
            "json_oracle.py",
            List.of(
                data.resolve("test_files").toString(), data.resolve("charset_files").toString()));
    Map<String, String> found = new TreeMap<>();
    List<Outcome> outcomes = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int forced = 0;
    for (String line : out.split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject entry = (JsonObject) JsonParser.parse(line, ORACLE_LIMITS);
      String file = string(entry, "file");
      switch (string(entry, "status")) {
        case "skipped" -> skipped.add(file + " (" + string(entry, "reason") + ")");
        case "error" -> outcomes.add(pydicomFailed(data, file, string(entry, "error"), found));
        default -> {
          if (((JsonBoolean) entry.get("force")).value()) {
            forced++;
          }
          outcomes.add(compare(data, file, entry, found));
        }
      }
    }
    assertThat(outcomes.size() + skipped.size())
        .as("files the oracle reported")
        .isEqualTo(corpusFileCount(data));

    printSummary(outcomes, skipped, forced, t0);
    StringBuilder report = new StringBuilder();
    found.forEach(
        (k, v) -> {
          Known known = KNOWN_DIFFERENCES.get(k);
          if (known == null) {
            report.append("\n  unlisted: ").append(k).append(": ").append(v);
          } else if (!v.contains(known.evidence())) {
            report.append("\n  not as listed: ").append(k).append(": ").append(v);
          }
        });
    TreeSet<String> gone = new TreeSet<>(KNOWN_DIFFERENCES.keySet());
    gone.removeAll(found.keySet());
    gone.forEach(k -> report.append("\n  listed but gone: ").append(k));
    assertThat(report.toString()).as("differences from pydicom").isEmpty();
  }

  private static long corpusFileCount(Path data) throws IOException {
    long n = 0;
    for (String dir : List.of("test_files", "charset_files")) {
      try (var s = Files.walk(data.resolve(dir))) {
        n +=
            s.filter(Files::isRegularFile)
                .filter(p -> !p.toString().contains("__pycache__"))
                .count();
      }
    }
    return n;
  }

  private static Outcome pydicomFailed(
      Path data, String file, String error, Map<String, String> found) {
    List<String> diffs = new ArrayList<>();
    try {
      DicomReader.readFile(data.resolve(file));
      diffs.add(file + " | -");
      found.put(file + " | -", "pydicom cannot read the file (" + error + "), Ward reads it");
    } catch (IOException e) {
      // both refuse the file: no difference
    }
    return new Outcome(file, 0, diffs, "pydicom: " + error);
  }

  private static Outcome compare(
      Path data, String file, JsonObject entry, Map<String, String> found) throws IOException {
    ReadOptions options = ReadOptions.DEFAULT;
    String note = "";
    if (((JsonBoolean) entry.get("force")).value()) {
      boolean little = ((JsonBoolean) entry.get("littleEndian")).value();
      boolean implicit = ((JsonBoolean) entry.get("implicitVr")).value();
      TransferSyntax ts =
          implicit
              ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN
              : little
                  ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
                  : TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
      options = options.withRawTransferSyntax(ts);
      note = "raw data set, read as pydicom's force=True did: " + ts.uid();
    }
    JsonObject expected = (JsonObject) entry.get("json");
    JsonObject elementErrors = (JsonObject) entry.get("elementErrors");
    Map<String, String> diffs = new LinkedHashMap<>();
    DataSet ds;
    try {
      ds = DicomReader.readFile(data.resolve(file), options).dataSet();
    } catch (IOException e) {
      diffs.put("-", "pydicom reads the file, Ward refuses it: " + e.getMessage());
      return record(file, 0, diffs, note, found);
    }
    String json = DicomJson.toJson(ds);
    JsonObject actual = (JsonObject) JsonParser.parse(json, ORACLE_LIMITS);
    for (String tag : actual.members().keySet()) {
      if (tag.endsWith("0000")) {
        diffs.put(tag, "Ward wrote a group length");
      }
    }
    for (Map.Entry<String, JsonValue> e : elementErrors.members().entrySet()) {
      diffs.put(
          e.getKey(),
          "pydicom cannot convert the element ("
              + ((JsonString) e.getValue()).value()
              + "), Ward writes "
              + shorten(render(actual.get(e.getKey()))));
    }
    compareDataSets("", expected, actual, ds, elementErrors.members().keySet(), diffs);
    return record(file, expected.members().size(), diffs, note, found);
  }

  private static Outcome record(
      String file,
      int elements,
      Map<String, String> diffs,
      String note,
      Map<String, String> found) {
    diffs.forEach((path, reason) -> found.put(file + " | " + path, reason));
    return new Outcome(file, elements, new ArrayList<>(diffs.keySet()), note);
  }

  private static void compareDataSets(
      String prefix,
      JsonObject pydicom,
      JsonObject ward,
      DataSet wardDataSet,
      java.util.Set<String> ignore,
      Map<String, String> diffs) {
    TreeSet<String> tags = new TreeSet<>(pydicom.members().keySet());
    tags.addAll(ward.members().keySet());
    for (String tag : tags) {
      String path = prefix + tag;
      if (ignore.contains(tag) || (tag.endsWith("0000") && !ward.members().containsKey(tag))) {
        continue; // pydicom's group lengths (PS3.18 F.2.2 excludes them)
      }
      JsonObject p = (JsonObject) pydicom.get(tag);
      JsonObject w = (JsonObject) ward.get(tag);
      if (p == null) {
        diffs.put(path, "only Ward has the element: " + shorten(String.valueOf(w)));
        continue;
      }
      if (w == null) {
        diffs.put(path, "only pydicom has the element: " + shorten(String.valueOf(p)));
        continue;
      }
      String pvr = ((JsonString) p.get("vr")).value();
      String wvr = ((JsonString) w.get("vr")).value();
      if (!pvr.equals(wvr)) {
        diffs.put(path, vrDifference(pvr, wvr, p, wardDataSet, tag));
        continue;
      }
      if (pvr.equals("SQ")) {
        List<JsonValue> pi = values(p);
        List<JsonValue> wi = values(w);
        if (pi.size() != wi.size()) {
          diffs.put(path, "items: pydicom " + pi.size() + ", Ward " + wi.size());
          continue;
        }
        for (int i = 0; i < pi.size(); i++) {
          compareDataSets(
              path + "/" + i + "/",
              (JsonObject) pi.get(i),
              (JsonObject) wi.get(i),
              wardDataSet.getSequence(Integer.parseUnsignedInt(tag, 16)).get(i),
              java.util.Set.of(),
              diffs);
        }
        continue;
      }
      String why = compareContent(pvr, p, w);
      if (why != null) {
        diffs.put(path, why);
      }
    }
  }

  /**
   * Describes a VR difference, and whether the values agree when Ward's value is read with
   * pydicom's VR (for UN: the bytes decoded as the VR pydicom's dictionary gives).
   */
  private static String vrDifference(
      String pvr, String wvr, JsonObject p, DataSet wardDataSet, String tag) {
    int t = Integer.parseUnsignedInt(tag, 16);
    Element e = wardDataSet.get(t);
    String agreement;
    try {
      DataSet reread;
      if (pvr.equals("SQ") && e.value() instanceof Value.Bytes b) {
        reread = implicitSequence(t, b.bytes());
      } else {
        reread =
            DataSet.builder()
                .add(new Element(t, VR.valueOf(pvr), e.value()))
                .build(wardDataSet.charset());
      }
      JsonObject w = (JsonObject) JsonParser.parse(DicomJson.toJson(reread), ORACLE_LIMITS);
      Map<String, String> differences = new TreeMap<>();
      compareDataSets(
          "",
          new JsonObject(0, Map.of(tag, p)),
          new JsonObject(0, Map.of(tag, w.get(tag))),
          reread,
          java.util.Set.of(),
          differences);
      agreement =
          differences.isEmpty()
              ? "the values agree when Ward's are read as " + pvr
              : "read as " + pvr + ", Ward's value differs: " + differences;
    } catch (IOException | RuntimeException ex) {
      agreement = "Ward's value cannot be read as " + pvr + ": " + ex.getMessage();
    }
    return "VR: pydicom " + pvr + ", Ward " + wvr + "; " + agreement;
  }

  /** A sequence whose items are the bytes of a UN value, which PS3.5 6.2.2 encodes implicit LE. */
  private static DataSet implicitSequence(int tag, byte[] value) throws IOException {
    ByteBuffer raw = ByteBuffer.allocate(8 + value.length).order(ByteOrder.LITTLE_ENDIAN);
    raw.putShort((short) (tag >>> 16)).putShort((short) tag).putInt(value.length).put(value);
    return DicomReader.read(
            new ByteArrayInputStream(raw.array()),
            ReadOptions.DEFAULT.withRawTransferSyntax(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN))
        .dataSet();
  }

  private static String content(JsonObject element) {
    for (String key : List.of("Value", "InlineBinary", "BulkDataURI")) {
      if (element.get(key) != null) {
        return key + "=" + render(element.get(key));
      }
    }
    return "(empty)";
  }

  private static List<JsonValue> values(JsonObject element) {
    JsonValue v = element.get("Value");
    return v instanceof JsonArray a ? a.values() : List.of();
  }

  /** Null when the contents are equal under the equivalences of the class comment. */
  private static String compareContent(String vr, JsonObject p, JsonObject w) {
    JsonValue pInline = p.get("InlineBinary");
    JsonValue wInline = w.get("InlineBinary");
    if (pInline != null || wInline != null) {
      if (pInline == null || wInline == null) {
        return "pydicom " + shorten(content(p)) + ", Ward " + shorten(content(w));
      }
      String pd = ((JsonString) pInline).value();
      String wd = digest(Base64.getDecoder().decode(((JsonString) wInline).value()));
      if (pd.equals(wd)) {
        return null;
      }
      if (p.get("swappedDigest") instanceof JsonString swapped && swapped.value().equals(wd)) {
        return "InlineBinary: pydicom writes the big endian bytes of the file as they are;"
            + " with each unit of the VR reversed they equal Ward's ("
            + wd
            + ")";
      }
      return "InlineBinary: pydicom " + pd + ", Ward " + wd;
    }
    List<Object> pv = normalize(values(p));
    List<Object> wv = normalize(values(w));
    if (pv.size() != wv.size()) {
      return "values: pydicom "
          + shorten(render(p.get("Value")))
          + ", Ward "
          + shorten(render(w.get("Value")));
    }
    for (int i = 0; i < pv.size(); i++) {
      if (!same(vr, pv.get(i), wv.get(i))) {
        return "value "
            + i
            + ": pydicom "
            + shorten(String.valueOf(pv.get(i)))
            + ", Ward "
            + shorten(String.valueOf(wv.get(i)));
      }
    }
    return null;
  }

  /**
   * Values as Java objects: null for empty ones, strings, BigDecimals, maps for person names
   * (without empty groups); a single empty value is no value.
   */
  private static List<Object> normalize(List<JsonValue> values) {
    List<Object> out = new ArrayList<>();
    for (JsonValue v : values) {
      Object o;
      if (v instanceof JsonNull) {
        o = null;
      } else if (v instanceof JsonString s) {
        o = s.value().isEmpty() ? null : s.value();
      } else if (v instanceof JsonNumber n) {
        o = new BigDecimal(n.text());
      } else if (v instanceof JsonObject pn) {
        Map<String, String> groups = new TreeMap<>();
        pn.members()
            .forEach(
                (k, g) -> {
                  String s = ((JsonString) g).value();
                  if (!s.isEmpty()) {
                    groups.put(k, s);
                  }
                });
        o = groups.isEmpty() ? null : groups;
      } else {
        o = render(v);
      }
      out.add(o);
    }
    if (out.size() == 1 && out.get(0) == null) {
      out.clear();
    }
    return out;
  }

  private static boolean same(String vr, Object p, Object w) {
    if (p instanceof BigDecimal a && w instanceof BigDecimal b) {
      if (vr.equals("FL")) {
        return a.floatValue() == b.floatValue();
      }
      return a.compareTo(b) == 0 || a.doubleValue() == b.doubleValue();
    }
    return java.util.Objects.equals(p, w);
  }

  private static String digest(byte[] b) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(b);
      return "sha256:" + HexFormat.of().formatHex(h) + ":" + b.length;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String render(JsonValue v) {
    if (v == null) {
      return "absent";
    }
    if (v instanceof JsonString s) {
      return "\"" + s.value() + "\"";
    }
    if (v instanceof JsonNumber n) {
      return n.text();
    }
    if (v instanceof JsonArray a) {
      return a.values().stream().map(PydicomCorpusOracleTest::render).toList().toString();
    }
    if (v instanceof JsonObject o) {
      Map<String, String> m = new LinkedHashMap<>();
      o.members().forEach((k, x) -> m.put(k, render(x)));
      return m.toString();
    }
    return v instanceof JsonBoolean b ? Boolean.toString(b.value()) : "null";
  }

  private static String string(JsonObject o, String name) {
    return ((JsonString) o.get(name)).value();
  }

  private static String shorten(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }

  private static void printSummary(
      List<Outcome> outcomes, List<String> skipped, int forced, long t0) {
    int identical = 0;
    for (Outcome o : outcomes) {
      if (o.differences().isEmpty()) {
        identical++;
      }
      System.out.printf(
          "json oracle: %-70s %4d elements, %s%s%n",
          o.file(),
          o.elements(),
          o.differences().isEmpty() ? "identical" : o.differences().size() + " listed differences",
          o.note().isEmpty() ? "" : " [" + o.note() + "]");
    }
    skipped.forEach(s -> System.out.println("json oracle: skipped " + s));
    System.out.printf(
        "json oracle: %d files compared (%d read by pydicom with force=True), %d identical,"
            + " %d with listed differences, %d skipped as not DICOM; %.1f s%n",
        outcomes.size(),
        forced,
        identical,
        outcomes.size() - identical,
        skipped.size(),
        (System.nanoTime() - t0) / 1e9);
  }
}
