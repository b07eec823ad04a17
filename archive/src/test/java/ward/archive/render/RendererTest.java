package ward.archive.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;

/** Rendering behaviour that needs no oracle: refusals, encodings, viewports. */
class RendererTest {
  @TempDir Path tmp;

  @Test
  void compressedSyntaxesWithoutADecoderAreRefusedByTransferSyntax() throws Exception {
    for (String[] f :
        new String[][] {
          {"JPEG2000.dcm", "1.2.840.10008.1.2.4.91"},
          {"MR_small_jp2klossless.dcm", "1.2.840.10008.1.2.4.90"},
          {"MR_small_jpeg_ls_lossless.dcm", "1.2.840.10008.1.2.4.80"},
          {"JPGExtended.dcm", "1.2.840.10008.1.2.4.51"}
        }) {
      FrameSet set = FrameSet.open(TestInstances.corpus(f[0]));
      assertThat(set.frame(1)).isNotEmpty(); // the frame itself is still served
      assertThatThrownBy(() -> Renderer.render(set, 1, RenderOptions.DEFAULT))
          .isInstanceOfSatisfying(
              UnsupportedPixelDataException.class,
              e -> assertThat(e.transferSyntaxUid()).isEqualTo(f[1]))
          .hasMessage("unsupported transfer syntax " + f[1]);
    }
  }

  @Test
  void paletteColourIsRefusedClearly() throws Exception {
    DataSet ds =
        TestInstances.image(4, 4, 0, 1, "PALETTE COLOR", 8, false)
            .setBytes(Tags.PixelData, VR.OB, new byte[16])
            .build();
    FrameSet set =
        FrameSet.open(
            TestInstances.write(tmp.resolve("palette.dcm"), ds, TestInstances.EXPLICIT_LE));
    assertThatThrownBy(() -> Renderer.render(set, 1, RenderOptions.DEFAULT))
        .isInstanceOf(UnsupportedPixelDataException.class)
        .hasMessage("rendering PALETTE COLOR is not supported");
  }

  @Test
  void aMissingFrameIsReportedBeforeAnythingIsDecoded() throws Exception {
    FrameSet set = FrameSet.open(TestInstances.corpus("JPEG2000.dcm"));
    assertThatThrownBy(() -> Renderer.render(set, 2, RenderOptions.DEFAULT))
        .isInstanceOf(NoSuchFrameException.class);
  }

  @Test
  void jpegOutputDecodesToTheRenderedImage() throws Exception {
    BufferedImage rendered =
        Renderer.render(
            FrameSet.open(TestInstances.corpus("CT_small.dcm")), 1, RenderOptions.DEFAULT);
    ByteArrayOutputStream good = new ByteArrayOutputStream();
    ImageFormat.JPEG.write(rendered, good, 95);
    ByteArrayOutputStream small = new ByteArrayOutputStream();
    ImageFormat.JPEG.write(rendered, small, 10);

    byte[] jpeg = good.toByteArray();
    assertThat(jpeg[0]).isEqualTo((byte) 0xFF);
    assertThat(jpeg[1]).isEqualTo((byte) 0xD8);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertThat(decoded.getWidth()).isEqualTo(128);
    assertThat(decoded.getHeight()).isEqualTo(128);
    assertThat(DcmtkRendering.compare(decoded, rendered).mean()).isLessThan(2.0);
    assertThat(small.size()).isLessThan(good.size());
  }

  @Test
  void pngOutputIsLossless() throws Exception {
    BufferedImage rendered =
        Renderer.render(
            FrameSet.open(TestInstances.corpus("SC_rgb_small_odd.dcm")), 1, RenderOptions.DEFAULT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageFormat.PNG.write(rendered, out, ImageFormat.DEFAULT_QUALITY);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
    assertThat(DcmtkRendering.compare(decoded, rendered).max()).isZero();
    assertThat(ImageFormat.forMediaType("image/png")).isEqualTo(ImageFormat.PNG);
    assertThat(ImageFormat.forMediaType("image/gif")).isNull();
  }

  @Test
  void viewportScalesToFitKeepingTheAspectRatio() throws Exception {
    FrameSet ct = FrameSet.open(TestInstances.corpus("CT_small.dcm")); // 128 × 128
    FrameSet rgb = FrameSet.open(TestInstances.corpus("ExplVR_BigEnd.dcm")); // 80 × 60
    assertThat(size(ct, new Viewport(64, 32))).isEqualTo("32x32");
    assertThat(size(ct, new Viewport(300, 200))).isEqualTo("200x200");
    assertThat(size(rgb, new Viewport(40, 40))).isEqualTo("40x30");
    assertThat(size(rgb, new Viewport(8, 100))).isEqualTo("8x6");

    BufferedImage full = Renderer.render(ct, 1, RenderOptions.DEFAULT);
    BufferedImage quarter =
        Renderer.render(ct, 1, RenderOptions.DEFAULT.withViewport(new Viewport(32, 32)));
    assertThat(Math.abs(mean(quarter) - mean(full))).isLessThan(1.5);
    // A 4 × 4 block average, which the halving reduction computes exactly.
    int block = 0;
    for (int y = 40; y < 44; y++) {
      for (int x = 60; x < 64; x++) {
        block += full.getRaster().getSample(x, y, 0);
      }
    }
    assertThat(quarter.getRaster().getSample(15, 10, 0))
        .isCloseTo(block / 16, org.assertj.core.data.Offset.offset(1));
  }

  private static String size(FrameSet set, Viewport v) throws Exception {
    BufferedImage img = Renderer.render(set, 1, RenderOptions.DEFAULT.withViewport(v));
    return img.getWidth() + "x" + img.getHeight();
  }

  private static double mean(BufferedImage img) {
    int[] s = img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
    long sum = 0;
    for (int v : s) {
      sum += v;
    }
    return (double) sum / s.length;
  }
}
