package ward.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Part 10 files (PS3.10 7) and raw data sets in any of the native transfer syntaxes, with
 * encapsulated pixel data carried through unchanged. Streaming: the input is read once, front to
 * back, and large values can be left in place or handed elsewhere instead of being held in memory.
 *
 * <p>A reader is for one input and one thread.
 */
public final class DicomReader {
  private static final int PREAMBLE = 128;
  private static final int UNDEFINED = -1;

  private final DicomInput in;
  private final ReadOptions options;
  private final ReadLimits limits;
  private long elementCount;
  private long heapBytes;

  private DicomReader(DicomInput in, ReadOptions options) {
    this.in = in;
    this.options = options;
    this.limits = options.limits();
  }

  /** Reads a Part 10 (or, when the options allow, raw) data set held in memory. */
  public static DicomFile read(byte[] bytes, ReadOptions options) throws IOException {
    return new DicomReader(
            new DicomInput(new java.io.ByteArrayInputStream(bytes), bytes.length), options)
        .readPart10();
  }

  /** Reads a Part 10 (or, when the options allow, raw) data set from a stream. */
  public static DicomFile read(InputStream stream, ReadOptions options) throws IOException {
    return new DicomReader(new DicomInput(stream, -1), options).readPart10();
  }

  /**
   * Reads a file, leaving bulk values larger than {@code bulkDataThreshold} in the file as {@link
   * BulkData} references (read into memory for deflated files, whose offsets are not file offsets).
   */
  public static DicomFile readFile(Path file, ReadOptions options) throws IOException {
    long size = Files.size(file);
    try (InputStream stream = Files.newInputStream(file)) {
      return new DicomReader(new DicomInput(stream, size), options).readPart10();
    }
  }

  /** Reads a file with everything in memory. */
  public static DicomFile readFile(Path file) throws IOException {
    return readFile(file, ReadOptions.DEFAULT);
  }

  /** A handler that leaves values in {@code file} as references, or reads inflated ones. */
  public static BulkDataHandler fileRegions(Path file) {
    return (location, value) ->
        location.inflated()
            ? BulkDataHandler.IN_MEMORY.onBulkData(location, value)
            : new BulkData(file, location.offset(), location.length(), location.swapUnit());
  }

  private DicomFile readPart10() throws IOException {
    byte[] preamble = null;
    if (in.request(PREAMBLE + 4) && hasDicmPrefixAt(PREAMBLE)) {
      preamble = in.readBytes(PREAMBLE, "preamble");
      in.skip(4, "DICM prefix");
    }
    DataSet meta = DataSet.EMPTY;
    if (preamble != null || startsWithFileMeta()) {
      meta = readFileMeta();
    } else if (options.rawTransferSyntax() == null) {
      throw new DicomFormatException(
          0, "not a DICOM Part 10 file: no 'DICM' prefix after a 128-byte preamble");
    }
    TransferSyntax ts = transferSyntaxOf(meta);
    if (ts.deflated()) {
      in.startInflating(limits.maxInflatedBytes(), limits.maxDeflateRatio());
    } else {
      ts = checkVrEncoding(ts);
    }
    DataSet dataSet = readDataSet(ts, UNDEFINED, 0, SpecificCharacterSet.DEFAULT, 0, false, false);
    return new DicomFile(preamble, meta, dataSet, ts);
  }

  private boolean hasDicmPrefixAt(int i) {
    return in.peek(i) == 'D'
        && in.peek(i + 1) == 'I'
        && in.peek(i + 2) == 'C'
        && in.peek(i + 3) == 'M';
  }

  /** Some writers omit the preamble and prefix: the input then starts with (0002,xxxx). */
  private boolean startsWithFileMeta() throws IOException {
    return in.request(6)
        && in.peek(0) == 0x02
        && in.peek(1) == 0x00
        && VR.ofCode((in.peek(4) << 8) | in.peek(5)) != null;
  }

  private DataSet readFileMeta() throws IOException {
    return readDataSet(
        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
        UNDEFINED,
        0,
        SpecificCharacterSet.DEFAULT,
        0,
        false,
        true);
  }

  private TransferSyntax transferSyntaxOf(DataSet meta) throws DicomFormatException {
    Element tsElement = meta.get(Tag.TRANSFER_SYNTAX_UID);
    if (tsElement != null
        && (tsElement.vr() != VR.UI || !(tsElement.value() instanceof Value.Bytes))) {
      throw new DicomFormatException(
          0, "the file meta Transfer Syntax UID (0002,0010) is " + tsElement.vr() + ", not UI");
    }
    String uid = tsElement == null ? null : meta.getString(Tag.TRANSFER_SYNTAX_UID);
    if (uid != null) {
      return TransferSyntax.of(uid);
    }
    if (options.rawTransferSyntax() != null) {
      return options.rawTransferSyntax();
    }
    // A meta header without a transfer syntax: decide from the data set itself.
    return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
  }

  /**
   * Files whose first data set element contradicts their stated VR encoding are common (for example
   * implicit VR data under an explicit VR transfer syntax). Look at the first element header and
   * believe it, as dcmtk and pydicom do.
   */
  private TransferSyntax checkVrEncoding(TransferSyntax ts) throws IOException {
    if (ts.bigEndian() || !in.request(6)) {
      return ts;
    }
    int a = in.peek(4);
    int b = in.peek(5);
    boolean looksExplicit = isUpper(a) && isUpper(b) && VR.ofCode((a << 8) | b) != null;
    if (ts.explicitVr() && !looksExplicit) {
      return new TransferSyntax(ts.uid(), false, false, false, ts.encapsulated());
    }
    if (!ts.explicitVr() && looksExplicit) {
      return new TransferSyntax(ts.uid(), true, false, false, ts.encapsulated());
    }
    return ts;
  }

  private static boolean isUpper(int c) {
    return c >= 'A' && c <= 'Z';
  }

  /**
   * Reads elements until {@code end} (a position), an item delimiter (end undefined, in an item),
   * or the end of input (top level).
   */
  private DataSet readDataSet(
      TransferSyntax ts,
      long end,
      int depth,
      SpecificCharacterSet inherited,
      int inheritedPixelRepresentation,
      boolean inItem,
      boolean fileMeta)
      throws IOException {
    DataSet.Builder builder = DataSet.builder();
    SpecificCharacterSet charset = inherited;
    int pixelRepresentation = inheritedPixelRepresentation;
    boolean be = ts.bigEndian();
    while (true) {
      if (end != UNDEFINED) {
        long p = in.position();
        if (p == end) {
          break;
        }
        if (p > end) {
          throw new DicomFormatException(p, "an element runs past the end of its item");
        }
      }
      if (fileMeta) {
        if (!in.request(2) || in.peek(0) != 0x02 || in.peek(1) != 0x00) {
          break;
        }
      } else if (in.atEnd()) {
        if (inItem) {
          throw new DicomFormatException(in.position(), "input ends inside a sequence item");
        }
        break;
      }
      long start = in.position();
      int tag = in.tag(be, "an element tag");
      if (tag == Tag.ITEM_DELIMITATION) {
        in.u32(be, "an item delimiter");
        if (inItem && end == UNDEFINED) {
          break;
        }
        throw new DicomFormatException(start, "item delimiter outside an item of undefined length");
      }
      if (tag == Tag.ITEM || tag == Tag.SEQUENCE_DELIMITATION) {
        throw new DicomFormatException(
            start, "unexpected " + Tag.toString(tag) + " where a data element should start");
      }
      if (!inItem && !fileMeta && options.stopBeforePixelData() && isPixelData(tag)) {
        break;
      }
      countElement(start);
      Element e = readElement(tag, ts, depth, charset, pixelRepresentation, start);
      if (tag == Tag.SPECIFIC_CHARACTER_SET) {
        charset = DataSet.charsetOf(e);
      } else if (tag == PIXEL_REPRESENTATION
          && e.value() instanceof Value.Bytes b
          && b.bytes().length >= 2) {
        pixelRepresentation = (b.bytes()[0] & 0xFF) | ((b.bytes()[1] & 0xFF) << 8);
      }
      builder.add(e);
    }
    return builder.build(inherited);
  }

  private static boolean isPixelData(int tag) {
    return tag == Tag.PIXEL_DATA
        || tag == Tag.FLOAT_PIXEL_DATA
        || tag == Tag.DOUBLE_FLOAT_PIXEL_DATA;
  }

  private void countElement(long position) throws DicomFormatException {
    if (++elementCount > limits.maxElements()) {
      throw new DicomFormatException(
          position, "more than " + limits.maxElements() + " elements, items and fragments");
    }
  }

  private Element readElement(
      int tag,
      TransferSyntax ts,
      int depth,
      SpecificCharacterSet charset,
      int pixelRepresentation,
      long start)
      throws IOException {
    boolean be = ts.bigEndian();
    VR vr;
    long length;
    if (ts.explicitVr()) {
      int code = in.u16(true, "a VR");
      vr = VR.ofCode(code);
      if (vr == null) {
        throw new DicomFormatException(
            start + 4, "unknown VR " + printable(code) + " in " + Tag.toString(tag));
      }
      if (vr.hasLongHeader()) {
        in.u16(be, "reserved bytes");
        length = Integer.toUnsignedLong(in.u32(be, "a value length"));
      } else {
        length = in.u16(be, "a value length");
      }
    } else {
      vr = implicitVr(tag, pixelRepresentation);
      length = Integer.toUnsignedLong(in.u32(be, "a value length"));
    }
    boolean undefined = length == 0xFFFFFFFFL;
    if (vr == VR.UN && !undefined && !be && ts.explicitVr()) {
      // A public element (or a private creator) sent as UN is read with its real VR, as dcmtk
      // and pydicom do: its value was encoded as in implicit VR little endian (PS3.5 6.2.2).
      VR known = implicitVr(tag, pixelRepresentation);
      if (known == VR.SQ) {
        return new Element(
            tag,
            VR.SQ,
            readSequence(
                tag,
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                length,
                depth,
                charset,
                pixelRepresentation));
      }
      vr = known;
    }
    if (vr == VR.SQ || (undefined && (vr == VR.UN || !ts.explicitVr()) && !isPixelData(tag))) {
      // UN of undefined length is a sequence encoded in implicit VR little endian (PS3.5 6.2.2).
      TransferSyntax itemSyntax =
          vr == VR.UN && ts.explicitVr() ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN : ts;
      return new Element(
          tag,
          VR.SQ,
          readSequence(
              tag,
              itemSyntax,
              undefined ? UNDEFINED : length,
              depth,
              charset,
              pixelRepresentation));
    }
    if (undefined) {
      if (isPixelData(tag)) {
        // PS3.5 A.4: encapsulated pixel data is OB. When the encoding names no VR (implicit VR,
        // or UN) the dictionary's OW is for native data, so OB is taken; a VR the file names is
        // kept as written.
        VR fragmentsVr = ts.explicitVr() && vr != VR.UN ? vr : VR.OB;
        return new Element(tag, fragmentsVr, readFragments(tag, vr, ts));
      }
      throw new DicomFormatException(
          start, Tag.toString(tag) + " " + vr + " has an undefined length, allowed only for SQ");
    }
    return new Element(tag, vr, readValue(tag, vr, length, be, start));
  }

  private static String printable(int code) {
    char a = (char) (code >>> 8);
    char b = (char) (code & 0xFF);
    boolean print = a >= 0x20 && a < 0x7F && b >= 0x20 && b < 0x7F;
    return print ? "'" + a + b + "'" : String.format("0x%04X", code);
  }

  private static final int PIXEL_REPRESENTATION = 0x00280103;

  /**
   * The VR of an element whose encoding does not say: private creators are LO, other private
   * elements UN, public ones take the dictionary's VR, where "US or SS" follows Pixel
   * Representation (1: signed) as PS3.5 A.1 and pydicom do.
   */
  private static VR implicitVr(int tag, int pixelRepresentation) {
    if (Tag.isPrivateCreator(tag)) {
      return VR.LO;
    }
    if (Tag.isPrivate(tag)) {
      return VR.UN;
    }
    DictionaryEntry entry = ElementDictionary.lookup(tag);
    if (entry == null || entry.vr() == null) {
      return VR.UN;
    }
    if (pixelRepresentation == 1 && entry.vrs().contains(VR.SS) && entry.vrs().contains(VR.US)) {
      return VR.SS;
    }
    return entry.vr();
  }

  private Value readValue(int tag, VR vr, long length, boolean be, long start) throws IOException {
    boolean bulk = (vr.isBulkCapable() || isPixelData(tag)) && length > options.bulkDataThreshold();
    int swapUnit = be ? vr.swapUnit() : 1;
    if (bulk) {
      return handBulk(tag, vr, length, swapUnit, false);
    }
    chargeHeap(length, start, tag);
    byte[] bytes = in.readValue(length, tag);
    ByteOrderSwap.swap(bytes, 0, bytes.length, swapUnit);
    return new Value.Bytes(bytes);
  }

  private void chargeHeap(long length, long start, int tag) throws DicomFormatException {
    if (length > limits.maxValueBytes()) {
      throw new DicomFormatException(
          start,
          "the value of "
              + Tag.toString(tag)
              + " is "
              + length
              + " bytes, above the limit of "
              + limits.maxValueBytes());
    }
    heapBytes += length;
    if (heapBytes > limits.maxHeapBytes()) {
      throw new DicomFormatException(
          start, "values take more than " + limits.maxHeapBytes() + " bytes of memory");
    }
  }

  private Value.Binary handBulk(int tag, VR vr, long length, int swapUnit, boolean fragment)
      throws IOException {
    long offset = in.position();
    if (length > in.remainingKnown()) {
      throw new DicomFormatException(
          offset,
          "the value of "
              + Tag.toString(tag)
              + " claims "
              + length
              + " bytes but only "
              + in.remainingKnown()
              + " remain in the input");
    }
    var location =
        new BulkDataHandler.Location(tag, vr, offset, length, swapUnit, in.inflated(), fragment);
    BulkDataHandler handler = options.bulkDataHandler();
    // Inflated values have no file offset: every handler ends up holding them in memory.
    boolean inMemory = handler == BulkDataHandler.IN_MEMORY || in.inflated();
    if (inMemory) {
      chargeHeap(length, offset, tag);
    }
    Value.Binary value;
    try (InputStream slice = in.slice(length)) {
      value = handler.onBulkData(location, slice);
    }
    if (value instanceof Value.Bytes b && !inMemory) {
      chargeHeap(b.length(), offset, tag);
    }
    return value;
  }

  private Value.Sequence readSequence(
      int tag,
      TransferSyntax ts,
      long length,
      int depth,
      SpecificCharacterSet charset,
      int pixelRepresentation)
      throws IOException {
    if (depth + 1 > limits.maxDepth()) {
      throw new DicomFormatException(
          in.position(), "sequences nested deeper than " + limits.maxDepth());
    }
    long end = length == UNDEFINED ? UNDEFINED : in.position() + length;
    if (end != UNDEFINED && length > in.remainingKnown()) {
      throw new DicomFormatException(
          in.position(),
          "sequence " + Tag.toString(tag) + " claims " + length + " bytes beyond the input");
    }
    boolean be = ts.bigEndian();
    List<DataSet> items = new ArrayList<>();
    while (true) {
      long p = in.position();
      if (end != UNDEFINED) {
        if (p == end) {
          break;
        }
        if (p > end) {
          throw new DicomFormatException(p, "an item runs past the end of its sequence");
        }
      }
      int itemTag = in.tag(be, "an item tag");
      long itemLength = Integer.toUnsignedLong(in.u32(be, "an item length"));
      if (itemTag == Tag.SEQUENCE_DELIMITATION && end == UNDEFINED) {
        break;
      }
      if (itemTag != Tag.ITEM) {
        throw new DicomFormatException(
            p,
            "expected an item in sequence "
                + Tag.toString(tag)
                + ", found "
                + Tag.toString(itemTag));
      }
      countElement(p);
      boolean undefined = itemLength == 0xFFFFFFFFL;
      if (!undefined && itemLength > in.remainingKnown()) {
        throw new DicomFormatException(
            p, "item claims " + itemLength + " bytes beyond the end of the input");
      }
      long itemEnd = undefined ? UNDEFINED : in.position() + itemLength;
      items.add(readDataSet(ts, itemEnd, depth + 1, charset, pixelRepresentation, true, false));
    }
    return new Value.Sequence(items);
  }

  private Value.Fragments readFragments(int tag, VR vr, TransferSyntax ts) throws IOException {
    boolean be = ts.bigEndian();
    List<Value.Binary> fragments = new ArrayList<>();
    while (true) {
      long p = in.position();
      int itemTag = in.tag(be, "a fragment tag");
      long length = Integer.toUnsignedLong(in.u32(be, "a fragment length"));
      if (itemTag == Tag.SEQUENCE_DELIMITATION) {
        break;
      }
      if (itemTag != Tag.ITEM) {
        throw new DicomFormatException(
            p, "expected a pixel data fragment, found " + Tag.toString(itemTag));
      }
      if (length == 0xFFFFFFFFL) {
        throw new DicomFormatException(p, "a pixel data fragment has an undefined length");
      }
      countElement(p);
      if (length > options.bulkDataThreshold() && !fragments.isEmpty()) {
        fragments.add(handBulk(tag, vr, length, 1, true));
      } else {
        chargeHeap(length, p, tag);
        fragments.add(new Value.Bytes(in.readBytes(length, "a pixel data fragment")));
      }
    }
    return new Value.Fragments(fragments);
  }

  /** True when the bytes look like the start of a Part 10 file. */
  public static boolean looksLikePart10(byte[] head) {
    return head.length >= PREAMBLE + 4
        && new String(head, PREAMBLE, 4, StandardCharsets.US_ASCII).equals("DICM");
  }
}
