package ward.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.testing.Oracles;

/**
 * The generated files as other DICOM software reads them: pydicom must read every file, find every
 * text value valid for its VR, and see the same identifiers and pixel bytes as Ward's reader; dcmtk
 * must dump a CT and an MR file without a warning, and render their pixels.
 */
@Tag("oracle")
class SyntheticStudiesOracleTest {

  @TempDir Path tmp;

  @Test
  void pydicomReadsEveryFileAsWardDoes() throws IOException {
    List<String> args = new ArrayList<>();
    for (Modality m : Modality.values()) {
      Path dir = tmp.resolve(m.name());
      new SyntheticStudies(SyntheticStudiesTest.SMALL.withModality(m).withSeed(21)).writeTo(dir);
      SyntheticStudiesTest.files(dir).forEach(f -> args.add(f.toString()));
    }
    Map<Path, DataSet> ward = new java.util.HashMap<>();
    for (Modality m : Modality.values()) {
      SyntheticStudiesTest.read(tmp.resolve(m.name()))
          .forEach((rel, d) -> ward.put(tmp.resolve(m.name()).resolve(rel), d));
    }
    String out = Oracles.runPythonScript("synth_oracle.py", args);
    List<String> lines = out.lines().toList();
    assertThat(lines).hasSize(args.size());
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      assertThat(f[0]).as(line).isNotEqualTo("ERROR");
      DataSet d = ward.get(Path.of(f[0]));
      assertThat(f)
          .as(f[0])
          .containsExactly(
              f[0],
              d.getString(Tags.PatientID),
              d.getString(Tags.PatientName),
              d.getString(Tags.StudyInstanceUID),
              d.getString(Tags.SeriesInstanceUID),
              d.getString(Tags.SOPInstanceUID),
              d.getString(Tags.InstanceNumber),
              d.getString(Tags.Rows),
              d.getString(Tags.Columns),
              sha256(d.getBytes(Tags.PixelData)));
    }
  }

  @Test
  void dcmtkDumpsAndRendersACtAndAnMrFileWithoutWarnings() throws Exception {
    for (Modality m : Modality.values()) {
      StudySpec spec = StudySpec.DEFAULT.withModality(m).withPatients(1).withSeriesPerStudy(1);
      SyntheticStudies synth = new SyntheticStudies(spec);
      synth.writeTo(tmp.resolve(m.name()));
      SyntheticInstance middle = synth.instances(synth.series().get(0)).get(4);
      Path file = tmp.resolve(m.name()).resolve(middle.relativePath());

      Result dump = run(List.of("dcmdump", file.toString()));
      assertThat(dump.status()).as(dump.output()).isZero();
      assertThat(dump.output())
          .doesNotContainPattern("(?m)^[WEF]: ")
          .contains("(0008,0018) UI [" + middle.sopInstanceUid() + "]")
          .contains("(7fe0,0010) OW ");

      Result render =
          run(
              List.of(
                  "dcm2pnm", "--write-png", file.toString(), tmp.resolve(m + ".png").toString()));
      assertThat(render.status()).as(render.output()).isZero();
      assertThat(render.output()).doesNotContainPattern("(?m)^[WEF]: ");
    }
  }

  record Result(int status, String output) {}

  /** Runs a dcmtk tool, standard output and error together. */
  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run " + command.get(0) + " (the README's test command installs dcmtk)", e);
    }
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Result(p.exitValue(), output);
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
