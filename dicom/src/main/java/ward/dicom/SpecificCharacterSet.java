package ward.dicom;

import static ward.dicom.GraphicCharacterSet.ARABIC;
import static ward.dicom.GraphicCharacterSet.ASCII;
import static ward.dicom.GraphicCharacterSet.CYRILLIC;
import static ward.dicom.GraphicCharacterSet.GB2312;
import static ward.dicom.GraphicCharacterSet.GREEK;
import static ward.dicom.GraphicCharacterSet.HEBREW;
import static ward.dicom.GraphicCharacterSet.JIS_X0201_KATAKANA;
import static ward.dicom.GraphicCharacterSet.JIS_X0201_ROMAN;
import static ward.dicom.GraphicCharacterSet.JIS_X0208;
import static ward.dicom.GraphicCharacterSet.JIS_X0212;
import static ward.dicom.GraphicCharacterSet.KS_X1001;
import static ward.dicom.GraphicCharacterSet.LATIN1;
import static ward.dicom.GraphicCharacterSet.LATIN2;
import static ward.dicom.GraphicCharacterSet.LATIN3;
import static ward.dicom.GraphicCharacterSet.LATIN4;
import static ward.dicom.GraphicCharacterSet.LATIN5;
import static ward.dicom.GraphicCharacterSet.LATIN9;
import static ward.dicom.GraphicCharacterSet.THAI;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The character sets named by (0008,0005) Specific Character Set (PS3.3 C.12.1.1.2, PS3.5 6.1),
 * which decode and encode the values of SH, LO, ST, LT, UC, UT and PN; other VRs always use the
 * default repertoire. Immutable and thread-safe.
 *
 * <p>Supported: the default repertoire, the single-byte sets ISO_IR 100, 101, 109, 110, 126, 127,
 * 138, 144, 148, 166, 203 and 13, their ISO 2022 forms, the code extensions ISO 2022 IR 87, 159,
 * 149 and 58, and the stand-alone sets ISO_IR 192 (UTF-8), GB18030 and GBK.
 *
 * <p>Ward reads text the way pydicom 2.3 does, so that the two agree on any file:
 *
 * <ul>
 *   <li>The default repertoire reads bytes 80-FF as ISO 8859-1 (pydicom's "iso8859"), as do VRs
 *       that do not use the Specific Character Set, and it encodes ISO 8859-1 characters so that
 *       such text reads back unchanged.
 *   <li>A defined term and its ISO 2022 form ("ISO_IR 100", "ISO 2022 IR 100") behave alike: the
 *       escape sequences of every listed set are honoured, and ISO_IR 13 also reads Shift_JIS
 *       double-byte characters.
 *   <li>Unknown terms never fail: the spellings pydicom corrects ("ISO-IR 100", "ISO IR 100",
 *       "ISO_2022_IR_87") and Python codec names for the same sets ("ISO_IR_100", "latin1",
 *       "utf-8") are taken for the set they name; anything else ("ISO_IR100") stands for the
 *       default repertoire. ISO_IR 203 (Latin-9), which pydicom 2.3 does not know, is supported.
 *   <li>A stand-alone set as first value makes the others ignored; elsewhere it is ignored.
 * </ul>
 *
 * <p>Decoding never throws: a byte sequence with no character becomes U+FFFD. The differences from
 * pydicom on non-conformant text are listed on {@link Iso2022Codec} and {@link StandAloneCodec}.
 * Work is linear in the input.
 */
public final class SpecificCharacterSet {

  /** The default repertoire (ISO-IR 6), in force when (0008,0005) is absent or empty. */
  public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(List.of());

  /** Decodes and encodes the values of one character set. */
  sealed interface Codec permits Iso2022Codec, StandAloneCodec {
    String decode(byte[] bytes, int offset, int length, VR vr);

    byte[] encode(String text, VR vr);
  }

  /** What a defined term stands for: code elements, or a stand-alone set. */
  private record Term(
      String name, Iso2022Codec.Designation designation, StandAloneCodec standAlone) {

    boolean isDefaultRepertoire() {
      return standAlone == null && designation.g0() == ASCII && designation.g1() == null;
    }

    Term named(String newName) {
      return new Term(newName, designation, standAlone);
    }
  }

  private static final Map<String, Term> TERMS = definedTerms();

  private static Map<String, Term> definedTerms() {
    Map<String, Term> terms = new HashMap<>();
    single(terms, "", ASCII, null);
    single(terms, "ISO_IR 6", ASCII, null);
    single(terms, "ISO 2022 IR 6", ASCII, null);
    iso8859(terms, 100, LATIN1);
    iso8859(terms, 101, LATIN2);
    iso8859(terms, 109, LATIN3);
    iso8859(terms, 110, LATIN4);
    iso8859(terms, 126, GREEK);
    iso8859(terms, 127, ARABIC);
    iso8859(terms, 138, HEBREW);
    iso8859(terms, 144, CYRILLIC);
    iso8859(terms, 148, LATIN5);
    iso8859(terms, 166, THAI);
    iso8859(terms, 203, LATIN9);
    single(terms, "ISO_IR 13", JIS_X0201_ROMAN, JIS_X0201_KATAKANA);
    single(terms, "ISO 2022 IR 13", JIS_X0201_ROMAN, JIS_X0201_KATAKANA);
    single(terms, "ISO 2022 IR 87", JIS_X0208, null);
    single(terms, "ISO 2022 IR 159", JIS_X0212, null);
    single(terms, "ISO 2022 IR 149", null, KS_X1001);
    single(terms, "ISO 2022 IR 58", null, GB2312);
    terms.put("ISO_IR 192", new Term("ISO_IR 192", null, StandAloneCodec.UTF_8));
    terms.put("GB18030", new Term("GB18030", null, StandAloneCodec.GB18030));
    terms.put("GBK", new Term("GBK", null, StandAloneCodec.GBK));
    // Names in pydicom's table (from drafts of CP-1234) that are not defined terms.
    terms.put("ISO 2022 58", terms.get("ISO 2022 IR 58"));
    terms.put("ISO 2022 GBK", terms.get("GBK"));
    return Map.copyOf(terms);
  }

  private static void iso8859(Map<String, Term> terms, int registration, GraphicCharacterSet g1) {
    single(terms, "ISO_IR " + registration, ASCII, g1);
    single(terms, "ISO 2022 IR " + registration, ASCII, g1);
  }

  private static void single(
      Map<String, Term> terms, String name, GraphicCharacterSet g0, GraphicCharacterSet g1) {
    terms.put(name, new Term(name, new Iso2022Codec.Designation(g0, g1), null));
  }

  /**
   * Python codec names (normalized as Python does: lower case, other runs of punctuation as one
   * '_') that pydicom accepts in place of a defined term, and the term they stand for.
   */
  private static final Map<String, String> PYTHON_CODECS = pythonCodecs();

  private static Map<String, String> pythonCodecs() {
    Map<String, String> codecs = new HashMap<>();
    String[][] table = {
      {
        "ISO_IR 100",
        "latin_1 8859 cp819 csisolatin1 ibm819 iso8859 iso8859_1 iso_8859_1 iso_8859_1_1987"
            + " iso_ir_100 l1 latin latin1"
      },
      {"ISO_IR 101", "iso8859_2 csisolatin2 iso_8859_2 iso_8859_2_1987 iso_ir_101 l2 latin2"},
      {"ISO_IR 109", "iso8859_3 csisolatin3 iso_8859_3 iso_8859_3_1988 iso_ir_109 l3 latin3"},
      {"ISO_IR 110", "iso8859_4 csisolatin4 iso_8859_4 iso_8859_4_1988 iso_ir_110 l4 latin4"},
      {"ISO_IR 144", "iso8859_5 csisolatincyrillic cyrillic iso_8859_5 iso_8859_5_1988 iso_ir_144"},
      {
        "ISO_IR 127",
        "iso8859_6 arabic asmo_708 csisolatinarabic ecma_114 iso_8859_6 iso_8859_6_1987"
            + " iso_ir_127"
      },
      {
        "ISO_IR 126",
        "iso8859_7 csisolatingreek ecma_118 elot_928 greek greek8 iso_8859_7 iso_8859_7_1987"
            + " iso_ir_126"
      },
      {"ISO_IR 138", "iso8859_8 csisolatinhebrew hebrew iso_8859_8 iso_8859_8_1988 iso_ir_138"},
      {"ISO_IR 148", "iso8859_9 csisolatin5 iso_8859_9 iso_8859_9_1989 iso_ir_148 l5 latin5"},
      {"ISO_IR 203", "iso8859_15 iso_8859_15 l9 latin9"},
      {"ISO_IR 166", "tis_620 iso_ir_166 tis620 tis_620_0 tis_620_2529_0 tis_620_2529_1"},
      {"ISO_IR 13", "shift_jis csshiftjis s_jis shiftjis sjis x_mac_japanese"},
      {
        "ISO 2022 IR 149",
        "euc_kr euckr korean ks_c_5601 ks_c_5601_1987 ks_x_1001 ksc5601 ksx1001 x_mac_korean"
      },
      {
        "ISO 2022 IR 58",
        "gb2312 chinese csiso58gb231280 euc_cn euccn eucgb2312_cn gb2312_1980 gb2312_80"
            + " iso_ir_58 x_mac_simp_chinese"
      },
      {"GBK", "gbk 936 cp936 ms936"},
      {"GB18030", "gb18030 gb18030_2000"},
      {"ISO_IR 192", "utf_8 cp65001 u8 utf utf8 utf8_ucs2 utf8_ucs4"}
    };
    for (String[] row : table) {
      for (String name : row[1].split(" ", -1)) {
        codecs.put(name, row[0]);
      }
    }
    return Map.copyOf(codecs);
  }

  private final List<String> terms;
  private final Codec codec;
  private final boolean isDefault;

  private SpecificCharacterSet(List<Term> resolved) {
    List<String> names = new ArrayList<>();
    List<Iso2022Codec.Designation> designations = new ArrayList<>();
    for (Term term : resolved) {
      names.add(term.name());
      designations.add(term.designation());
    }
    terms = List.copyOf(names);
    isDefault = resolved.stream().allMatch(Term::isDefaultRepertoire);
    if (resolved.isEmpty()) {
      codec = new Iso2022Codec(List.of(new Iso2022Codec.Designation(ASCII, null)));
    } else if (resolved.get(0).standAlone() != null) {
      codec = resolved.get(0).standAlone();
    } else {
      codec = new Iso2022Codec(designations);
    }
  }

  /**
   * The character set for the values of (0008,0005) as read: an empty first value stands for the
   * default repertoire, spaces around values are ignored. Never fails; see the class comment for
   * unknown terms.
   */
  public static SpecificCharacterSet of(String... definedTerms) {
    if (definedTerms == null || definedTerms.length == 0) {
      return DEFAULT;
    }
    List<Term> resolved = new ArrayList<>();
    for (String given : definedTerms) {
      resolved.add(resolve(given == null ? "" : given.strip()));
    }
    // PS3.3 C.12.1.1.2 and pydicom: stand-alone sets allow no code extensions.
    if (resolved.get(0).standAlone() != null) {
      resolved = List.of(resolved.get(0));
    } else {
      resolved.removeIf(term -> term.standAlone() != null);
    }
    if (resolved.size() == 1
        && (resolved.get(0).name().isEmpty() || resolved.get(0).name().equals("ISO_IR 6"))) {
      return DEFAULT;
    }
    return new SpecificCharacterSet(resolved);
  }

  /** pydicom.charset.convert_encodings for one value. */
  private static Term resolve(String given) {
    Term known = TERMS.get(given);
    if (known != null) {
      return known;
    }
    String corrected = null;
    if (given.length() >= 6
        && given.startsWith("ISO")
        && given.charAt(3) != '_'
        && given.startsWith("IR", 4)) {
      corrected = "ISO_IR" + given.substring(6);
    } else if (given.length() >= 12
        && given.startsWith("ISO")
        && given.startsWith("2022", 4)
        && given.startsWith("IR", 9)
        && !given.startsWith("ISO 2022 IR ")) {
      corrected = "ISO 2022 IR " + given.substring(12);
    }
    if (corrected == null) {
      corrected = PYTHON_CODECS.get(pythonCodecName(given));
    }
    Term term = corrected == null ? null : TERMS.get(corrected);
    // Unknown: the default repertoire, under the name given.
    return term != null ? term : TERMS.get("").named(given);
  }

  /** The name Python's codec registry looks up for {@code name}. */
  private static String pythonCodecName(String name) {
    StringBuilder out = new StringBuilder();
    boolean punctuation = false;
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.') {
        if (punctuation && out.length() > 0) {
          out.append('_');
        }
        out.append(c == '.' ? '_' : c);
        punctuation = false;
      } else {
        punctuation = true;
      }
    }
    return out.toString();
  }

  /** Decodes a value of an element with the given VR. */
  public String decode(byte[] bytes, VR vr) {
    return decode(bytes, 0, bytes.length, vr);
  }

  /**
   * Decodes {@code length} bytes from {@code offset} of a value of an element with the given VR,
   * padding and delimiters included. Never fails on the bytes' content.
   */
  public String decode(byte[] bytes, int offset, int length, VR vr) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (!vr.usesSpecificCharacterSet()) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
    return codec.decode(bytes, offset, length, vr);
  }

  /**
   * Encodes a value of an element with the given VR, without padding. Characters the set cannot
   * represent become '?'.
   */
  public byte[] encode(String text, VR vr) {
    Objects.requireNonNull(text, "text");
    if (!vr.usesSpecificCharacterSet()) {
      return text.getBytes(StandardCharsets.ISO_8859_1);
    }
    return codec.encode(text, vr);
  }

  /**
   * The defined terms, with spellings pydicom corrects replaced by the term they stand for and
   * ignored stand-alone terms left out; empty for {@link #DEFAULT}.
   */
  public List<String> terms() {
    return terms;
  }

  /** True when text is decoded and encoded with the default repertoire alone. */
  public boolean isDefault() {
    return isDefault;
  }

  /** True for ISO_IR 192. */
  public boolean isUtf8() {
    return codec instanceof StandAloneCodec s && s.isUtf8();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpecificCharacterSet other && terms.equals(other.terms);
  }

  @Override
  public int hashCode() {
    return terms.hashCode();
  }

  @Override
  public String toString() {
    return terms.isEmpty() ? "SpecificCharacterSet[default]" : "SpecificCharacterSet" + terms;
  }
}
