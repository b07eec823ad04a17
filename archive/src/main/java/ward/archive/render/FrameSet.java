package ward.archive.render;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ward.dicom.DataSet;
import ward.dicom.DicomFile;
import ward.dicom.DicomFormatException;
import ward.dicom.DicomReader;
import ward.dicom.Element;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;
import ward.dicom.VR;
import ward.dicom.Value;

/**
 * The frames of a stored instance, read one at a time. Opening reads the attributes and notes where
 * the pixel data lies without keeping it: every pixel data value and fragment is left in place (the
 * reader's bulk-data hand-off with a threshold of 0), so a 1 GB multi-frame instance takes a few
 * kilobytes until a frame is asked for, and then only that frame's bytes are read. Deflated
 * instances are the exception: their offsets are not file offsets, so their pixel data is inflated
 * into memory, within the reader's limits.
 *
 * <p>Native frames are Rows × Columns × Samples per Pixel × Bits Allocated / 8 bytes (PS3.5 8.1.1),
 * returned little endian whatever the instance's byte order; bit-packed 1-bit frames are served
 * when each frame starts on a byte. Encapsulated frames are the bytes of their fragments, found as
 * {@link FrameBoundaries} describes.
 *
 * <p>Immutable; frames may be read from several threads, each read opening the source anew.
 */
public final class FrameSet {

  private final InstanceSource source;
  private final DataSet attributes;
  private final TransferSyntax transferSyntax;
  private final ImagePixel pixel;
  private final int count;
  // Native pixel data: one piece. Encapsulated: the fragments and each frame's extent.
  private final Piece nativeData;
  private final int swapUnit;
  private final List<Piece> fragments;
  private final List<FrameBoundaries.Extent> extents;

  private FrameSet(InstanceSource source, DicomFile file, PixelCapture capture)
      throws IOException, PixelDataException {
    this.source = source;
    this.transferSyntax = file.transferSyntax();
    DataSet ds = file.dataSet();
    Element pixelData = ds.get(Tags.PixelData);
    this.attributes = pixelData == null ? ds : ds.toBuilder().remove(Tags.PixelData).build();
    if (pixelData == null) {
      if (ds.contains(Tags.FloatPixelData) || ds.contains(Tags.DoubleFloatPixelData)) {
        throw new UnsupportedPixelDataException(
            "float pixel data is not served as frames", transferSyntax.uid());
      }
      this.pixel = null;
      this.count = 0;
      this.nativeData = null;
      this.swapUnit = 1;
      this.fragments = List.of();
      this.extents = List.of();
      return;
    }
    this.pixel = ImagePixel.of(ds);
    this.count = pixel.numberOfFrames();
    if (pixelData.value() instanceof Value.Fragments encapsulated) {
      if (!transferSyntax.encapsulated()) {
        throw new DicomFormatException(
            0, "encapsulated pixel data under native transfer syntax " + transferSyntax.uid());
      }
      List<Piece> pieces = new ArrayList<>();
      List<Value.Binary> values = encapsulated.fragments();
      for (int i = 1; i < values.size(); i++) {
        pieces.add(capture.piece(values.get(i)));
      }
      byte[] bot = capture.piece(encapsulated.offsetTable()).memory();
      this.fragments = List.copyOf(pieces);
      this.extents =
          FrameBoundaries.of(
              count,
              fragments,
              bot,
              ds.getBytes(Tags.ExtendedOffsetTable),
              ds.getBytes(Tags.ExtendedOffsetTableLengths),
              pieces.isEmpty() ? 0 : pieces.get(0).offset());
      this.nativeData = null;
      this.swapUnit = 1;
    } else {
      if (transferSyntax.encapsulated()) {
        throw new DicomFormatException(
            0, "native pixel data under encapsulated transfer syntax " + transferSyntax.uid());
      }
      if (!(pixelData.value() instanceof Value.Binary binary)) {
        throw new DicomFormatException(0, "Pixel Data (7FE0,0010) holds a sequence");
      }
      this.nativeData = capture.piece(binary);
      this.swapUnit = swapUnit(pixelData.vr());
      this.fragments = List.of();
      this.extents = List.of();
      checkNativeLength();
    }
  }

  /**
   * Opens the instance in a file. Skipping in a file stream seeks, so neither opening nor reading a
   * frame reads the other frames.
   */
  public static FrameSet open(Path file) throws IOException, PixelDataException {
    PixelCapture capture = new PixelCapture();
    DicomFile read = DicomReader.readFile(file, capture.options());
    return new FrameSet(() -> Files.newInputStream(file), read, capture);
  }

  /** Opens an instance that can be read more than once, such as an object of the blob store. */
  public static FrameSet open(InstanceSource source) throws IOException, PixelDataException {
    PixelCapture capture = new PixelCapture();
    DicomFile read;
    try (InputStream in = source.open()) {
      read = DicomReader.read(in, capture.options());
    }
    return new FrameSet(source, read, capture);
  }

  /** The instance's attributes, without the pixel data value. */
  public DataSet attributes() {
    return attributes;
  }

  public TransferSyntax transferSyntax() {
    return transferSyntax;
  }

  /** The image pixel description, or null when the instance has no pixel data. */
  public ImagePixel pixel() {
    return pixel;
  }

  /** The number of frames; 0 when the instance has no pixel data. */
  public int count() {
    return count;
  }

  /** The length in bytes of frame {@code n} as {@link #frame} returns it. */
  public long frameLength(int n) throws NoSuchFrameException {
    check(n);
    return nativeData != null ? nativeFrameBytes() : extents.get(n - 1).length();
  }

  /** Frame {@code n} (1-based): native bytes in little endian order, or the compressed bytes. */
  public byte[] frame(int n) throws IOException, PixelDataException {
    long length = frameLength(n);
    if (length > Integer.MAX_VALUE - 8) {
      throw new UnsupportedPixelDataException(
          "frame " + n + " of " + length + " bytes is too large to hold in memory",
          transferSyntax.uid());
    }
    if (nativeData != null && swapUnit > 1) {
      return swappedNativeFrame(n, (int) length);
    }
    try (InputStream in = openFrame(n)) {
      byte[] b = in.readNBytes((int) length);
      if (b.length != length) {
        throw new DicomFormatException(0, "the instance ends inside frame " + n);
      }
      return b;
    }
  }

  /** Streams frame {@code n}, reading only its bytes from the source. */
  public InputStream openFrame(int n) throws IOException, PixelDataException {
    check(n);
    if (nativeData != null) {
      if (swapUnit > 1) {
        return new ByteArrayInputStream(frame(n));
      }
      long length = nativeFrameBytes();
      return new PieceInputStream(source, List.of(nativeData.slice((n - 1) * length, length)));
    }
    FrameBoundaries.Extent e = extents.get(n - 1);
    List<Piece> pieces = new ArrayList<>(e.end() - e.first());
    long left = e.length();
    for (int i = e.first(); i < e.end() && left > 0; i++) {
      Piece f = fragments.get(i);
      long take = Math.min(left, f.length());
      pieces.add(f.slice(0, take));
      left -= take;
    }
    return new PieceInputStream(source, pieces);
  }

  private void check(int n) throws NoSuchFrameException {
    if (n < 1 || n > count) {
      throw new NoSuchFrameException(n, count);
    }
  }

  private long nativeFrameBytes() {
    long bits = pixel.frameBits();
    return count == 1 ? (bits + 7) / 8 : bits / 8;
  }

  private void checkNativeLength() throws DicomFormatException, UnsupportedPixelDataException {
    int allocated = pixel.bitsAllocated();
    if (allocated != 1 && allocated != 8 && allocated != 16 && allocated != 32 && allocated != 64) {
      throw new UnsupportedPixelDataException(
          "native pixel data with Bits Allocated " + allocated, transferSyntax.uid());
    }
    if (count > 1 && pixel.frameBits() % 8 != 0) {
      throw new UnsupportedPixelDataException(
          "bit-packed frames that do not start on a byte boundary ("
              + pixel.frameBits()
              + " bits each)",
          transferSyntax.uid());
    }
    long need = nativeFrameBytes() * count;
    if (nativeData.length() < need) {
      throw new DicomFormatException(
          nativeData.memory() == null ? nativeData.offset() : 0,
          "the pixel data holds "
              + nativeData.length()
              + " bytes, fewer than the "
              + need
              + " of "
              + count
              + " frames of "
              + pixel.rows()
              + " × "
              + pixel.columns()
              + " × "
              + pixel.samplesPerPixel()
              + " × "
              + allocated
              + " bits");
    }
  }

  /**
   * Big endian native data (PS3.5 7.3): words of OW are byte-swapped, and a sample wider than a
   * word is taken as one big endian number, as pydicom and dcmtk read it.
   */
  private int swapUnit(VR vr) {
    if (!transferSyntax.bigEndian()) {
      return 1;
    }
    int sample = pixel.bitsAllocated() / 8;
    return Math.max(vr == VR.OW ? 2 : 1, sample);
  }

  private byte[] swappedNativeFrame(int n, int length) throws IOException {
    long start = (long) (n - 1) * length;
    long alignedStart = start - start % swapUnit;
    long alignedEnd = Math.min(nativeData.length(), ceil(start + length, swapUnit));
    byte[] region;
    try (InputStream in =
        new PieceInputStream(
            source, List.of(nativeData.slice(alignedStart, alignedEnd - alignedStart)))) {
      region = in.readNBytes((int) (alignedEnd - alignedStart));
    }
    int end = region.length - region.length % swapUnit;
    for (int i = 0; i < end; i += swapUnit) {
      for (int lo = i, hi = i + swapUnit - 1; lo < hi; lo++, hi--) {
        byte t = region[lo];
        region[lo] = region[hi];
        region[hi] = t;
      }
    }
    int from = (int) (start - alignedStart);
    return java.util.Arrays.copyOfRange(region, from, from + length);
  }

  private static long ceil(long v, int unit) {
    return (v + unit - 1) / unit * unit;
  }
}
