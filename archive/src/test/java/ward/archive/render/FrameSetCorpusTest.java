package ward.archive.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ward.dicom.testing.Oracles;

/**
 * Frames of pydicom's corpus, native and encapsulated, compared with pydicom: native frames with
 * its {@code pixel_array} written as little endian samples (an independent decoder of byte order
 * and frame size), or, where {@code pixel_array} rearranges samples (planar configuration 1,
 * YBR_FULL_422, bit-packed), with the slice of its raw Pixel Data; encapsulated frames with {@code
 * pydicom.encaps.generate_pixel_data_frame}. All files go through one Python process.
 */
class FrameSetCorpusTest {

  /** File name → how pydicom is to cut its frames. */
  private static final Map<String, String> FILES = new LinkedHashMap<>();

  static {
    for (String f :
        List.of(
            "CT_small.dcm",
            "MR_small.dcm",
            "MR_small_bigendian.dcm",
            "MR_small_expb.dcm",
            "MR_small_implicit.dcm",
            "MR_small_padded.dcm",
            "rtdose.dcm",
            "rtdose_1frame.dcm",
            "rtdose_expb.dcm",
            "SC_rgb_small_odd.dcm",
            "image_dfl.dcm")) {
      FILES.put(f, "array");
    }
    for (String f :
        List.of(
            "ExplVR_BigEnd.dcm",
            "SC_ybr_full_422_uncompressed.dcm",
            "liver_1frame.dcm",
            "liver_expb_1frame.dcm")) {
      FILES.put(f, "raw");
    }
    for (String f :
        List.of(
            "SC_rgb_rle_2frame.dcm",
            "SC_rgb_rle_32bit_2frame.dcm",
            "SC_rgb_rle_16bit_2frame.dcm",
            "rtdose_rle.dcm",
            "MR_small_RLE.dcm",
            "JPEG2000.dcm",
            "693_J2KI.dcm",
            "MR_small_jpeg_ls_lossless.dcm",
            "SC_rgb_jpeg_gdcm.dcm",
            "SC_rgb_jpeg_dcmtk.dcm",
            "JPEG-lossy.dcm")) {
      FILES.put(f, "encapsulated");
    }
  }

  static final String ORACLE =
      """
      import sys, hashlib, numpy as np, pydicom
      from pydicom.encaps import generate_pixel_data_frame
      for arg in sys.argv[1:]:
          mode, path = arg.split(':', 1)
          ds = pydicom.dcmread(path)
          n = int(ds.get('NumberOfFrames', 1) or 1)
          if mode == 'encapsulated':
              frames = list(generate_pixel_data_frame(ds.PixelData, n))
          elif mode == 'raw':
              bits = ds.Rows * ds.Columns * ds.SamplesPerPixel * ds.BitsAllocated
              if ds.PhotometricInterpretation == 'YBR_FULL_422':
                  bits = bits // 3 * 2
              size = (bits + 7) // 8
              frames = [ds.PixelData[i * size:(i + 1) * size] for i in range(n)]
          else:
              arr = ds.pixel_array
              if n == 1:
                  arr = arr[None, ...]
              frames = [np.ascontiguousarray(a.astype(a.dtype.newbyteorder('<'))).tobytes()
                        for a in arr]
          for i, f in enumerate(frames):
              print(path.rsplit('/', 1)[1], i + 1, hashlib.sha256(f).hexdigest())
      """;

  @Test
  void framesMatchPydicomForNativeAndEncapsulatedCorpusFiles() throws Exception {
    List<String> command = new ArrayList<>(List.of(Oracles.PYTHON, "-c", ORACLE));
    FILES.forEach((f, mode) -> command.add(mode + ":" + TestInstances.corpus(f)));
    Map<String, List<String>> expected = new LinkedHashMap<>();
    for (String line : Oracles.run(command, null).strip().split("\n", -1)) {
      String[] p = line.split(" ", -1);
      expected.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[2]);
    }
    assertThat(expected.keySet()).containsExactlyElementsOf(FILES.keySet());
    int frames = 0;
    for (String f : FILES.keySet()) {
      FrameSet set = FrameSet.open(TestInstances.corpus(f));
      List<String> actual = new ArrayList<>();
      for (int n = 1; n <= set.count(); n++) {
        actual.add(sha256(set.frame(n)));
      }
      assertThat(actual).as(f).isEqualTo(expected.get(f));
      frames += actual.size();
    }
    assertThat(frames).isGreaterThan(60);
  }

  @Test
  void aReopenableStreamGivesTheSameFramesAsTheFile() throws Exception {
    for (String f : List.of("rtdose_expb.dcm", "SC_rgb_rle_2frame.dcm", "ExplVR_BigEnd.dcm")) {
      Path file = TestInstances.corpus(f);
      FrameSet fromFile = FrameSet.open(file);
      FrameSet fromStream = FrameSet.open(() -> Files.newInputStream(file));
      assertThat(fromStream.count()).isEqualTo(fromFile.count());
      for (int n = 1; n <= fromFile.count(); n++) {
        assertThat(fromStream.frame(n)).as(f + " frame " + n).isEqualTo(fromFile.frame(n));
        try (var in = fromStream.openFrame(n)) {
          assertThat(in.readAllBytes()).isEqualTo(fromFile.frame(n));
        }
      }
    }
  }

  static String sha256(byte[] b) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
