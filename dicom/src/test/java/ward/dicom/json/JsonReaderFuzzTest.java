package ward.dicom.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the DICOM JSON reader: whatever the text, {@link DicomJson#read} and
 * {@link DicomJson#readArray} either return data sets or throw a {@link DicomJsonException} with an
 * offset and a reason. Any other exception, a hang or running out of memory is a finding.
 *
 * <p>{@code mvn test} runs the seeds in {@code JsonReaderFuzzTestInputs/fuzzJson} as regression
 * tests; {@code docs/fuzzing.md} says how to run a campaign.
 */
class JsonReaderFuzzTest {

  /** Small limits, so that the fuzzer finds a limit that does not hold rather than a slow input. */
  private static final JsonReadOptions OPTIONS =
      new JsonReadOptions(
          new JsonLimits(1 << 20, 32, 1 << 16, 64, 50_000),
          BulkDataResolver.REFUSE,
          JsonReadOptions.DEFAULT.transferSyntax());

  @FuzzTest(maxDuration = "5m")
  void fuzzJson(byte[] input) {
    String json = new String(input, StandardCharsets.UTF_8);
    check(() -> DicomJson.read(json, OPTIONS), json);
    check(() -> DicomJson.readArray(json, OPTIONS), json);
  }

  private interface Read {
    Object run() throws DicomJsonException;
  }

  private static void check(Read read, String json) {
    try {
      read.run();
    } catch (DicomJsonException e) {
      if (e.reason() == null || e.reason().isBlank()) {
        throw new AssertionError("DicomJsonException without a reason", e);
      }
      if (e.offset() < 0 || e.offset() > json.length() + 1) {
        throw new AssertionError("DicomJsonException at impossible offset " + e.offset(), e);
      }
    }
  }
}
