package ward.bench.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WadoSessionTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void countsEachBodyPartButNotTheCloseDelimiter() {
    String body =
        "--b1\r\nContent-Type: application/dicom\r\n\r\nAAAA\r\n"
            + "--b1\r\nContent-Type: application/dicom\r\n\r\nBBBB\r\n"
            + "--b1\r\nContent-Type: application/dicom\r\n\r\nCCCC\r\n"
            + "--b1--\r\n";
    assertThat(WadoSession.countParts(bytes(body), "b1")).isEqualTo(3);
  }

  @Test
  void theBoundaryInsideAPartIsNotADelimiter() {
    // RFC 2046 5.1.1: a delimiter starts a line; the same bytes inside pixel data do not count
    String body = "--b1\r\n\r\nxx--b1yy\r\n--b1\r\n\r\nzz\r\n--b1--";
    assertThat(WadoSession.countParts(bytes(body), "b1")).isEqualTo(2);
  }

  @Test
  void anAnswerWithoutDelimitersHasNoParts() {
    assertThat(WadoSession.countParts(bytes("no parts here"), "b1")).isZero();
    assertThat(WadoSession.countParts(new byte[0], "b1")).isZero();
  }
}
