package ward.dicom.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import ward.dicom.DataSet;
import ward.dicom.SpecificCharacterSet;
import ward.dicom.Tag;
import ward.dicom.VR;
import ward.dicom.Value;
import ward.dicom.json.JsonValue.JsonArray;
import ward.dicom.json.JsonValue.JsonNull;
import ward.dicom.json.JsonValue.JsonNumber;
import ward.dicom.json.JsonValue.JsonObject;
import ward.dicom.json.JsonValue.JsonString;

/**
 * Turns parsed DICOM JSON (PS3.18 F.2) into data sets. Strict: every member, type and value is
 * checked, and anything the model does not allow is a {@link DicomJsonException} naming the offset
 * of the offending JSON value. Recursion follows sequences, whose depth the parser has bounded.
 */
final class DicomJsonReader {

  private static final String UTF_8_TERM = "ISO_IR 192";
  private static final SpecificCharacterSet UTF_8 = SpecificCharacterSet.of(UTF_8_TERM);

  private final JsonReadOptions options;

  /** True when the data set being read has non-ASCII text in a VR that follows (0008,0005). */
  private boolean utf8;

  DicomJsonReader(JsonReadOptions options) {
    this.options = options;
  }

  List<DataSet> readArray(JsonValue root) throws IOException {
    if (!(root instanceof JsonArray array)) {
      throw new DicomJsonException(
          root.offset(), "expected an array of data sets, found " + root.typeName());
    }
    List<DataSet> result = new ArrayList<>(array.values().size());
    for (JsonValue v : array.values()) {
      result.add(read(v));
    }
    return result;
  }

  /**
   * Reads one data set. Text is stored UTF-8 encoded; when any value of SH, LO, ST, LT, UC, UT or
   * PN, at any level, is not ASCII, every Specific Character Set (0008,0005) of the data set and
   * its items says ISO_IR 192, and the top level gets one if it had none.
   */
  DataSet read(JsonValue root) throws IOException {
    JsonObject object = dataSetObject(root);
    utf8 = hasNonAsciiText(object);
    DataSet.Builder b = dataSet(object, SpecificCharacterSet.DEFAULT, null, -1);
    if (utf8 && b.get(Tag.SPECIFIC_CHARACTER_SET) == null) {
      b.add(Tag.SPECIFIC_CHARACTER_SET, VR.CS, new Value.Bytes(ascii(UTF_8_TERM)));
    }
    return b.build();
  }

  private static JsonObject dataSetObject(JsonValue v) throws DicomJsonException {
    if (v instanceof JsonObject o) {
      return o;
    }
    throw new DicomJsonException(v.offset(), "expected a data set object, found " + v.typeName());
  }

  private static boolean hasNonAsciiText(JsonObject dataSet) {
    for (JsonValue member : dataSet.members().values()) {
      if (!(member instanceof JsonObject element)
          || !(element.get("vr") instanceof JsonString vrName)
          || !(element.get("Value") instanceof JsonArray values)) {
        continue; // malformed: reported when it is read
      }
      VR vr = VR.ofName(vrName.value());
      for (JsonValue v : values.values()) {
        if (vr == VR.SQ && v instanceof JsonObject item && hasNonAsciiText(item)) {
          return true;
        }
        if (vr != null && vr.usesSpecificCharacterSet() && hasNonAscii(v)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasNonAscii(JsonValue v) {
    if (v instanceof JsonString s) {
      return !isAscii(s.value());
    }
    if (v instanceof JsonObject o) { // a person name
      for (JsonValue group : o.members().values()) {
        if (group instanceof JsonString s && !isAscii(s.value())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7F) {
        return false;
      }
    }
    return true;
  }

  private DataSet.Builder dataSet(
      JsonObject object, SpecificCharacterSet inherited, ElementPath sequence, int itemIndex)
      throws IOException {
    DataSet.Builder b = DataSet.builder();
    JsonValue charsetMember = object.get(Tag.toHex(Tag.SPECIFIC_CHARACTER_SET));
    SpecificCharacterSet charset = inherited;
    if (charsetMember != null) {
      add(b, Tag.SPECIFIC_CHARACTER_SET, charsetMember, inherited, sequence, itemIndex);
      charset = DataSet.builder().add(b.get(Tag.SPECIFIC_CHARACTER_SET)).build().charset();
      if (utf8) {
        b.add(Tag.SPECIFIC_CHARACTER_SET, VR.CS, new Value.Bytes(ascii(UTF_8_TERM)));
        charset = UTF_8;
      }
    } else if (utf8 && sequence == null) {
      charset = UTF_8;
    }
    for (Map.Entry<String, JsonValue> m : object.members().entrySet()) {
      int tag = parseTag(m.getKey(), m.getValue());
      if (tag == Tag.SPECIFIC_CHARACTER_SET || Tag.isGroupLength(tag)) {
        continue; // group lengths are not part of the model (PS3.18 F.2.2)
      }
      add(b, tag, m.getValue(), charset, sequence, itemIndex);
    }
    return b;
  }

  private static int parseTag(String name, JsonValue at) throws DicomJsonException {
    if (name.length() != 8) {
      throw new DicomJsonException(
          at.offset(), "\"" + shorten(name) + "\" is not a tag of eight hex digits");
    }
    for (int i = 0; i < 8; i++) {
      char c = name.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'))) {
        throw new DicomJsonException(
            at.offset(), "\"" + name + "\" is not a tag of eight hex digits");
      }
    }
    int tag = Integer.parseUnsignedInt(name, 16);
    if ((tag >>> 16) == 0xFFFE) {
      throw new DicomJsonException(at.offset(), "item and delimitation tags are not elements");
    }
    return tag;
  }

  private void add(
      DataSet.Builder b,
      int tag,
      JsonValue member,
      SpecificCharacterSet charset,
      ElementPath sequence,
      int itemIndex)
      throws IOException {
    ElementPath path = sequence == null ? ElementPath.of(tag) : sequence.child(itemIndex, tag);
    if (!(member instanceof JsonObject element)) {
      throw new DicomJsonException(
          member.offset(), Tag.toString(tag) + ": expected an object, found " + member.typeName());
    }
    VR vr = null;
    JsonValue content = null;
    String contentName = null;
    for (Map.Entry<String, JsonValue> m : element.members().entrySet()) {
      switch (m.getKey()) {
        case "vr" -> vr = vrOf(tag, m.getValue());
        case "Value", "InlineBinary", "BulkDataURI" -> {
          if (content != null) {
            throw new DicomJsonException(
                m.getValue().offset(),
                Tag.toString(tag) + " has both \"" + contentName + "\" and \"" + m.getKey() + "\"");
          }
          content = m.getValue();
          contentName = m.getKey();
        }
        default ->
            throw new DicomJsonException(
                m.getValue().offset(),
                Tag.toString(tag) + ": unknown member \"" + shorten(m.getKey()) + "\"");
      }
    }
    if (vr == null) {
      throw new DicomJsonException(element.offset(), Tag.toString(tag) + " has no \"vr\"");
    }
    if (content == null) {
      b.add(tag, vr, vr == VR.SQ ? new Value.Sequence(List.of()) : Value.EMPTY);
      return;
    }
    Value value =
        switch (contentName) {
          case "Value" -> values(tag, vr, content, charset, path);
          case "InlineBinary" -> inline(tag, vr, content, sequence == null);
          default -> bulkData(tag, vr, content, path);
        };
    b.add(tag, vr, value);
  }

  private static VR vrOf(int tag, JsonValue v) throws DicomJsonException {
    VR vr = v instanceof JsonString s ? VR.ofName(s.value()) : null;
    if (vr == null) {
      throw new DicomJsonException(
          v.offset(),
          Tag.toString(tag)
              + ": \"vr\" must be the name of a VR, found "
              + (v instanceof JsonString s ? "\"" + shorten(s.value()) + "\"" : v.typeName()));
    }
    return vr;
  }

  /** "InlineBinary" and "BulkDataURI" are one string; PS3.18 F.4 shows them in an array. */
  private static String single(int tag, String name, JsonValue v) throws DicomJsonException {
    if (v instanceof JsonArray a && a.values().size() == 1) {
      v = a.values().get(0);
    }
    if (v instanceof JsonString s) {
      return s.value();
    }
    throw new DicomJsonException(
        v.offset(), Tag.toString(tag) + ": \"" + name + "\" must be a string");
  }

  /**
   * Base64 bytes of the value field. Besides the VRs that PS3.18 gives InlineBinary (OB, OD, OF,
   * OL, OV, OW, UN) any VR but SQ is accepted, since Ward writes a value that is not a whole number
   * of binary numbers that way.
   */
  private Value inline(int tag, VR vr, JsonValue v, boolean topLevel) throws DicomJsonException {
    if (vr == VR.SQ) {
      throw new DicomJsonException(v.offset(), Tag.toString(tag) + ": SQ cannot be InlineBinary");
    }
    String text = single(tag, "InlineBinary", v);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new DicomJsonException(
          v.offset(), Tag.toString(tag) + ": invalid base64: " + e.getMessage(), e);
    }
    if (topLevel && tag == Tag.PIXEL_DATA && options.transferSyntax().encapsulated()) {
      return fragments(bytes, v.offset());
    }
    return new Value.Bytes(bytes);
  }

  /** The items of encapsulated pixel data (PS3.5 A.4), as {@link DicomJsonWriter} writes them. */
  private static Value.Fragments fragments(byte[] b, long offset) throws DicomJsonException {
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    List<Value.Binary> fragments = new ArrayList<>();
    while (buf.remaining() > 0) {
      if (buf.remaining() < 8) {
        throw new DicomJsonException(offset, "encapsulated Pixel Data ends inside an item header");
      }
      int tag = (buf.getShort() & 0xFFFF) << 16 | (buf.getShort() & 0xFFFF);
      long length = Integer.toUnsignedLong(buf.getInt());
      if (tag == Tag.SEQUENCE_DELIMITATION && buf.remaining() == 0) {
        break;
      }
      if (tag != Tag.ITEM || length > buf.remaining()) {
        throw new DicomJsonException(
            offset,
            "encapsulated Pixel Data: expected an item of at most "
                + buf.remaining()
                + " bytes, found "
                + Tag.toString(tag)
                + " of "
                + length);
      }
      byte[] f = new byte[(int) length];
      buf.get(f);
      fragments.add(new Value.Bytes(f));
    }
    return new Value.Fragments(fragments);
  }

  private Value bulkData(int tag, VR vr, JsonValue v, ElementPath path) throws IOException {
    if (!DicomJsonWriter.allowsBulkDataUri(vr)) {
      throw new DicomJsonException(
          v.offset(), Tag.toString(tag) + ": a " + vr + " value cannot be a BulkDataURI");
    }
    String uri = single(tag, "BulkDataURI", v);
    try {
      Value.Binary value = options.bulkDataResolver().resolve(path, vr, uri);
      if (value == null) {
        throw new IOException("the resolver gave no value");
      }
      return value;
    } catch (DicomJsonException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new DicomJsonException(
          v.offset(),
          "cannot resolve BulkDataURI \"" + shorten(uri) + "\" of " + path + ": " + e.getMessage(),
          e);
    }
  }

  private Value values(
      int tag, VR vr, JsonValue content, SpecificCharacterSet charset, ElementPath path)
      throws IOException {
    if (!(content instanceof JsonArray array)) {
      throw new DicomJsonException(
          content.offset(),
          Tag.toString(tag) + ": \"Value\" must be an array, found " + content.typeName());
    }
    List<JsonValue> values = array.values();
    return switch (vr.kind()) {
      case SEQUENCE -> sequence(tag, values, charset, path);
      case BINARY ->
          throw new DicomJsonException(
              content.offset(),
              Tag.toString(tag) + ": a " + vr + " value is InlineBinary or BulkDataURI");
      case BINARY_NUMBER -> new Value.Bytes(JsonNumbers.binaryNumbers(tag, vr, values));
      case STRING, TEXT -> new Value.Bytes(text(tag, vr, values, content));
    };
  }

  private Value sequence(
      int tag, List<JsonValue> values, SpecificCharacterSet charset, ElementPath path)
      throws IOException {
    List<DataSet> items = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      JsonValue v = values.get(i);
      if (!(v instanceof JsonObject item)) {
        throw new DicomJsonException(
            v.offset(), Tag.toString(tag) + ": a sequence item must be an object");
      }
      items.add(dataSet(item, charset, path, i).build(charset));
    }
    return new Value.Sequence(items);
  }

  /**
   * Text values joined by backslashes and padded to even length. VRs that follow the Specific
   * Character Set are encoded in UTF-8 (see {@link #read}); the others, whose repertoire is the
   * default one, in ISO 8859-1 as Ward reads them, anything beyond that being refused.
   */
  private byte[] text(int tag, VR vr, List<JsonValue> values, JsonValue at)
      throws DicomJsonException {
    if (vr.kind() == VR.Kind.TEXT && values.size() > 1) {
      throw new DicomJsonException(
          at.offset(), Tag.toString(tag) + ": a " + vr + " element has a single value");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.write('\\');
      }
      JsonValue v = values.get(i);
      String s = textValue(tag, vr, v);
      if (vr.kind() == VR.Kind.STRING && s.indexOf('\\') >= 0) {
        throw new DicomJsonException(
            v.offset(), Tag.toString(tag) + ": a backslash would split the value (PS3.18 F.2.4)");
      }
      out.writeBytes(encode(tag, vr, s, v));
    }
    if ((out.size() & 1) != 0) {
      out.write(vr.padding());
    }
    return out.toByteArray();
  }

  private String textValue(int tag, VR vr, JsonValue v) throws DicomJsonException {
    if (v instanceof JsonNull) {
      return ""; // PS3.18 F.2.5
    }
    if (vr == VR.PN) {
      return personName(tag, v);
    }
    if (v instanceof JsonString s) {
      return s.value();
    }
    if (v instanceof JsonNumber && vr == VR.IS) {
      BigDecimal d =
          JsonNumbers.exactInteger(
              tag,
              vr,
              v,
              BigDecimal.valueOf(Integer.MIN_VALUE),
              BigDecimal.valueOf(Integer.MAX_VALUE));
      return d.toBigIntegerExact().toString();
    }
    if (v instanceof JsonNumber n && vr == VR.DS) {
      return JsonNumbers.decimalString(tag, n);
    }
    throw new DicomJsonException(
        v.offset(),
        Tag.toString(tag)
            + ": a "
            + vr
            + " value must be a "
            + (vr == VR.IS || vr == VR.DS ? "number or string" : "string")
            + ", found "
            + v.typeName());
  }

  /** PS3.18 F.2.2: an object of the non-empty component groups. */
  private static String personName(int tag, JsonValue v) throws DicomJsonException {
    if (!(v instanceof JsonObject o)) {
      throw new DicomJsonException(
          v.offset(), Tag.toString(tag) + ": a PN value must be an object, found " + v.typeName());
    }
    String[] groups = {"", "", ""};
    for (Map.Entry<String, JsonValue> m : o.members().entrySet()) {
      int g =
          switch (m.getKey()) {
            case "Alphabetic" -> 0;
            case "Ideographic" -> 1;
            case "Phonetic" -> 2;
            default ->
                throw new DicomJsonException(
                    m.getValue().offset(),
                    Tag.toString(tag)
                        + ": unknown person name group \""
                        + shorten(m.getKey())
                        + "\"");
          };
      if (!(m.getValue() instanceof JsonString s)) {
        throw new DicomJsonException(
            m.getValue().offset(), Tag.toString(tag) + ": a person name group must be a string");
      }
      if (s.value().indexOf('=') >= 0) {
        throw new DicomJsonException(
            s.offset(), Tag.toString(tag) + ": '=' would split the person name group");
      }
      groups[g] = s.value();
    }
    if (!groups[2].isEmpty()) {
      return groups[0] + "=" + groups[1] + "=" + groups[2];
    }
    return groups[1].isEmpty() ? groups[0] : groups[0] + "=" + groups[1];
  }

  private static byte[] encode(int tag, VR vr, String s, JsonValue at) throws DicomJsonException {
    if (vr.usesSpecificCharacterSet()) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xFF) {
        throw new DicomJsonException(
            at.offset(),
            Tag.toString(tag)
                + ": a "
                + vr
                + " value must be in the default repertoire, found "
                + String.format("U+%04X", (int) s.charAt(i)));
      }
    }
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
