package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.Tag;
import ward.dicom.VR;

class DumpCommandTest {

  @TempDir Path tmp;

  record Run(int status, String out, String err) {}

  static Run ward(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(status, out.toString(), err.toString());
  }

  private Path sampleFile() throws IOException {
    DataSet ds =
        DataSet.builder()
            .setString(Tag.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 192")
            .setString(0x00080016, VR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .setString(0x00080018, VR.UI, "2.25.1234")
            .setString(0x00100010, VR.PN, "Synthétique^Zoë")
            .setInts(0x00280010, VR.US, 2)
            .setBytes(Tag.PIXEL_DATA, VR.OB, new byte[1000])
            .build();
    Path file = tmp.resolve("sample.dcm");
    try (OutputStream out = Files.newOutputStream(file)) {
      DicomWriter.writeFile(
          out,
          DicomWriter.fileMetaFor("1.2.840.10008.5.1.4.1.1.7", "2.25.1234", "1.2.840.10008.1.2.1"),
          ds);
    }
    return file;
  }

  @Test
  void printsEveryElementWithItsKeyword() throws IOException {
    Run r = ward("dump", sampleFile().toString());
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("(0010,0010) PN [Synthétique^Zoë]")
        .contains("# PatientName")
        .contains("(0028,0010) US 2")
        .contains("Explicit VR Little Endian")
        .containsPattern("\\(7FE0,0010\\) OB <1000 bytes at offset \\d+>");
  }

  @Test
  void printsTheJsonModelOfTheDataSet() throws IOException {
    Run r = ward("dump", "--json", sampleFile().toString());
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("\"00100010\"")
        .contains("\"Alphabetic\"")
        .contains("Synthétique^Zoë")
        .doesNotContain("\"00020010\"");
  }

  @Test
  void exitsWithTwoAndOneLineReasonOnInvalidInput() throws IOException {
    Path bad = tmp.resolve("bad.dcm");
    Files.write(
        bad, "this is not DICOM at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Run r = ward("dump", bad.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("bad.dcm").contains("DICM");
  }

  @Test
  void listsItsCommandsInHelp() {
    Run r = ward("--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("dump");
  }
}
