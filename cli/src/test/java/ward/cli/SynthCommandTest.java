package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.Tags;
import ward.dicom.UID;

class SynthCommandTest {

  @TempDir Path tmp;

  record Run(int status, String out, String err) {}

  static Run ward(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(status, out.toString(), err.toString());
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void writesTheStudiesAskedForAndSaysSoOnOneLine() throws IOException {
    Path out = tmp.resolve("out");
    Run r =
        ward(
            "synth",
            "--out",
            out.toString(),
            "--patients",
            "3",
            "--series-per-study",
            "1",
            "--instances-per-series",
            "4",
            "--modality",
            "MR",
            "--small");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .matches(
            "wrote 3 patients, 3 studies, 3 series, 12 instances, \\d+ bytes in \\d+\\.\\d\\d s"
                + " into .*\\R");
    List<Path> files = files(out);
    assertThat(files).hasSize(12);
    assertThat(out.relativize(files.get(0)).toString().replace('\\', '/'))
        .isEqualTo("p00001/st01/se01/i00001.dcm");
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    assertThat(r.out()).contains(" " + bytes + " bytes");
    DataSet d = DicomReader.readFile(files.get(0)).dataSet();
    assertThat(d.getString(Tags.SOPClassUID)).isEqualTo(UID.MRImageStorage);
    assertThat(d.getInt(Tags.Rows, 0)).isEqualTo(64);
  }

  @Test
  void defaultsToTwoPatientsOfTwoSeriesOfTenCtSlices() throws IOException {
    Run r = ward("synth", "--out", tmp.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("wrote 2 patients, 2 studies, 4 series, 40 instances, ");
    DataSet d = DicomReader.readFile(files(tmp).get(0)).dataSet();
    assertThat(d.getString(Tags.Modality)).isEqualTo("CT");
    assertThat(d.getInt(Tags.Columns, 0)).isEqualTo(512);
  }

  @Test
  void theSameSeedWritesTheSameFilesAndAnotherOtherOnes() throws IOException {
    Path[] files = new Path[3];
    String[] seeds = {"5", "5", "6"};
    for (int i = 0; i < 3; i++) {
      Path dir = tmp.resolve("run" + i);
      Run r =
          ward(
              "synth",
              "--out",
              dir.toString(),
              "--seed",
              seeds[i],
              "--patients",
              "1",
              "--rows",
              "16");
      assertThat(r.status()).as(r.err()).isZero();
      files[i] = files(dir).get(3);
    }
    assertThat(Files.readAllBytes(files[1])).isEqualTo(Files.readAllBytes(files[0]));
    assertThat(DicomReader.readFile(files[2]).dataSet().getString(Tags.SOPInstanceUID))
        .isNotEqualTo(DicomReader.readFile(files[0]).dataSet().getString(Tags.SOPInstanceUID));
  }

  @Test
  void refusesBadArgumentsWithAOneLineReason() throws IOException {
    Run zero = ward("synth", "--out", tmp.resolve("x").toString(), "--patients", "0");
    assertThat(zero.status()).isEqualTo(2);
    assertThat(zero.err()).isEqualTo("ward synth: patients must be between 1 and 99999, not 0\n");

    Run big = ward("synth", "--out", tmp.resolve("x").toString(), "--columns", "5000");
    assertThat(big.status()).isEqualTo(2);
    assertThat(big.err()).isEqualTo("ward synth: columns must be between 1 and 4096, not 5000\n");

    Run both = ward("synth", "--out", tmp.resolve("x").toString(), "--small", "--rows", "8");
    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err())
        .isEqualTo("ward synth: give --small or --rows and --columns, not both\n");

    Files.writeString(Files.createDirectory(tmp.resolve("y")).resolve("keep.txt"), "x");
    Run notEmpty = ward("synth", "--out", tmp.resolve("y").toString());
    assertThat(notEmpty.status()).isEqualTo(2);
    assertThat(notEmpty.err()).startsWith("ward synth: ").contains("is not empty").hasLineCount(1);

    Run modality = ward("synth", "--out", tmp.resolve("x").toString(), "--modality", "XA");
    assertThat(modality.status()).isEqualTo(2);
    assertThat(modality.err().lines().findFirst().orElse(""))
        .contains("--modality")
        .contains("CT, MR");

    Run noOut = ward("synth");
    assertThat(noOut.status()).isEqualTo(2);
    assertThat(noOut.err()).startsWith("Missing required option: '--out=DIR'");

    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void helpDescribesEveryOption() {
    Run r = ward("synth", "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("--out=DIR")
        .contains("--patients=N")
        .contains("--studies-per-patient=N")
        .contains("--series-per-study=N")
        .contains("--instances-per-series=N")
        .contains("--modality=CT|MR")
        .contains("--rows=N")
        .contains("--columns=N")
        .contains("--small")
        .contains("--seed=N")
        .contains("pPPPPP/stSS/seEE/iIIIII.dcm");
  }
}
