package ward.bench.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StowSessionTest {
  @TempDir Path dir;

  @Test
  void theBodyHoldsEachFileAsAPartBetweenDelimiters() throws Exception {
    Path a = Files.write(dir.resolve("a.dcm"), "AAAA".getBytes(StandardCharsets.US_ASCII));
    Path b = Files.write(dir.resolve("b.dcm"), "BB".getBytes(StandardCharsets.US_ASCII));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : StowSession.body(List.of(a, b), "q9")) {
      out.write(part);
    }
    String body = out.toString(StandardCharsets.ISO_8859_1);
    assertThat(body)
        .isEqualTo(
            "--q9\r\nContent-Type: application/dicom\r\n\r\nAAAA\r\n"
                + "--q9\r\nContent-Type: application/dicom\r\n\r\nBB\r\n"
                + "--q9--\r\n");
    // the benchmark's own counter of parts agrees
    assertThat(WadoSession.countParts(out.toByteArray(), "q9")).isEqualTo(2);
  }

  @Test
  void anEmptyFailedSopSequenceIsNoFailure() {
    String ok = "{\"00081198\": {\"vr\": \"SQ\"}, \"00081199\": {\"vr\": \"SQ\", \"Value\": [{}]}}";
    String failed =
        "{\"00081198\": {\"vr\": \"SQ\", \"Value\": [{\"00081197\": {\"vr\": \"US\","
            + " \"Value\": [272]}}]}}";
    assertThat(StowSession.namesFailures(ok)).isFalse();
    assertThat(StowSession.namesFailures("{\"00081199\": {\"vr\": \"SQ\"}}")).isFalse();
    assertThat(StowSession.namesFailures(failed)).isTrue();
  }
}
