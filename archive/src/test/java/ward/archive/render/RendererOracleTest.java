package ward.archive.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.DicomFile;
import ward.dicom.DicomReader;
import ward.dicom.Tags;
import ward.dicom.VR;
import ward.dicom.testing.Oracles;

/**
 * Ward's rendering compared pixel by pixel with dcmtk's ({@code dcmj2pnm --write-png}, read back
 * with ImageIO): monochrome of 1, 8, 16 and 32 bits, signed and unsigned, with masked high bits,
 * MONOCHROME1, big endian, deflated, RLE; RGB interleaved and planar, YBR_FULL and YBR_FULL_422;
 * JPEG baseline, lossless process 14 and 14 SV1; windows from the file, from the caller (LINEAR and
 * SIGMOID) and from the frame's range. dcmtk's options say which window it uses: {@code +Wi 1} the
 * file's first, {@code +Ww c w} the caller's, {@code +Wm} the range.
 *
 * <p>Native images match within one grey level (rounding of the window equations); JPEG within two
 * (dcmtk's libjpeg and the JDK's differ in colour conversion rounding).
 */
class RendererOracleTest {
  @TempDir Path tmp;

  private final List<String> report = new ArrayList<>();

  /** The measured differences, for the record. */
  @AfterEach
  void printComparisons() {
    report.forEach(line -> System.out.println("vs dcmtk: " + line));
  }

  private void assertMatches(
      Path file, int frame, RenderOptions ward, int tolerance, String... dcmtk) throws Exception {
    BufferedImage ours = Renderer.render(FrameSet.open(file), frame, ward);
    List<String> options = new ArrayList<>(List.of(dcmtk));
    options.addAll(List.of("+F", Integer.toString(frame)));
    BufferedImage theirs = DcmtkRendering.render(file, tmp, options.toArray(String[]::new));
    DcmtkRendering.Difference d = DcmtkRendering.compare(ours, theirs);
    report.add(file.getFileName() + " " + String.join(" ", dcmtk) + ": " + d);
    assertThat(d.max())
        .as(file.getFileName() + " " + String.join(" ", dcmtk) + ": " + d)
        .isLessThanOrEqualTo(tolerance);
  }

  private void assertMatches(Path file, RenderOptions ward, int tolerance, String... dcmtk)
      throws Exception {
    assertMatches(file, 1, ward, tolerance, dcmtk);
  }

  private static Path corpus(String name) {
    return TestInstances.corpus(name);
  }

  @Test
  void monochromeMatchesDcmtk() throws Exception {
    RenderOptions none = RenderOptions.DEFAULT;
    // 16-bit signed without a window: the frame's range.
    assertMatches(corpus("CT_small.dcm"), none, 0, "+Wm");
    assertMatches(
        corpus("CT_small.dcm"), none.withWindow(Window.parse("40,400")), 0, "+Ww", "40", "400");
    assertMatches(
        corpus("CT_small.dcm"),
        none.withWindow(Window.parse("40,400,sigmoid")),
        0,
        "+Ww",
        "40",
        "400",
        "+Wfs");
    // The file's first window, in every byte order and encoding of the same image.
    for (String f :
        List.of(
            "MR_small.dcm",
            "MR_small_bigendian.dcm",
            "MR_small_implicit.dcm",
            "MR_small_RLE.dcm")) {
      assertMatches(corpus(f), none, 0, "+Wi", "1");
    }
    // 8-bit deflated, 1-bit packed, a frame of 32-bit unsigned multi-frame dose.
    assertMatches(corpus("image_dfl.dcm"), none, 0, "+Wm");
    assertMatches(corpus("liver_1frame.dcm"), none, 0, "+Wm");
    assertMatches(corpus("rtdose.dcm"), 5, none, 0, "+Wm");
    // The big endian copy of that dose: Ward reads each 32-bit OW sample as one big endian
    // number, as pydicom does, and gets the values of the little endian file. dcmtk composes the
    // sample from two byte-swapped 16-bit words, low word first, and shows other values.
    BufferedImage big = Renderer.render(FrameSet.open(corpus("rtdose_expb.dcm")), 9, none);
    BufferedImage little = Renderer.render(FrameSet.open(corpus("rtdose.dcm")), 9, none);
    assertThat(DcmtkRendering.compare(big, little).max()).isZero();
    assertMatches(corpus("rtdose_rle.dcm"), 15, none, 0, "+Wm");
  }

  @Test
  void monochrome1IsShownInverted() throws Exception {
    DicomFile mr = DicomReader.readFile(corpus("MR_small.dcm"));
    DataSet ds =
        mr.dataSet().toBuilder()
            .setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME1")
            .build();
    Path file = TestInstances.write(tmp.resolve("mono1.dcm"), ds, TestInstances.EXPLICIT_LE);
    assertMatches(file, RenderOptions.DEFAULT, 0, "+Wi", "1");
    BufferedImage m1 = Renderer.render(FrameSet.open(file), 1, RenderOptions.DEFAULT);
    BufferedImage m2 =
        Renderer.render(FrameSet.open(corpus("MR_small.dcm")), 1, RenderOptions.DEFAULT);
    // Inverted before truncation to a level: each pair of levels sums to 255, or 254 where the
    // display value falls between levels.
    int[] a = m1.getRaster().getPixels(0, 0, 64, 64, (int[]) null);
    int[] b = m2.getRaster().getPixels(0, 0, 64, 64, (int[]) null);
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i] + b[i]).isBetween(254, 255);
    }
  }

  @Test
  void instanceSigmoidFunctionIsUsedWithItsWindow() throws Exception {
    DicomFile mr = DicomReader.readFile(corpus("MR_small.dcm"));
    DataSet ds = mr.dataSet().toBuilder().setString(Tags.VOILUTFunction, VR.CS, "SIGMOID").build();
    Path file = TestInstances.write(tmp.resolve("sigmoid.dcm"), ds, TestInstances.EXPLICIT_LE);
    assertMatches(file, RenderOptions.DEFAULT, 0, "+Wi", "1");
  }

  /**
   * 12 bits stored in 16, signed, with noise in the four bits above High Bit (as overlays once
   * were): the noise is masked off and the sign taken from bit 11.
   */
  @Test
  void bitsAboveHighBitAreMaskedAndSignExtended() throws Exception {
    int rows = 32;
    int columns = 48;
    byte[] pixels = new byte[rows * columns * 2];
    for (int i = 0; i < rows * columns; i++) {
      int value = (i * 37) % 4096 - 2048; // -2048 .. 2047
      int noise = (i % 16) << 12;
      int stored = (value & 0x0FFF) | noise;
      pixels[2 * i] = (byte) stored;
      pixels[2 * i + 1] = (byte) (stored >> 8);
    }
    DataSet ds =
        TestInstances.image(rows, columns, 0, 1, "MONOCHROME2", 16, true)
            .setInts(Tags.BitsStored, VR.US, 12)
            .setInts(Tags.HighBit, VR.US, 11)
            .setString(Tags.RescaleSlope, VR.DS, "2")
            .setString(Tags.RescaleIntercept, VR.DS, "-100")
            .setBytes(Tags.PixelData, VR.OW, pixels)
            .build();
    Path file = TestInstances.write(tmp.resolve("signed12.dcm"), ds, TestInstances.EXPLICIT_LE);
    assertMatches(file, RenderOptions.DEFAULT, 0, "+Wm");
    assertMatches(
        file,
        RenderOptions.DEFAULT.withWindow(Window.parse("-300,1500")),
        1,
        "+Ww",
        "-300",
        "1500");
  }

  @Test
  void colourMatchesDcmtk() throws Exception {
    RenderOptions none = RenderOptions.DEFAULT;
    assertMatches(corpus("SC_rgb_small_odd.dcm"), none, 0);
    assertMatches(corpus("ExplVR_BigEnd.dcm"), none, 0); // planar configuration 1, big endian
    assertMatches(corpus("SC_ybr_full_422_uncompressed.dcm"), none, 1);
    assertMatches(corpus("SC_rgb_rle.dcm"), none, 0);
    assertMatches(corpus("SC_rgb_rle_2frame.dcm"), 2, none, 0);
    assertMatches(corpus("SC_rgb_rle_16bit.dcm"), none, 0);
  }

  @Test
  void jpegBaselineAndLosslessMatchDcmtk() throws Exception {
    RenderOptions none = RenderOptions.DEFAULT;
    // YCbCr streams labelled YBR_FULL or YBR_FULL_422, RGB streams with and without markers.
    for (String f :
        List.of(
            "SC_rgb_jpeg_dcmtk.dcm",
            "SC_rgb_dcmtk_+eb+cy+n1.dcm",
            "SC_rgb_dcmtk_+eb+cy+np.dcm",
            "SC_rgb_dcmtk_+eb+cr.dcm",
            "SC_rgb_jpeg_app14_dcmd.dcm",
            "SC_jpeg_no_color_transform.dcm",
            "SC_rgb_small_odd_jpeg.dcm")) {
      assertMatches(corpus(f), none, 2);
    }
    // Labelled RGB but subsampled YCbCr: dcmtk converts only when told to always convert.
    assertMatches(corpus("SC_rgb_jpeg_lossy_gdcm.dcm"), none, 2, "+ca");
    // Lossless process 14 SV1, RGB.
    assertMatches(corpus("SC_rgb_jpeg_gdcm.dcm"), none, 0);
    // Lossless 16-bit signed monochrome, process 14 and 14 SV1, made by dcmtk from MR_small.
    Path p14 = tmp.resolve("mr-jpeg-lossless-14.dcm");
    Path sv1 = tmp.resolve("mr-jpeg-lossless-sv1.dcm");
    Oracles.run(
        List.of("dcmcjpeg", "+el", corpus("MR_small.dcm").toString(), p14.toString()), null);
    Oracles.run(
        List.of("dcmcjpeg", "+e1", corpus("MR_small.dcm").toString(), sv1.toString()), null);
    assertThat(FrameSet.open(p14).transferSyntax().uid()).isEqualTo("1.2.840.10008.1.2.4.57");
    assertThat(FrameSet.open(sv1).transferSyntax().uid()).isEqualTo("1.2.840.10008.1.2.4.70");
    assertMatches(p14, none, 0, "+Wi", "1");
    assertMatches(sv1, none, 0, "+Wi", "1");
    // And the lossless frame decodes to exactly the native samples.
    BufferedImage viaJpeg = Renderer.render(FrameSet.open(sv1), 1, none);
    BufferedImage viaNative = Renderer.render(FrameSet.open(corpus("MR_small.dcm")), 1, none);
    assertThat(DcmtkRendering.compare(viaJpeg, viaNative).max()).isZero();
  }

  /** A multi-frame JPEG baseline instance made here: frame 2 of 3, with a Basic Offset Table. */
  @Test
  void multiFrameJpegRendersTheChosenFrame() throws Exception {
    int rows = 40;
    int columns = 56;
    List<List<byte[]>> frames = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      BufferedImage img = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < columns; x++) {
          img.getRaster().setSample(x, y, 0, (x * 4 + y * (f + 1) * 2) % 256);
        }
      }
      frames.add(List.of(jpeg(img)));
    }
    DataSet ds =
        TestInstances.image(rows, columns, 3, 1, "MONOCHROME2", 8, false)
            .add(
                Tags.PixelData,
                VR.OB,
                TestInstances.fragments(
                    TestInstances.offsetTable(frames), frames.stream().map(l -> l.get(0)).toList()))
            .build();
    Path file = TestInstances.write(tmp.resolve("jpeg3.dcm"), ds, TestInstances.JPEG_BASELINE);
    assertMatches(file, 2, RenderOptions.DEFAULT, 2, "+Wm");
    assertMatches(file, 3, RenderOptions.DEFAULT, 2, "+Wm");
  }

  private static byte[] jpeg(BufferedImage img) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(0.9f);
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
