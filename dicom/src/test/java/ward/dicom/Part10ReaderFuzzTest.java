package ward.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Coverage-guided fuzzing of the Part 10 reader: whatever the bytes, {@link DicomReader#read}
 * either returns a file or throws a {@link DicomFormatException} with an offset and a reason. Any
 * other exception, a hang or running out of memory is a finding.
 *
 * <p>{@code mvn test} runs the seeds in {@code Part10ReaderFuzzTestInputs/fuzzReader} (and any
 * crash Jazzer saved there) as regression tests; {@code docs/fuzzing.md} says how to run a
 * campaign. The plain tests below hold what campaigns found, as inputs a reader can follow.
 */
class Part10ReaderFuzzTest {

  /** Small limits, so that the fuzzer finds a limit that does not hold rather than a slow input. */
  private static final ReadLimits LIMITS = new ReadLimits(1 << 20, 4 << 20, 8, 20_000, 4 << 20, 50);

  private static final ReadOptions OPTIONS = ReadOptions.DEFAULT.withLimits(LIMITS);

  @FuzzTest(maxDuration = "5m")
  void fuzzReader(byte[] input) throws IOException {
    try {
      DicomReader.read(new ByteArrayInputStream(input), OPTIONS);
    } catch (DicomFormatException e) {
      if (e.reason() == null || e.reason().isBlank()) {
        throw new AssertionError("DicomFormatException without a reason", e);
      }
      // offsets in a deflated data set count inflated bytes
      if (e.offset() < 0 || e.offset() > Math.max(input.length, LIMITS.maxInflatedBytes()) + 16) {
        throw new AssertionError("DicomFormatException at impossible offset " + e.offset(), e);
      }
    }
  }

  /**
   * Found by the first campaign (fixed): a Transfer Syntax UID encoded with a VR that is not text
   * made {@code transferSyntaxOf} throw IllegalArgumentException ("(0002,0010) SQ is not text").
   */
  @ParameterizedTest
  @ValueSource(strings = {"SQ", "OB", "UN"})
  void transferSyntaxUidOfAnotherVrIsReadOrRefused(String vr) {
    ByteBuffer meta = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    meta.putShort((short) 0x0002).putShort((short) 0x0010).put(ascii(vr)).putShort((short) 0);
    if (vr.equals("SQ")) {
      meta.putInt(-1).putInt(0xE0DDFFFE).putInt(0); // empty sequence of undefined length
    } else {
      meta.putInt(20).put(ascii("1.2.840.10008.1.2.1\0"));
    }
    byte[] input = part10(meta.array(), meta.position());

    try {
      DicomReader.read(new ByteArrayInputStream(input), OPTIONS);
    } catch (IOException | RuntimeException e) {
      assertThat(e).isInstanceOf(DicomFormatException.class);
    }
  }

  /**
   * Found by probing the paths the campaign cannot reach (fails until fixed). Reading a deflated
   * file with {@link DicomReader#fileRegions}, the inflated bulk values go to {@code
   * BulkDataHandler.IN_MEMORY} before the reader checks their length against the limits: a length
   * of 2^31 or more overflows {@code (int) location.length()} (IllegalArgumentException "len < 0").
   */
  @Test
  void deflatedValueLongerThanAnIntIsRefusedWhenReadFromAFile(@TempDir Path tmp)
      throws IOException {
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putShort((short) 0x0009).putShort((short) 0x1001).put(ascii("OB")).putShort((short) 0);
    header.putInt(0x80000000);
    Path file = tmp.resolve("deflated.dcm");
    Files.write(file, deflatedPart10(header.array(), new byte[16]));

    assertThatThrownBy(() -> readWithFileRegions(file)).isInstanceOf(DicomFormatException.class);
  }

  /**
   * As above (fails until fixed): a deflated value of 8 MiB, read from a file with limits of 1 MiB
   * a value and 4 MiB in all (64 MiB inflated), is read into memory whole before it is refused.
   */
  @Test
  void deflatedValueAboveTheLimitIsRefusedBeforeItIsRead(@TempDir Path tmp) throws IOException {
    int length = 8 << 20;
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putShort((short) 0x0009).putShort((short) 0x1001).put(ascii("OB")).putShort((short) 0);
    header.putInt(length);
    byte[] value = new byte[length];
    Random random = new Random(7);
    for (int i = 0; i < length; i += 32) {
      value[i] = (byte) random.nextInt(); // compresses about 20 times: no bomb
    }
    Path file = tmp.resolve("deflated.dcm");
    Files.write(file, deflatedPart10(header.array(), value));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    ReadOptions options =
        ReadOptions.DEFAULT
            .withLimits(new ReadLimits(1 << 20, 4 << 20, 8, 20_000, 64 << 20, 200))
            .withBulkData(64, DicomReader.fileRegions(file));

    long before = threads.getCurrentThreadAllocatedBytes();
    assertThatThrownBy(() -> DicomReader.readFile(file, options))
        .isInstanceOf(DicomFormatException.class);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(allocated).as("bytes allocated").isLessThan(LIMITS.maxValueBytes());
  }

  private static DicomFile readWithFileRegions(Path file) throws IOException {
    return DicomReader.readFile(file, OPTIONS.withBulkData(64, DicomReader.fileRegions(file)));
  }

  private static byte[] deflatedPart10(byte[] header, byte[] value) throws IOException {
    byte[] uid = ascii("1.2.840.10008.1.2.1.99");
    ByteBuffer meta = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    meta.putShort((short) 0x0002).putShort((short) 0x0010).put(ascii("UI"));
    meta.putShort((short) uid.length).put(uid);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(part10(meta.array(), meta.position()));
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try (DeflaterOutputStream d = new DeflaterOutputStream(out, deflater)) {
      d.write(header);
      d.write(value);
    }
    deflater.end();
    return out.toByteArray();
  }

  /** Preamble, prefix and the first {@code length} bytes of {@code meta}. */
  private static byte[] part10(byte[] meta, int length) {
    byte[] out = new byte[132 + length];
    System.arraycopy(ascii("DICM"), 0, out, 128, 4);
    System.arraycopy(meta, 0, out, 132, length);
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
