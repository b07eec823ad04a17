package ward.archive.web.multipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The reader's syntax rules and limits, each refusal with its reason. */
class MultipartReaderTest {
  private static final String TYPE = "multipart/related; type=\"application/dicom\"; boundary=XyZ";

  private static MultipartReader reader(String body, String contentType, MultipartLimits limits)
      throws MultipartException {
    return MultipartReader.open(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), contentType, limits);
  }

  private static MultipartReader reader(String body) throws MultipartException {
    return reader(body, TYPE, MultipartLimits.DEFAULT);
  }

  /** Reads every part to its end. */
  private static int drain(MultipartReader r) throws IOException {
    int n = 0;
    for (Part p = r.next(); p != null; p = r.next()) {
      p.body().readAllBytes();
      n++;
    }
    return n;
  }

  private static void assertRefused(
      ThrowingCallable call, MultipartException.Reason reason, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MultipartException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }

  @Test
  void toleratesPreambleEpiloguePaddingAndBareLineFeedsInHeaders() throws Exception {
    MultipartReader r =
        reader(
            "preamble line\r\nmore preamble\r\n--XyZ  \t\r\n"
                + "Content-Type: application/dicom\n"
                + "X-Folded: first\r\n  second\r\n"
                + "\r\n"
                + "one\r\n--XyZ\r\n\r\ntwo\r\n--XyZ--  \r\nepilogue --XyZ junk");
    Part one = r.next();
    assertThat(one.contentType()).isEqualTo("application/dicom");
    assertThat(one.header("x-folded")).isEqualTo("first second");
    assertThat(one.body().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("one");
    Part two = r.next();
    assertThat(two.headers()).isEmpty();
    assertThat(two.body().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("two");
    assertThat(r.next()).isNull();
  }

  @Test
  void aBodyCutBeforeItsClosingBoundaryIsRefused() throws Exception {
    for (String cut :
        new String[] {
          "--XyZ\r\n\r\npart without an end",
          "--XyZ\r\n\r\npart\r\n--XyZ",
          "--XyZ\r\n\r\npart\r\n--XyZ\r\n",
          "--XyZ\r\nContent-Type: appl",
          "no boundary at all",
          ""
        }) {
      assertRefused(
          () -> drain(reader(cut)), MultipartException.Reason.MISSING_CLOSE_DELIMITER, "");
    }
    assertRefused(
        () -> drain(reader("--XyZ\r\n\r\npart without an end")),
        MultipartException.Reason.MISSING_CLOSE_DELIMITER,
        "the body ends inside part 1, before its closing boundary");
  }

  @Test
  void tooManyPartsAreRefusedWhenTheFirstExtraOneStarts() throws Exception {
    String three = "--XyZ\r\n\r\na\r\n--XyZ\r\n\r\nb\r\n--XyZ\r\n\r\nc\r\n--XyZ--";
    assertThat(drain(reader(three, TYPE, new MultipartLimits(1024, 3, 100)))).isEqualTo(3);
    MultipartReader r = reader(three, TYPE, new MultipartLimits(1024, 2, 100));
    r.next();
    r.next();
    assertRefused(r::next, MultipartException.Reason.TOO_MANY_PARTS, "more than 2 parts");
    assertThat(MultipartException.Reason.TOO_MANY_PARTS.httpStatus()).isEqualTo(413);
  }

  @Test
  void anOversizedPartIsRefusedWhileItIsRead() throws Exception {
    String hundred = "x".repeat(100);
    String body = "--XyZ\r\n\r\n" + hundred + "\r\n--XyZ--";
    assertThat(drain(reader(body, TYPE, new MultipartLimits(1024, 10, 100)))).isOne();
    MultipartReader r = reader(body, TYPE, new MultipartLimits(1024, 10, 99));
    Part p = r.next();
    assertRefused(
        () -> p.body().readAllBytes(),
        MultipartException.Reason.PART_TOO_LARGE,
        "longer than 99 bytes");
    // Skipping a part counts too.
    MultipartReader skipping = reader(body + "", TYPE, new MultipartLimits(1024, 10, 99));
    skipping.next();
    assertRefused(skipping::next, MultipartException.Reason.PART_TOO_LARGE, "part 1");
  }

  @Test
  void oversizedHeadersAndPreamblesAreRefused() throws Exception {
    String header = "X-Long: " + "h".repeat(200) + "\r\n";
    MultipartLimits small = new MultipartLimits(128, 10, 1000);
    assertRefused(
        () -> drain(reader("--XyZ\r\n" + header + "\r\nbody\r\n--XyZ--", TYPE, small)),
        MultipartException.Reason.HEADERS_TOO_LARGE,
        "the headers of part 1 are longer than 128");
    assertRefused(
        () -> drain(reader("p".repeat(500) + "\r\n--XyZ\r\n\r\nbody\r\n--XyZ--", TYPE, small)),
        MultipartException.Reason.HEADERS_TOO_LARGE,
        "preamble");
  }

  @Test
  void malformedPartsAreRefused() throws Exception {
    assertRefused(
        () -> drain(reader("--XyZ\r\n\r\na\r\n--XyZextra\r\n\r\nb\r\n--XyZ--")),
        MultipartException.Reason.MALFORMED,
        "instead of a line end or '--'");
    assertRefused(
        () -> drain(reader("--XyZ\r\nno colon here\r\n\r\na\r\n--XyZ--")),
        MultipartException.Reason.MALFORMED,
        "not 'name: value'");
    assertRefused(
        () -> drain(reader("--XyZ\r\nContent-Type: a/b\r\ncontent-type: c/d\r\n\r\na\r\n--XyZ--")),
        MultipartException.Reason.MALFORMED,
        "twice");
  }

  @Test
  void theBoundaryIsTakenFromItsOwnParameterEvenWhenQuotedValuesMimicIt() throws Exception {
    String contentType =
        "Multipart/Related; type=\"application/dicom; boundary=fake\"; boundary=\"real:one=two?\"";
    MultipartReader r =
        reader(
            "--fake\r\n--real:one=two?\r\nContent-Type: application/dicom\r\n\r\n"
                + "--fake\r\n--real:one=two?--",
            contentType,
            MultipartLimits.DEFAULT);
    assertThat(r.type()).isEqualTo("application/dicom; boundary=fake");
    assertThat(r.contentType().parameter("BOUNDARY")).isEqualTo("real:one=two?");
    assertThat(r.next().body().readAllBytes())
        .asString(StandardCharsets.US_ASCII)
        .isEqualTo("--fake");
    assertThat(r.next()).isNull();
  }

  @Test
  void contentTypesWithoutAUsableBoundaryAreRefused() {
    assertRefused(
        () -> reader("", "application/dicom", MultipartLimits.DEFAULT),
        MultipartException.Reason.NOT_MULTIPART_RELATED,
        "not multipart/related");
    assertThat(MultipartException.Reason.NOT_MULTIPART_RELATED.httpStatus()).isEqualTo(415);
    for (String bad :
        new String[] {
          "multipart/related; type=\"application/dicom\"",
          "multipart/related; boundary=\"unclosed",
          "multipart/related; boundary=" + "b".repeat(71),
          "multipart/related; boundary=\"ends with space \"",
          "multipart/related; boundary=\"bad\\\"quote\"",
          "multipart/related; boundary=a; boundary=b",
          "multipart/related boundary=a",
          "multipart/related; boundary=",
          "/related; boundary=a"
        }) {
      assertRefused(
          () -> reader("", bad, MultipartLimits.DEFAULT),
          MultipartException.Reason.BAD_CONTENT_TYPE,
          "");
    }
  }

  /** The body stream reads from the request as it is read, not the whole part first. */
  @Test
  void partsAreStreamedNotBuffered() throws Exception {
    long size = 32L << 20;
    byte[] head = "--XyZ\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "\r\n--XyZ--\r\n".getBytes(StandardCharsets.US_ASCII);
    AtomicLong consumed = new AtomicLong();
    InputStream body =
        new InputStream() {
          private final long end = head.length + size + tail.length;
          private long pos;

          @Override
          public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (pos >= end) {
              return -1;
            }
            int n = (int) Math.min(len, end - pos);
            for (int i = 0; i < n; i++) {
              long p = pos + i;
              b[off + i] =
                  p < head.length
                      ? head[(int) p]
                      : p < head.length + size
                          ? (byte) ('a' + p % 26)
                          : tail[(int) (p - head.length - size)];
            }
            pos += n;
            consumed.addAndGet(n);
            return n;
          }
        };
    MultipartReader r = MultipartReader.open(body, TYPE, MultipartLimits.DEFAULT);
    Part p = r.next();
    assertThat(p.body().read()).isEqualTo('a' + head.length % 26);
    assertThat(consumed.get()).isLessThanOrEqualTo(64 * 1024);
    long total = 1 + p.body().transferTo(OutputStream.nullOutputStream());
    assertThat(total).isEqualTo(size);
    assertThat(r.next()).isNull();
  }
}
