package ward.dicom.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import ward.dicom.BulkData;
import ward.dicom.DataSet;
import ward.dicom.Element;
import ward.dicom.PersonName;
import ward.dicom.Tag;
import ward.dicom.VR;
import ward.dicom.Value;

/** Writes data sets as DICOM JSON (PS3.18 F.2), streaming to an {@link Appendable}. */
final class DicomJsonWriter {

  /** Integers beyond ±(2^53 - 1) lose precision as JavaScript numbers (PS3.18 F.2.3.1). */
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private static final int ITEM_TAG_LE = 0xE000FFFE;

  private final Appendable out;
  private final JsonOptions options;

  DicomJsonWriter(Appendable out, JsonOptions options) {
    this.out = out;
    this.options = options;
  }

  void writeArray(List<DataSet> dataSets) throws IOException {
    out.append('[');
    for (int i = 0; i < dataSets.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeDataSet(dataSets.get(i), null, -1);
    }
    out.append(']');
  }

  /**
   * Writes a data set as an object. Group lengths are left out (PS3.18 F.2.2); elements keep the
   * data set's ascending tag order, which is the lexicographic order of their hex names.
   */
  void writeDataSet(DataSet ds, ElementPath sequence, int itemIndex) throws IOException {
    out.append('{');
    boolean first = true;
    for (Element e : ds) {
      if (Tag.isGroupLength(e.tag())) {
        continue;
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append('"').append(Tag.toHex(e.tag())).append("\":{\"vr\":\"");
      out.append(e.vr().name()).append('"');
      writeContent(ds, e, sequence, itemIndex);
      out.append('}');
    }
    out.append('}');
  }

  private ElementPath pathOf(ElementPath sequence, int itemIndex, int tag) {
    return sequence == null ? ElementPath.of(tag) : sequence.child(itemIndex, tag);
  }

  private void writeContent(DataSet ds, Element e, ElementPath sequence, int itemIndex)
      throws IOException {
    Value v = e.value();
    if (v instanceof Value.Sequence seq) {
      if (seq.items().isEmpty()) {
        return;
      }
      ElementPath path = pathOf(sequence, itemIndex, e.tag());
      out.append(",\"Value\":[");
      for (int i = 0; i < seq.items().size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeDataSet(seq.items().get(i), path, i);
      }
      out.append(']');
      return;
    }
    if (v instanceof Value.Fragments fragments) {
      if (!writeUri(e, sequence, itemIndex)) {
        writeFragments(fragments);
      }
      return;
    }
    Value.Binary binary = (Value.Binary) v;
    if (binary.length() == 0) {
      return; // PS3.18 F.2.5: an empty value has no "Value", "InlineBinary" or "BulkDataURI"
    }
    boolean offer = binary instanceof BulkData || binary.length() > options.bulkDataThreshold();
    if (offer && allowsBulkDataUri(e.vr()) && writeUri(e, sequence, itemIndex)) {
      return;
    }
    if (e.vr().kind() == VR.Kind.BINARY) {
      writeInline(binary);
      return;
    }
    if (binary instanceof BulkData bulk) {
      // A value of a VR with numbers or text is decoded from memory.
      Element inMemory =
          new Element(e.tag(), e.vr(), new Value.Bytes(bulk.readAll(Integer.MAX_VALUE - 8)));
      ds = DataSet.builder().add(inMemory).build(ds.charset());
      binary = (Value.Binary) inMemory.value();
    }
    writeValues(ds, e, binary);
  }

  /** PS3.18 F.2.2: the VRs whose values a BulkDataURI can stand for. */
  static boolean allowsBulkDataUri(VR vr) {
    return switch (vr) {
      case DS, FL, FD, IS, LT, OB, OD, OF, OL, OV, OW, SL, SS, ST, SV, UC, UL, UN, US, UT, UV ->
          true;
      default -> false;
    };
  }

  private boolean writeUri(Element e, ElementPath sequence, int itemIndex) throws IOException {
    if (options.bulkDataUris() == null) {
      return false;
    }
    String uri = options.bulkDataUris().uriFor(pathOf(sequence, itemIndex, e.tag()), e);
    if (uri == null) {
      return false;
    }
    out.append(",\"BulkDataURI\":");
    appendString(out, uri);
    return true;
  }

  private void writeValues(DataSet ds, Element e, Value.Binary binary) throws IOException {
    VR vr = e.vr();
    int tag = e.tag();
    int unit = numberUnit(vr);
    if (unit > 0 && binary.length() % unit != 0) {
      // Not a whole number of values: only the bytes themselves keep it (see DicomJson).
      writeInline(binary);
      return;
    }
    switch (vr) {
      case AT -> {
        int[] tags = ds.getTags(tag);
        startValue();
        for (int i = 0; i < tags.length; i++) {
          separator(i);
          out.append('"').append(Tag.toHex(tags[i])).append('"');
        }
        out.append(']');
      }
      case US, SS, UL, SL -> {
        long[] values = ds.getLongs(tag);
        startValue();
        for (int i = 0; i < values.length; i++) {
          separator(i);
          out.append(Long.toString(values[i]));
        }
        out.append(']');
      }
      case SV, UV -> {
        long[] values = ds.getLongs(tag);
        startValue();
        for (int i = 0; i < values.length; i++) {
          separator(i);
          writeVeryLong(values[i], vr == VR.UV);
        }
        out.append(']');
      }
      case FL, FD -> {
        double[] values = ds.getDoubles(tag);
        startValue();
        for (int i = 0; i < values.length; i++) {
          separator(i);
          writeFloat(values[i], vr == VR.FL);
        }
        out.append(']');
      }
      default -> writeText(ds, e);
    }
  }

  private static int numberUnit(VR vr) {
    return switch (vr) {
      case US, SS -> 2;
      case UL, SL, FL, AT -> 4;
      case SV, UV, FD -> 8;
      default -> 0;
    };
  }

  private void writeText(DataSet ds, Element e) throws IOException {
    String[] values = ds.getStrings(e.tag());
    if (values.length == 0 || (values.length == 1 && values[0].isEmpty())) {
      return;
    }
    startValue();
    for (int i = 0; i < values.length; i++) {
      separator(i);
      String s = values[i];
      if (s.isEmpty()) {
        out.append("null"); // PS3.18 F.2.5
        continue;
      }
      switch (e.vr()) {
        case PN -> writePersonName(PersonName.parse(s));
        case IS -> writeNumberOrString(integerLiteral(s), s);
        case DS -> writeNumberOrString(decimalLiteral(s), s);
        default -> appendString(out, s);
      }
    }
    out.append(']');
  }

  private void writePersonName(PersonName name) throws IOException {
    if (name.isEmpty()) {
      out.append("null");
      return;
    }
    out.append('{');
    boolean first = true;
    String[] groups = {name.alphabetic(), name.ideographic(), name.phonetic()};
    String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
    for (int g = 0; g < 3; g++) {
      if (groups[g].isEmpty()) {
        continue; // PS3.18 F.2.2: only the non-empty component groups
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append('"').append(names[g]).append("\":");
      appendString(out, groups[g]);
    }
    out.append('}');
  }

  private void writeNumberOrString(String literal, String original) throws IOException {
    if (literal != null) {
      out.append(literal);
    } else {
      appendString(out, original); // PS3.18 F.2.3: IS and DS may be strings
    }
  }

  /**
   * The JSON number for an Integer String, or null when the text is not an integer. A sign "+" and
   * leading zeros, which JSON does not allow, are dropped.
   */
  static String integerLiteral(String s) {
    int start = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
    if (start == s.length()) {
      return null;
    }
    for (int i = start; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
    }
    return new BigInteger(s.startsWith("+") ? s.substring(1) : s).toString();
  }

  /**
   * The JSON number for a Decimal String: its own text when that is a JSON number, else the same
   * value in a form JSON allows ("+1.5" and ".5e1" become "1.5" and "5"); null when the text is no
   * number at all.
   */
  static String decimalLiteral(String s) {
    if (JsonParser.isJsonNumber(s)) {
      return s;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean allowed =
          (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E';
      if (!allowed) {
        return null; // "NaN", "Infinity" and the like stay strings
      }
    }
    try {
      String t = new BigDecimal(s).toString();
      return JsonParser.isJsonNumber(t) ? t : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void writeVeryLong(long v, boolean unsigned) throws IOException {
    boolean safe = unsigned ? v >= 0 && v <= MAX_SAFE_INTEGER : Math.abs(v) <= MAX_SAFE_INTEGER;
    String text = unsigned ? Long.toUnsignedString(v) : Long.toString(v);
    if (safe) {
      out.append(text);
    } else {
      out.append('"').append(text).append('"'); // PS3.18 F.2.3: SV and UV may be strings
    }
  }

  /** NaN and the infinities, which JSON numbers cannot hold, are written as strings. */
  private void writeFloat(double v, boolean single) throws IOException {
    if (Double.isNaN(v)) {
      out.append("\"NaN\"");
    } else if (Double.isInfinite(v)) {
      out.append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else {
      out.append(single ? Float.toString((float) v) : Double.toString(v));
    }
  }

  private void startValue() throws IOException {
    out.append(",\"Value\":[");
  }

  private void separator(int i) throws IOException {
    if (i > 0) {
      out.append(',');
    }
  }

  private void writeInline(Value.Binary binary) throws IOException {
    out.append(",\"InlineBinary\":\"");
    try (OutputStream base64 = Base64.getEncoder().wrap(new AppendableStream(out))) {
      copy(binary, base64);
    }
    out.append('"');
  }

  /**
   * Encapsulated pixel data is written as pydicom writes it: the value field as PS3.5 A.4 encodes
   * it, that is each item (FFFE,E000) with its length and bytes, the basic offset table first,
   * without the sequence delimitation item that ends the value.
   */
  private void writeFragments(Value.Fragments fragments) throws IOException {
    out.append(",\"InlineBinary\":\"");
    try (OutputStream base64 = Base64.getEncoder().wrap(new AppendableStream(out))) {
      byte[] header = new byte[8];
      for (Value.Binary f : fragments.fragments()) {
        long padded = f.length() + (f.length() & 1);
        putIntLe(header, 0, ITEM_TAG_LE);
        putIntLe(header, 4, (int) padded);
        base64.write(header);
        copy(f, base64);
        if ((f.length() & 1) != 0) {
          base64.write(0);
        }
      }
    }
    out.append('"');
  }

  private static void putIntLe(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  private static void copy(Value.Binary binary, OutputStream to) throws IOException {
    if (binary instanceof Value.Bytes b) {
      to.write(b.bytes());
      return;
    }
    BulkData bulk = (BulkData) binary;
    try (InputStream in = bulk.openStream()) {
      long n = in.transferTo(to);
      if (n != bulk.length()) {
        throw new IOException(
            "bulk data in "
                + bulk.file()
                + " ended after "
                + n
                + " of "
                + bulk.length()
                + " bytes");
      }
    }
  }

  /**
   * Appends a JSON string: quotes, backslashes and control characters escaped, U+2028 and U+2029
   * escaped too (they end lines in JavaScript), an unpaired surrogate as a \\u escape; everything
   * else as it is.
   */
  static void appendString(Appendable out, String s) throws IOException {
    out.append('"');
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escape = escapeOf(s, i, c);
      if (escape != null) {
        out.append(s, run, i).append(escape);
        run = i + 1;
      }
    }
    out.append(s, run, s.length()).append('"');
  }

  private static String escapeOf(String s, int i, char c) {
    String simple =
        switch (c) {
          case '"' -> "\\\"";
          case '\\' -> "\\\\";
          case '\n' -> "\\n";
          case '\r' -> "\\r";
          case '\t' -> "\\t";
          case '\b' -> "\\b";
          case '\f' -> "\\f";
          default -> null;
        };
    if (simple != null) {
      return simple;
    }
    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
      return String.format("\\u%04x", (int) c);
    }
    if (Character.isHighSurrogate(c)) {
      boolean paired = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      return paired ? null : String.format("\\u%04x", (int) c);
    }
    if (Character.isLowSurrogate(c)) {
      boolean paired = i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
      return paired ? null : String.format("\\u%04x", (int) c);
    }
    return null;
  }

  /** Bytes of base64 text (ASCII) appended as chars; closing it leaves the target open. */
  private static final class AppendableStream extends OutputStream {
    private final Appendable out;
    private final char[] chars = new char[4096];

    AppendableStream(Appendable out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.append((char) (b & 0xFF));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, chars.length);
        for (int i = 0; i < n; i++) {
          chars[i] = (char) (b[off + i] & 0xFF);
        }
        out.append(java.nio.CharBuffer.wrap(chars, 0, n));
        off += n;
        len -= n;
      }
    }
  }
}
