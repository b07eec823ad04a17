package ward.archive.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.DicomFormatException;
import ward.dicom.Tags;
import ward.dicom.VR;
import ward.dicom.testing.Oracles;

/** Frames of instances made here: each way of finding encapsulated frames, limits and errors. */
class FrameSetTest {
  @TempDir Path tmp;

  private static final String PYDICOM_FRAMES =
      """
      import sys, hashlib, pydicom
      from pydicom.encaps import generate_pixel_data_frame
      ds = pydicom.dcmread(sys.argv[1])
      for f in generate_pixel_data_frame(ds.PixelData, int(ds.NumberOfFrames)):
          print(hashlib.sha256(f).hexdigest())
      """;

  private static List<List<byte[]>> threeFramesInSixFragments() {
    byte[] a = TestInstances.fakeJpeg(300, 1);
    byte[] b = TestInstances.fakeJpeg(120, 2);
    byte[] c = TestInstances.fakeJpeg(500, 3);
    return List.of(
        List.of(Arrays.copyOfRange(a, 0, 100), Arrays.copyOfRange(a, 100, a.length)),
        List.of(b),
        List.of(
            Arrays.copyOfRange(c, 0, 200),
            Arrays.copyOfRange(c, 200, 400),
            Arrays.copyOfRange(c, 400, c.length)));
  }

  private Path encapsulated(String name, List<List<byte[]>> frames, boolean withOffsets)
      throws IOException {
    List<byte[]> all = new ArrayList<>();
    frames.forEach(all::addAll);
    byte[] bot = withOffsets ? TestInstances.offsetTable(frames) : new byte[0];
    DataSet ds =
        TestInstances.image(16, 16, frames.size(), 1, "MONOCHROME2", 8, false)
            .add(Tags.PixelData, VR.OB, TestInstances.fragments(bot, all))
            .build();
    return TestInstances.write(tmp.resolve(name), ds, TestInstances.JPEG_BASELINE);
  }

  private static byte[] join(List<byte[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    ByteBuffer b = ByteBuffer.allocate(n);
    parts.forEach(b::put);
    return b.array();
  }

  private static List<String> pydicomFrames(Path file) {
    return List.of(
        Oracles.run(List.of(Oracles.PYTHON, "-c", PYDICOM_FRAMES, file.toString()), null)
            .strip()
            .split("\n", -1));
  }

  private static List<String> wardFrames(FrameSet set) throws Exception {
    List<String> out = new ArrayList<>();
    for (int n = 1; n <= set.count(); n++) {
      out.add(FrameSetCorpusTest.sha256(set.frame(n)));
    }
    return out;
  }

  @Test
  void basicOffsetTableGroupsSeveralFragmentsPerFrame() throws Exception {
    var frames = threeFramesInSixFragments();
    Path file = encapsulated("bot.dcm", frames, true);
    FrameSet set = FrameSet.open(file);
    assertThat(set.count()).isEqualTo(3);
    for (int n = 1; n <= 3; n++) {
      assertThat(set.frame(n)).isEqualTo(join(frames.get(n - 1)));
    }
    assertThat(wardFrames(set)).isEqualTo(pydicomFrames(file));
  }

  @Test
  void withoutOffsetTableFramesEndAtEndOfImageMarkers() throws Exception {
    var frames = threeFramesInSixFragments();
    Path file = encapsulated("eoi.dcm", frames, false);
    FrameSet set = FrameSet.open(file);
    for (int n = 1; n <= 3; n++) {
      assertThat(set.frame(n)).isEqualTo(join(frames.get(n - 1)));
    }
    assertThat(wardFrames(set)).isEqualTo(pydicomFrames(file));
  }

  @Test
  void withoutOffsetTableAsManyFragmentsAsFramesIsOneFragmentEach() throws Exception {
    // RLE-like fragments carry no markers: only the count can tell.
    List<List<byte[]>> frames =
        List.of(List.of(new byte[] {1, 2, 3, 4}), List.of(new byte[] {5, 6}), List.of(new byte[8]));
    Path file = encapsulated("one-each.dcm", frames, false);
    FrameSet set = FrameSet.open(file);
    assertThat(set.frame(2)).containsExactly(5, 6);
    assertThat(wardFrames(set)).isEqualTo(pydicomFrames(file));
  }

  @Test
  void extendedOffsetTableGivesFramesAndTheirExactLengths() throws Exception {
    // Odd-length frames are padded in their fragments; the lengths table drops the padding.
    List<byte[]> frames =
        List.of(
            TestInstances.fakeJpeg(41, 1),
            TestInstances.fakeJpeg(7, 2),
            TestInstances.fakeJpeg(99, 3));
    ByteBuffer offsets = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer lengths = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    long offset = 0;
    for (byte[] f : frames) {
      offsets.putLong(offset);
      lengths.putLong(f.length);
      offset += 8 + f.length + f.length % 2;
    }
    DataSet ds =
        TestInstances.image(16, 16, 3, 1, "MONOCHROME2", 8, false)
            .setBytes(Tags.ExtendedOffsetTable, VR.OV, offsets.array())
            .setBytes(Tags.ExtendedOffsetTableLengths, VR.OV, lengths.array())
            .add(Tags.PixelData, VR.OB, TestInstances.fragments(new byte[0], frames))
            .build();
    FrameSet set =
        FrameSet.open(TestInstances.write(tmp.resolve("eot.dcm"), ds, TestInstances.JPEG_BASELINE));
    for (int n = 1; n <= 3; n++) {
      assertThat(set.frame(n)).isEqualTo(frames.get(n - 1));
      assertThat(set.frameLength(n)).isEqualTo(frames.get(n - 1).length);
    }
  }

  @Test
  void fragmentsThatDoNotAddUpToTheFramesAreRefusedNotGuessed() throws Exception {
    // Five fragments, three frames, no table and no end-of-image markers.
    List<byte[]> five = List.of(new byte[4], new byte[4], new byte[4], new byte[4], new byte[4]);
    DataSet noMarkers =
        TestInstances.image(16, 16, 3, 1, "MONOCHROME2", 8, false)
            .add(Tags.PixelData, VR.OB, TestInstances.fragments(new byte[0], five))
            .build();
    Path a = TestInstances.write(tmp.resolve("a.dcm"), noMarkers, TestInstances.JPEG_BASELINE);
    assertThatThrownBy(() -> FrameSet.open(a))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("end-of-image markers give 0 frames");

    DataSet shortTable =
        TestInstances.image(16, 16, 3, 1, "MONOCHROME2", 8, false)
            .add(Tags.PixelData, VR.OB, TestInstances.fragments(new byte[8], five))
            .build();
    Path b = TestInstances.write(tmp.resolve("b.dcm"), shortTable, TestInstances.JPEG_BASELINE);
    assertThatThrownBy(() -> FrameSet.open(b))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("Basic Offset Table has 2 entries for 3 frames");

    DataSet fewer =
        TestInstances.image(16, 16, 9, 1, "MONOCHROME2", 8, false)
            .add(Tags.PixelData, VR.OB, TestInstances.fragments(new byte[0], five))
            .build();
    Path c = TestInstances.write(tmp.resolve("c.dcm"), fewer, TestInstances.JPEG_BASELINE);
    assertThatThrownBy(() -> FrameSet.open(c))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("5 fragments cannot hold 9 frames");
  }

  @Test
  void nativePixelDataShorterThanItsFramesIsRefused() throws Exception {
    DataSet ds =
        TestInstances.image(4, 4, 3, 1, "MONOCHROME2", 16, false)
            .setBytes(Tags.PixelData, VR.OW, new byte[4 * 4 * 2 * 3 - 2])
            .build();
    Path file = TestInstances.write(tmp.resolve("short.dcm"), ds, TestInstances.EXPLICIT_LE);
    assertThatThrownBy(() -> FrameSet.open(file))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("fewer than the 96 of 3 frames");
  }

  @Test
  void frameNumbersOutsideTheInstanceAreNoSuchFrame() throws Exception {
    FrameSet set = FrameSet.open(TestInstances.corpus("rtdose.dcm"));
    assertThat(set.count()).isEqualTo(15);
    assertThatThrownBy(() -> set.frame(16))
        .isInstanceOfSatisfying(
            NoSuchFrameException.class,
            e -> {
              assertThat(e.malformedNumber()).isFalse();
              assertThat(e.frameCount()).isEqualTo(15);
            })
        .hasMessageContaining("frame 16 does not exist: the instance has 15");
    assertThatThrownBy(() -> set.frame(0))
        .isInstanceOfSatisfying(
            NoSuchFrameException.class, e -> assertThat(e.malformedNumber()).isTrue());
    assertThatThrownBy(() -> set.openFrame(-3)).isInstanceOf(NoSuchFrameException.class);

    FrameSet plan = FrameSet.open(TestInstances.corpus("rtplan.dcm"));
    assertThat(plan.count()).isZero();
    assertThat(plan.pixel()).isNull();
    assertThatThrownBy(() -> plan.frame(1))
        .isInstanceOf(NoSuchFrameException.class)
        .hasMessageContaining("no pixel data");
  }

  @Test
  void bitPackedFramesNotOnByteBoundariesAreRefusedClearly() throws Exception {
    DataSet ds =
        TestInstances.image(3, 3, 2, 1, "MONOCHROME2", 1, false)
            .setBytes(Tags.PixelData, VR.OB, new byte[4])
            .build();
    Path file = TestInstances.write(tmp.resolve("bits.dcm"), ds, TestInstances.EXPLICIT_LE);
    assertThatThrownBy(() -> FrameSet.open(file))
        .isInstanceOf(UnsupportedPixelDataException.class)
        .hasMessageContaining("bit-packed frames that do not start on a byte boundary");
  }

  @Test
  void anIconImageInASequenceIsNotTakenForTheImage() throws Exception {
    DataSet icon =
        TestInstances.image(2, 2, 0, 1, "MONOCHROME2", 8, false)
            .setBytes(Tags.PixelData, VR.OB, new byte[] {9, 9, 9, 9})
            .build();
    byte[] pixels = new byte[6 * 5 * 2];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) i;
    }
    DataSet ds =
        TestInstances.image(6, 5, 2, 1, "MONOCHROME2", 8, false)
            .setSequence(Tags.IconImageSequence, List.of(icon))
            .setBytes(Tags.PixelData, VR.OB, pixels)
            .build();
    FrameSet set =
        FrameSet.open(TestInstances.write(tmp.resolve("icon.dcm"), ds, TestInstances.EXPLICIT_LE));
    assertThat(set.frame(2)).isEqualTo(Arrays.copyOfRange(pixels, 30, 60));
    assertThat(set.attributes().contains(Tags.PixelData)).isFalse();
    assertThat(set.attributes().getSequence(Tags.IconImageSequence)).hasSize(1);
  }

  /**
   * A 48-frame instance of 24 MiB: opening it and reading frame 40 reads the header and that frame,
   * not the other 47 frames (they are skipped, which for a file is a seek).
   */
  @Test
  void readingOneFrameOfALargeInstanceReadsOnlyThatFrame() throws Exception {
    int rows = 512;
    int columns = 512;
    int frames = 48;
    int frameBytes = rows * columns * 2;
    Path file = writeFramesFilledWithTheirNumber(tmp.resolve("large.dcm"), rows, columns, frames);

    AtomicLong read = new AtomicLong();
    InstanceSource counted = () -> new CountingStream(Files.newInputStream(file), read);
    FrameSet set = FrameSet.open(counted);
    long afterOpen = read.get();
    byte[] frame = set.frame(40);
    long forFrame = read.get() - afterOpen;

    assertThat(frame).hasSize(frameBytes).containsOnly((byte) 40);
    assertThat(afterOpen).isLessThan(128 * 1024);
    assertThat(forFrame).isEqualTo(frameBytes);
    assertThat(Files.size(file)).isGreaterThan(24L * 1024 * 1024);
  }

  private static Path writeFramesFilledWithTheirNumber(Path file, int rows, int columns, int frames)
      throws IOException {
    int frameBytes = rows * columns * 2;
    byte[] pixels = new byte[frameBytes * frames];
    for (int f = 0; f < frames; f++) {
      Arrays.fill(pixels, f * frameBytes, (f + 1) * frameBytes, (byte) (f + 1));
    }
    DataSet ds =
        TestInstances.image(rows, columns, frames, 1, "MONOCHROME2", 16, false)
            .setBytes(Tags.PixelData, VR.OW, pixels)
            .build();
    return TestInstances.write(file, ds, TestInstances.EXPLICIT_LE);
  }

  /** Counts bytes read, not bytes skipped. */
  private static final class CountingStream extends FilterInputStream {
    private final AtomicLong count;

    CountingStream(InputStream in, AtomicLong count) {
      super(in);
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count.addAndGet(n);
      }
      return n;
    }
  }

  @Test
  void bigEndianFramesComeBackLittleEndian() throws Exception {
    FrameSet big = FrameSet.open(TestInstances.corpus("MR_small_bigendian.dcm"));
    FrameSet little = FrameSet.open(TestInstances.corpus("MR_small.dcm"));
    assertThat(big.frame(1)).isEqualTo(little.frame(1));
    try (InputStream in = big.openFrame(1)) {
      assertThat(in.readAllBytes()).isEqualTo(little.frame(1));
    }
  }

  @Test
  void encapsulatedValueHoldsOnlyReferencesUntilAFrameIsRead() throws Exception {
    FrameSet set = FrameSet.open(TestInstances.corpus("SC_rgb_rle_2frame.dcm"));
    assertThat(set.attributes().get(Tags.PixelData)).isNull();
    assertThat(set.transferSyntax().uid()).isEqualTo("1.2.840.10008.1.2.5");
    assertThat(set.pixel().numberOfFrames()).isEqualTo(2);
    assertThat(set.frameLength(2)).isEqualTo(664);
  }
}
