package ward.archive.render;

import ward.dicom.DataSet;
import ward.dicom.DicomFormatException;
import ward.dicom.Tags;

/**
 * What the pixel data of an instance looks like (PS3.3 C.7.6.3, Image Pixel Module, and Number of
 * Frames from C.7.6.6): the attributes needed to cut frames and to turn them into an image.
 *
 * @param samplesPerPixel 1 for monochrome and palette colour, 3 for colour
 * @param photometricInterpretation as stored, for example MONOCHROME2, RGB, YBR_FULL_422
 * @param rows image height
 * @param columns image width
 * @param bitsAllocated bits of one sample in native encoding: 1, 8, 16, 32 or 64
 * @param bitsStored bits of a sample that carry the value
 * @param highBit the most significant of those bits
 * @param signed Pixel Representation 1: two's complement samples
 * @param planarConfiguration 0: samples of a pixel together (R1 G1 B1 R2 ...); 1: by plane
 * @param numberOfFrames frames in the pixel data; 1 when the attribute is absent
 */
public record ImagePixel(
    int samplesPerPixel,
    String photometricInterpretation,
    int rows,
    int columns,
    int bitsAllocated,
    int bitsStored,
    int highBit,
    boolean signed,
    int planarConfiguration,
    int numberOfFrames) {

  /** Reads the description from a data set, refusing values that cannot describe an image. */
  public static ImagePixel of(DataSet ds) throws DicomFormatException {
    try {
      int samples = ds.getInt(Tags.SamplesPerPixel, 1);
      int rows = required(ds, Tags.Rows, "Rows (0028,0010)");
      int columns = required(ds, Tags.Columns, "Columns (0028,0011)");
      int allocated = required(ds, Tags.BitsAllocated, "Bits Allocated (0028,0100)");
      int stored = ds.getInt(Tags.BitsStored, allocated);
      int highBit = ds.getInt(Tags.HighBit, stored - 1);
      String photometric =
          ds.getString(Tags.PhotometricInterpretation, samples == 1 ? "MONOCHROME2" : "RGB");
      ImagePixel p =
          new ImagePixel(
              samples,
              photometric.strip(),
              rows,
              columns,
              allocated,
              stored,
              highBit,
              ds.getInt(Tags.PixelRepresentation, 0) == 1,
              ds.getInt(Tags.PlanarConfiguration, 0),
              ds.getInt(Tags.NumberOfFrames, 1));
      p.check();
      return p;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new DicomFormatException(0, "image pixel attributes: " + e.getMessage(), e);
    }
  }

  private static int required(DataSet ds, int tag, String name) throws DicomFormatException {
    int v = ds.getInt(tag, -1);
    if (v <= 0) {
      throw new DicomFormatException(0, name + " is missing or not positive");
    }
    return v;
  }

  private void check() throws DicomFormatException {
    if (samplesPerPixel < 1 || samplesPerPixel > 4) {
      throw new DicomFormatException(0, "Samples per Pixel is " + samplesPerPixel);
    }
    if (rows > 0xFFFF || columns > 0xFFFF) {
      throw new DicomFormatException(0, "Rows or Columns above 65535");
    }
    if (bitsAllocated > 64 || bitsStored < 1 || bitsStored > bitsAllocated) {
      throw new DicomFormatException(
          0, "Bits Stored " + bitsStored + " does not fit Bits Allocated " + bitsAllocated);
    }
    if (highBit >= bitsAllocated || highBit + 1 < bitsStored) {
      throw new DicomFormatException(
          0, "High Bit " + highBit + " does not fit Bits Stored " + bitsStored);
    }
    if (numberOfFrames < 1) {
      throw new DicomFormatException(0, "Number of Frames is " + numberOfFrames);
    }
  }

  /** Pixels in one frame. */
  public long pixels() {
    return (long) rows * columns;
  }

  /**
   * Bits of one native frame (PS3.5 8.1.1): rows × columns × samples × bits allocated, except that
   * YBR_FULL_422 and YBR_PARTIAL_422 carry two chroma samples for each pair of pixels (PS3.3
   * C.7.6.3.1.2), two thirds of that.
   */
  public long frameBits() {
    long bits = pixels() * samplesPerPixel * bitsAllocated;
    return subsampled422() ? bits / 3 * 2 : bits;
  }

  boolean subsampled422() {
    return samplesPerPixel == 3
        && (photometricInterpretation.equals("YBR_FULL_422")
            || photometricInterpretation.equals("YBR_PARTIAL_422"));
  }

  public boolean monochrome() {
    return photometricInterpretation.equals("MONOCHROME1")
        || photometricInterpretation.equals("MONOCHROME2");
  }

  /**
   * How an RLE frame looks once decoded (PS3.5 G.2): every sample in full, plane by plane; a 4:2:2
   * label, which RLE does not allow, is read as the full colour space it must be.
   */
  ImagePixel decodedRle() {
    return new ImagePixel(
        samplesPerPixel,
        subsampled422() ? photometricInterpretation.replace("_422", "") : photometricInterpretation,
        rows,
        columns,
        bitsAllocated,
        bitsStored,
        highBit,
        signed,
        1,
        numberOfFrames);
  }
}
