package ward.archive.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ward.dicom.DataSet;
import ward.dicom.Element;
import ward.dicom.ElementDictionary;
import ward.dicom.Tags;
import ward.dicom.VR;
import ward.dicom.Value;

/**
 * Data minimization at ingest: identifiers the archive does not need are not kept. National
 * identifiers — Social Security numbers ({@code 123-45-6789}, with the numbers the SSA never issues
 * left out) and, if configured, a site's own national-ID pattern — are
 *
 * <ul>
 *   <li>removed from Other Patient IDs (0010,1000), and items of the Other Patient IDs Sequence
 *       (0010,1002) whose Patient ID is one are dropped;
 *   <li>cut out of every other text attribute (LO, LT, SH, ST, UC, UT), at any depth in sequences:
 *       comments, histories, reasons, descriptions, private text;
 *   <li>in the Patient ID (0010,0020), replaced by a keyed {@link Pseudonyms pseudonym}, with
 *       Issuer of Patient ID (0010,0021) set to say so.
 * </ul>
 *
 * Each change is reported by attribute, never with its value.
 */
public final class Minimization {
  /** A US Social Security number in its written form (not 000, 666 or 9xx; no 00 or 0000). */
  public static final Pattern SSN =
      Pattern.compile(
          "(?<![0-9])(?!000|666|9[0-9]{2})[0-9]{3}[- ](?!00)[0-9]{2}[- ](?!0000)[0-9]{4}(?![0-9])");

  static final String REMOVED = "[removed]";
  static final String PSEUDONYM_ISSUER = "WARD PSEUDONYM";

  private static final int MAX_TEXT = 1 << 20;

  /** One change, named by attribute path (keywords, '>' into sequences) and what was done. */
  public record Change(String attribute, String action) {}

  private final List<Pattern> patterns;

  /**
   * @param nationalId a site's own national-ID pattern besides SSNs, or null
   */
  public Minimization(Pattern nationalId) {
    this.patterns = nationalId == null ? List.of(SSN) : List.of(SSN, nationalId);
  }

  private boolean matches(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_TEXT) {
      return false;
    }
    for (Pattern p : patterns) {
      if (p.matcher(s).find()) {
        return true;
      }
    }
    return false;
  }

  private String cut(String s) {
    for (Pattern p : patterns) {
      s = p.matcher(s).replaceAll(Matcher.quoteReplacement(REMOVED));
    }
    return s;
  }

  private static boolean text(VR vr) {
    return vr == VR.LO || vr == VR.LT || vr == VR.SH || vr == VR.ST || vr == VR.UC || vr == VR.UT;
  }

  /** Whether anything in {@code ds} would be changed. */
  public boolean needed(DataSet ds) {
    for (Element e : ds) {
      if (e.value() instanceof Value.Sequence seq) {
        for (DataSet item : seq.items()) {
          if (needed(item)) {
            return true;
          }
        }
      } else if (text(e.vr()) && e.value() instanceof Value.Bytes) {
        for (String v : ds.getStrings(e.tag())) {
          if (matches(v)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Returns {@code ds} minimized, adding each change to {@code changes}.
   *
   * @param pseudonyms makes the Patient ID's pseudonym
   */
  public DataSet apply(DataSet ds, Pseudonyms pseudonyms, List<Change> changes) throws IOException {
    return apply(ds, pseudonyms, changes, "", true);
  }

  private DataSet apply(
      DataSet ds, Pseudonyms pseudonyms, List<Change> changes, String path, boolean top)
      throws IOException {
    DataSet.Builder b = ds.toBuilder().inheritCharset(ds.charset());
    for (Element e : ds) {
      String name = path + keyword(e.tag());
      if (e.value() instanceof Value.Sequence seq) {
        b.add(e.tag(), e.vr(), sequence(e, seq, pseudonyms, changes, name));
        continue;
      }
      if (!text(e.vr()) || !(e.value() instanceof Value.Bytes)) {
        continue;
      }
      String[] values = ds.getStrings(e.tag());
      boolean any = false;
      for (String v : values) {
        any |= matches(v);
      }
      if (!any) {
        continue;
      }
      if (top && e.tag() == Tags.PatientID) {
        String original = String.join("\\", values).strip();
        b.setString(Tags.PatientID, VR.LO, pseudonyms.pseudonymFor(original));
        b.setString(Tags.IssuerOfPatientID, VR.LO, PSEUDONYM_ISSUER);
        changes.add(new Change(name, "replaced by a keyed pseudonym"));
      } else if (e.tag() == Tags.OtherPatientIDs) {
        List<String> kept = new ArrayList<>();
        for (String v : values) {
          if (!matches(v)) {
            kept.add(v);
          }
        }
        if (kept.isEmpty()) {
          b.remove(e.tag());
        } else {
          b.setString(e.tag(), e.vr(), kept.toArray(String[]::new));
        }
        changes.add(new Change(name, "removed " + (values.length - kept.size()) + " value(s)"));
      } else {
        String[] cut = new String[values.length];
        for (int i = 0; i < values.length; i++) {
          cut[i] = cut(values[i]);
        }
        b.setString(e.tag(), e.vr(), cut);
        changes.add(new Change(name, "national identifier cut out"));
      }
    }
    return b.build(ds.charset());
  }

  private Value.Sequence sequence(
      Element e, Value.Sequence seq, Pseudonyms pseudonyms, List<Change> changes, String name)
      throws IOException {
    List<DataSet> items = new ArrayList<>();
    int dropped = 0;
    for (DataSet item : seq.items()) {
      if (e.tag() == Tags.OtherPatientIDsSequence && matches(item.getString(Tags.PatientID))) {
        dropped++;
        continue;
      }
      items.add(needed(item) ? apply(item, pseudonyms, changes, name + ">", false) : item);
    }
    if (dropped > 0) {
      changes.add(new Change(name, "removed " + dropped + " item(s)"));
    }
    return new Value.Sequence(items);
  }

  private static String keyword(int tag) {
    String k = ElementDictionary.keywordOf(tag);
    return k == null || k.isEmpty() ? String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF) : k;
  }
}
