package ward.archive.web.multipart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ward.dicom.testing.Oracles;

/** The writer's bodies read back by the reader, and bodies made by Python's email package. */
class MultipartRoundTripTest {

  /** Parts built to trip a boundary scanner, for a given boundary. */
  private static List<byte[]> trickyParts(String boundary, Random random) {
    byte[] b = boundary.getBytes(StandardCharsets.US_ASCII);
    List<byte[]> parts = new ArrayList<>();
    parts.add(new byte[0]);
    parts.add("\r\n".getBytes(StandardCharsets.US_ASCII));
    parts.add(
        ("\r\n--" + boundary.substring(0, boundary.length() - 1) + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    // The boundary without the CRLF that makes it a delimiter, mid-line and at the start.
    parts.add(
        ("--" + boundary + "--\r\nx--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
    parts.add("ends with CR LF - -\r\n-".getBytes(StandardCharsets.US_ASCII));
    // Random binary of sizes around the reader's 64 KiB buffer, sprinkled with CR LF "--" and
    // prefixes of the boundary.
    for (int size : new int[] {1, 77, 65_535 - 80, 65_536, 65_536 + 3, 200_001}) {
      byte[] part = new byte[size];
      random.nextBytes(part);
      for (int i = 0; i + 4 + b.length < size; i += 1 + random.nextInt(500)) {
        part[i] = '\r';
        part[i + 1] = '\n';
        part[i + 2] = '-';
        part[i + 3] = '-';
        int prefix = random.nextInt(b.length);
        System.arraycopy(b, 0, part, i + 4, prefix);
        // A byte that breaks the prefix, so random bytes cannot complete a real delimiter.
        part[i + 4 + prefix] = (byte) ~b[prefix];
      }
      parts.add(part);
    }
    return parts;
  }

  @Test
  void writerBodiesReadBackExactlyWithAnyReadSize() throws Exception {
    Random random = new Random(42);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    MultipartWriter writer = new MultipartWriter(body, "application/dicom");
    List<byte[]> parts = trickyParts(writer.boundary(), random);
    for (int i = 0; i < parts.size(); i++) {
      writer.part(
          "application/dicom",
          i % 2 == 0 ? null : "http://ward.test/part/" + i,
          new ByteArrayInputStream(parts.get(i)));
    }
    writer.finish();

    for (int readSize : new int[] {1, 7, 4096, 1 << 20}) {
      MultipartReader reader =
          MultipartReader.open(
              new ByteArrayInputStream(body.toByteArray()),
              writer.contentType(),
              MultipartLimits.DEFAULT);
      assertThat(reader.type()).isEqualTo("application/dicom");
      for (int i = 0; i < parts.size(); i++) {
        Part p = reader.next();
        assertThat(p).as("part " + (i + 1)).isNotNull();
        assertThat(p.number()).isEqualTo(i + 1);
        assertThat(p.contentType()).isEqualTo("application/dicom");
        assertThat(p.contentLocation()).isEqualTo(i % 2 == 0 ? null : "http://ward.test/part/" + i);
        assertThat(readAll(p.body(), readSize))
            .as("part " + (i + 1) + ", reads of " + readSize)
            .isEqualTo(parts.get(i));
      }
      assertThat(reader.next()).isNull();
      assertThat(reader.next()).isNull();
    }
  }

  @Test
  void unreadPartsAreSkipped() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    MultipartWriter writer = new MultipartWriter(body, "application/octet-stream");
    writer.part("application/octet-stream", null, new ByteArrayInputStream(new byte[100_000]));
    writer.part(
        "text/plain", null, new ByteArrayInputStream("second".getBytes(StandardCharsets.US_ASCII)));
    writer.finish();
    MultipartReader reader =
        MultipartReader.open(
            new ByteArrayInputStream(body.toByteArray()),
            writer.contentType(),
            MultipartLimits.DEFAULT);
    Part first = reader.next();
    assertThat(first.body().read()).isZero();
    Part second = reader.next();
    assertThat(first.body().read()).as("a passed part reads as ended").isEqualTo(-1);
    assertThat(new String(second.body().readAllBytes(), StandardCharsets.US_ASCII))
        .isEqualTo("second");
    assertThat(reader.next()).isNull();
  }

  @Test
  void writerNamesATypeAndARandomBoundaryInTheContentType() {
    MultipartWriter a = new MultipartWriter(new ByteArrayOutputStream(), "application/dicom");
    MultipartWriter b = new MultipartWriter(new ByteArrayOutputStream(), "application/dicom");
    assertThat(a.boundary()).isNotEqualTo(b.boundary()).hasSizeGreaterThanOrEqualTo(32);
    MediaType t = MediaType.parse(a.contentType());
    assertThat(t.is("multipart/related")).isTrue();
    assertThat(t.parameter("type")).isEqualTo("application/dicom");
    assertThat(t.parameter("boundary")).isEqualTo(a.boundary());
    assertThat(a.contentType())
        .startsWith("multipart/related; type=\"application/dicom\"; boundary=");
  }

  @Test
  void writerRefusesHeaderValuesThatCouldEndAHeader() {
    MultipartWriter w = new MultipartWriter(new ByteArrayOutputStream(), "application/dicom");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> w.part("application/dicom\r\nX-Evil: 1", null, InputStream.nullInputStream()))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> w.part("application/dicom", "a\nb", InputStream.nullInputStream()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final String PYTHON_BODY =
      """
      import sys, email.policy
      from email.mime.multipart import MIMEMultipart
      from email.mime.application import MIMEApplication
      from email.mime.text import MIMEText
      m = MIMEMultipart('related', type='application/dicom')
      m.preamble = 'This is a multi-part message in MIME format.'
      m.epilogue = 'An epilogue, ignored.'
      m.attach(MIMEText('first part\\nwith two lines', 'plain'))
      p = MIMEApplication(bytes(range(256)) * 3, 'dicom')
      p['Content-Location'] = 'http://ward.test/studies/1'
      m.attach(p)
      data = m.as_bytes(policy=email.policy.HTTP)
      head, body = data.split(b'\\r\\n\\r\\n', 1)
      for line in head.split(b'\\r\\n'):
          if line.lower().startswith(b'content-type:'):
              sys.stderr.buffer.write(line.split(b':', 1)[1].strip())
      sys.stdout.buffer.write(body)
      """;

  /**
   * A body made by Python's {@code email} package with the HTTP policy (CRLF lines): a preamble, an
   * epilogue, a quoted boundary, a base64 part.
   */
  @Test
  void readsABodyMadeByPythonsEmailPackage() throws Exception {
    Process p = new ProcessBuilder(Oracles.PYTHON, "-c", PYTHON_BODY).start();
    byte[] body = p.getInputStream().readAllBytes();
    String contentType = new String(p.getErrorStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(p.waitFor()).isZero();
    assertThat(contentType).contains("boundary=\"");

    MultipartReader reader =
        MultipartReader.open(new ByteArrayInputStream(body), contentType, MultipartLimits.DEFAULT);
    assertThat(reader.type()).isEqualTo("application/dicom");
    Part text = reader.next();
    assertThat(text.contentType()).startsWith("text/plain");
    assertThat(new String(text.body().readAllBytes(), StandardCharsets.US_ASCII))
        .isEqualTo("first part\r\nwith two lines");
    Part dicom = reader.next();
    assertThat(dicom.contentType()).isEqualTo("application/dicom");
    assertThat(dicom.header("Content-Transfer-Encoding")).isEqualTo("base64");
    assertThat(dicom.contentLocation()).isEqualTo("http://ward.test/studies/1");
    byte[] decoded = java.util.Base64.getMimeDecoder().decode(dicom.body().readAllBytes());
    assertThat(decoded).hasSize(768);
    assertThat(decoded[255]).isEqualTo((byte) 255);
    assertThat(reader.next()).isNull();
  }

  static byte[] readAll(InputStream in, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[chunk];
    int n;
    while ((n = chunk == 1 ? single(in, buf) : in.read(buf, 0, chunk)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static int single(InputStream in, byte[] buf) throws IOException {
    int b = in.read();
    if (b < 0) {
      return -1;
    }
    buf[0] = (byte) b;
    return 1;
  }
}
