package ward.net.pdu;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Coverage-guided fuzzing of the PDU decoder: whatever the bytes, {@link PduCodec#read} returns
 * PDUs, ends cleanly, or throws {@link PduFormatException} or {@link EOFException}. Anything else,
 * a hang or running out of memory is a finding. The limits are small so that a length check that
 * does not hold shows up as an allocation, not as a slow input.
 *
 * <p>{@code mvn test} runs the seeds in {@code PduDecoderFuzzTestInputs/<method>/} (real dcmtk
 * requests, generated PDUs of every type, and any finding saved there) as regression tests; {@code
 * docs/fuzzing-net.md} says how to run a campaign.
 */
class PduDecoderFuzzTest {

  static final int MAX_PDATA = 16_384;
  static final int MAX_ASSOCIATE = 1 << 16;

  /** Reads PDUs back to back until the input ends: only format and end-of-stream errors escape. */
  @FuzzTest(maxDuration = "3m")
  void fuzzDecoder(byte[] input) throws IOException {
    InputStream in = new ByteArrayInputStream(input);
    try {
      while (PduCodec.read(in, MAX_PDATA, MAX_ASSOCIATE) != null) {
        // next PDU
      }
    } catch (PduFormatException e) {
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError("PduFormatException without a message", e);
      }
    } catch (EOFException expected) {
      // the input ended inside a PDU
    }
  }

  /**
   * What the decoder accepts, the encoder writes back unchanged: decode, encode, decode again gives
   * the same PDU. A failure means the decoder accepts values the encoder cannot represent.
   */
  @FuzzTest(maxDuration = "3m")
  void fuzzReencode(byte[] input) throws IOException {
    Pdu first;
    try {
      first = PduCodec.read(new ByteArrayInputStream(input), MAX_PDATA, MAX_ASSOCIATE);
    } catch (PduFormatException | EOFException expected) {
      return;
    }
    if (first == null) {
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PduCodec.write(out, first);
    Pdu second =
        PduCodec.read(new ByteArrayInputStream(out.toByteArray()), MAX_PDATA, MAX_ASSOCIATE);
    if (!first.equals(second)) {
      throw new AssertionError(
          "re-encoding changed the PDU:\n" + brief(first) + "\n" + brief(second));
    }
  }

  /** PDUs can print as many kilobytes; a finding needs the start and the end. */
  private static String brief(Pdu p) {
    String s = String.valueOf(p);
    return s.length() <= 2000 ? s : s.substring(0, 1000) + " … " + s.substring(s.length() - 1000);
  }
}
