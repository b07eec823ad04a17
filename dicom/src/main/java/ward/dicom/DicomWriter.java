package ward.dicom;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes Part 10 files and raw data sets in the native transfer syntaxes. Sequences and items are
 * written with undefined length, encapsulated pixel data as it was read; bulk data is copied from
 * where it is without being held in memory. Group length elements (gggg,0000) other than the file
 * meta's are dropped: they are retired and would be wrong after any change.
 *
 * <p>The preamble is always written as zeros, so a file Ward writes can never carry an executable
 * in it (CVE-2019-11687).
 */
public final class DicomWriter {

  /** Ward's implementation class UID: a UUID-derived UID (PS3.5 B.2). */
  /**
   * Enough for headers and command sets; longer values pass straight through (BufferedOutputStream
   * writes them directly), so a bigger buffer only costs an allocation per call.
   */
  private static final int WRITE_BUFFER = 8 << 10;

  public static final String IMPLEMENTATION_CLASS_UID =
      "2.25.41582531901816385934490675476010775750";

  public static final String IMPLEMENTATION_VERSION_NAME = "WARD_010";

  private static final int UNDEFINED = 0xFFFFFFFF;

  private final OutputStream out;
  private final byte[] scratch = new byte[12];

  private DicomWriter(OutputStream out) {
    this.out = out;
  }

  /** File meta information for a data set (PS3.10 7.1). */
  public static DataSet fileMetaFor(
      String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {
    return DataSet.builder()
        .setBytes(0x00020001, VR.OB, new byte[] {0, 1})
        .setString(0x00020002, VR.UI, sopClassUid)
        .setString(0x00020003, VR.UI, sopInstanceUid)
        .setString(Tag.TRANSFER_SYNTAX_UID, VR.UI, transferSyntaxUid)
        .setString(0x00020012, VR.UI, IMPLEMENTATION_CLASS_UID)
        .setString(0x00020013, VR.SH, IMPLEMENTATION_VERSION_NAME)
        .build();
  }

  /**
   * Writes a Part 10 file: zero preamble, "DICM", the file meta information (explicit VR little
   * endian, with its group length computed) and the data set in the meta's transfer syntax.
   */
  public static void writeFile(OutputStream target, DataSet fileMeta, DataSet dataSet)
      throws IOException {
    String tsUid = fileMeta.getString(Tag.TRANSFER_SYNTAX_UID);
    if (tsUid == null) {
      throw new IllegalArgumentException("file meta information has no Transfer Syntax UID");
    }
    TransferSyntax ts = TransferSyntax.of(tsUid);
    BufferedOutputStream buffered = new BufferedOutputStream(nonClosing(target), WRITE_BUFFER);
    DicomWriter meta = new DicomWriter(buffered);
    buffered.write(new byte[128]);
    buffered.write("DICM".getBytes(StandardCharsets.US_ASCII));
    meta.writeFileMeta(fileMeta);
    writeBody(buffered, dataSet, ts);
    buffered.flush();
  }

  /**
   * Writes only the head of a Part 10 file: zero preamble, "DICM" and the file meta information,
   * for a caller that appends a data set already encoded in the meta's transfer syntax (as
   * received, deflated or not).
   */
  public static void writeFileHead(OutputStream target, DataSet fileMeta) throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(nonClosing(target), WRITE_BUFFER);
    DicomWriter meta = new DicomWriter(buffered);
    buffered.write(new byte[128]);
    buffered.write("DICM".getBytes(StandardCharsets.US_ASCII));
    meta.writeFileMeta(fileMeta);
    buffered.flush();
  }

  /** Writes a data set without preamble or file meta information. */
  public static void writeDataSet(OutputStream target, DataSet dataSet, TransferSyntax ts)
      throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(nonClosing(target), WRITE_BUFFER);
    writeBody(buffered, dataSet, ts);
    buffered.flush();
  }

  private static void writeBody(OutputStream buffered, DataSet dataSet, TransferSyntax ts)
      throws IOException {
    if (!TransferSyntax.isNative(ts.uid()) && !ts.encapsulated()) {
      throw new IllegalArgumentException("cannot encode transfer syntax " + ts.uid());
    }
    if (ts.deflated()) {
      Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
      DeflaterOutputStream deflating = new DeflaterOutputStream(buffered, deflater, 1 << 16);
      new DicomWriter(deflating).writeElements(dataSet, ts, true);
      deflating.finish();
      deflater.end();
    } else {
      new DicomWriter(buffered).writeElements(dataSet, ts, true);
    }
  }

  private void writeFileMeta(DataSet fileMeta) throws IOException {
    long length = 0;
    for (Element e : fileMeta) {
      if (e.tag() != 0x00020000) {
        length += encodedLength(e, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
      }
    }
    writeHeader(0x00020000, VR.UL, 4, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    writeInt((int) length, false);
    for (Element e : fileMeta) {
      if (e.tag() != 0x00020000) {
        writeElement(e, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
      }
    }
  }

  /** Length of an element with defined-length values, as written in the meta group. */
  private static long encodedLength(Element e, TransferSyntax ts) {
    if (!(e.value() instanceof Value.Binary b)) {
      throw new IllegalArgumentException(
          "file meta element " + Tag.toString(e.tag()) + " is not a value");
    }
    long header = !ts.explicitVr() ? 8 : e.vr().hasLongHeader() ? 12 : 8;
    long value = b.length() + (b.length() & 1);
    return header + value;
  }

  private void writeElements(DataSet dataSet, TransferSyntax ts, boolean skipMeta)
      throws IOException {
    for (Element e : dataSet) {
      if (Tag.isGroupLength(e.tag()) || (skipMeta && (e.tag() >>> 16) == 0x0002)) {
        continue;
      }
      writeElement(e, ts);
    }
  }

  private void writeElement(Element e, TransferSyntax ts) throws IOException {
    Value v = e.value();
    if (v instanceof Value.Sequence seq) {
      writeHeader(e.tag(), VR.SQ, UNDEFINED, ts);
      for (DataSet item : seq.items()) {
        writeTagAndLength(Tag.ITEM, UNDEFINED, ts.bigEndian());
        writeElements(item, ts, false);
        writeTagAndLength(Tag.ITEM_DELIMITATION, 0, ts.bigEndian());
      }
      writeTagAndLength(Tag.SEQUENCE_DELIMITATION, 0, ts.bigEndian());
    } else if (v instanceof Value.Fragments frags) {
      writeHeader(e.tag(), e.vr(), UNDEFINED, ts);
      for (Value.Binary f : frags.fragments()) {
        long len = f.length() + (f.length() & 1);
        writeTagAndLength(Tag.ITEM, checkLength(len, e), ts.bigEndian());
        writeBinary(f, 1);
        if ((f.length() & 1) != 0) {
          out.write(0);
        }
      }
      writeTagAndLength(Tag.SEQUENCE_DELIMITATION, 0, ts.bigEndian());
    } else {
      Value.Binary b = (Value.Binary) v;
      long padded = b.length() + (b.length() & 1);
      VR vr = e.vr();
      if (ts.explicitVr() && !vr.hasLongHeader() && padded > 0xFFFF) {
        // PS3.5 6.2.2: a value too long for its VR's 16-bit length field is written as UN.
        vr = VR.UN;
      }
      writeHeader(e.tag(), vr, checkLength(padded, e), ts);
      writeBinary(b, ts.bigEndian() ? e.vr().swapUnit() : 1);
      if ((b.length() & 1) != 0) {
        out.write(e.vr().padding());
      }
    }
  }

  private static int checkLength(long len, Element e) {
    if (len >= 0xFFFFFFFFL) {
      throw new IllegalArgumentException(Tag.toString(e.tag()) + " is too long to encode");
    }
    return (int) len;
  }

  private void writeBinary(Value.Binary b, int swapUnit) throws IOException {
    if (b instanceof Value.Bytes bytes) {
      if (swapUnit > 1) {
        byte[] copy = bytes.bytes().clone();
        ByteOrderSwap.swap(copy, 0, copy.length, swapUnit);
        out.write(copy);
      } else {
        out.write(bytes.bytes());
      }
    } else {
      BulkData bulk = (BulkData) b;
      try (InputStream in = bulk.openStream()) {
        InputStream source = swapUnit > 1 ? new ByteSwappingInputStream(in, swapUnit) : in;
        long copied = source.transferTo(out);
        if (copied != bulk.length()) {
          throw new IOException(
              "bulk data in " + bulk.file() + " ended after " + copied + " of " + bulk.length());
        }
      }
    }
  }

  private void writeHeader(int tag, VR vr, int length, TransferSyntax ts) throws IOException {
    boolean be = ts.bigEndian();
    if (!ts.explicitVr()) {
      writeTagAndLength(tag, length, be);
      return;
    }
    putShort(0, tag >>> 16, be);
    putShort(2, tag, be);
    scratch[4] = (byte) (vr.code() >>> 8);
    scratch[5] = (byte) vr.code();
    if (vr.hasLongHeader()) {
      scratch[6] = 0;
      scratch[7] = 0;
      putInt(8, length, be);
      out.write(scratch, 0, 12);
    } else {
      putShort(6, length, be);
      out.write(scratch, 0, 8);
    }
  }

  private void writeTagAndLength(int tag, int length, boolean be) throws IOException {
    putShort(0, tag >>> 16, be);
    putShort(2, tag, be);
    putInt(4, length, be);
    out.write(scratch, 0, 8);
  }

  private void writeInt(int v, boolean be) throws IOException {
    putInt(0, v, be);
    out.write(scratch, 0, 4);
  }

  private void putShort(int at, int v, boolean be) {
    if (be) {
      scratch[at] = (byte) (v >>> 8);
      scratch[at + 1] = (byte) v;
    } else {
      scratch[at] = (byte) v;
      scratch[at + 1] = (byte) (v >>> 8);
    }
  }

  private void putInt(int at, int v, boolean be) {
    if (be) {
      putShort(at, v >>> 16, true);
      putShort(at + 2, v, true);
    } else {
      putShort(at, v, false);
      putShort(at + 2, v >>> 16, false);
    }
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
