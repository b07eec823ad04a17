package ward.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ward.synth.Modality;
import ward.synth.StudySpec;
import ward.synth.SyntheticStudies;
import ward.synth.WriteSummary;

/** {@code ward synth}: writes synthetic CT or MR studies of invented patients, for tests. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Write synthetic CT or MR studies of invented patients: Part 10 files in explicit VR little"
          + " endian, named OUT/pPPPPP/stSS/seEE/iIIIII.dcm by patient, study, series and instance"
          + " number. The same options and seed write the same bytes.",
      "Exit status: 0 when every file was written, 1 when writing failed, 2 on invalid input (one"
          + " line on stderr says why)."
    })
final class SynthCommand implements Callable<Integer> {

  private static final int INVALID = 2;
  private static final int FAILED = 1;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "the folder to write into: new or empty (created if needed)")
  Path out;

  @Option(
      names = "--patients",
      paramLabel = "N",
      defaultValue = "2",
      description = "invented patients, 1 to 99999 (default: ${DEFAULT-VALUE})")
  int patients;

  @Option(
      names = "--studies-per-patient",
      paramLabel = "N",
      defaultValue = "1",
      description = "studies of each patient, 1 to 99 (default: ${DEFAULT-VALUE})")
  int studiesPerPatient;

  @Option(
      names = "--series-per-study",
      paramLabel = "N",
      defaultValue = "2",
      description = "series in each study, 1 to 99 (default: ${DEFAULT-VALUE})")
  int seriesPerStudy;

  @Option(
      names = "--instances-per-series",
      paramLabel = "N",
      defaultValue = "10",
      description = "images (axial slices) in each series, 1 to 99999 (default: ${DEFAULT-VALUE})")
  int instancesPerSeries;

  @Option(
      names = "--modality",
      paramLabel = "CT|MR",
      defaultValue = "CT",
      description = "CT Image Storage or MR Image Storage (default: ${DEFAULT-VALUE})")
  Modality modality;

  @Option(
      names = "--rows",
      paramLabel = "N",
      description = "image height in pixels, 1 to 4096 (default: 512)")
  Integer rows;

  @Option(
      names = "--columns",
      paramLabel = "N",
      description = "image width in pixels, 1 to 4096 (default: 512)")
  Integer columns;

  @Option(
      names = "--small",
      description =
          "small 64x64 images, for tests of instance rates (instead of --rows and --columns)")
  boolean small;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "names, dates, UIDs and pixel noise all follow from it (default: ${DEFAULT-VALUE})")
  long seed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StudySpec studies;
    try {
      if (small && (rows != null || columns != null)) {
        throw new IllegalArgumentException("give --small or --rows and --columns, not both");
      }
      int r = small ? StudySpec.SMALL_MATRIX : rows == null ? 512 : rows;
      int c = small ? StudySpec.SMALL_MATRIX : columns == null ? 512 : columns;
      studies =
          new StudySpec(
              patients,
              studiesPerPatient,
              seriesPerStudy,
              instancesPerSeries,
              modality,
              r,
              c,
              seed);
      checkOutputFolder();
    } catch (IllegalArgumentException e) {
      err.println("ward synth: " + e.getMessage());
      err.flush();
      return INVALID;
    }
    try {
      WriteSummary w = new SyntheticStudies(studies).writeTo(out);
      stdout.println(
          String.format(
              Locale.ROOT,
              "wrote %d patients, %d studies, %d series, %d instances, %d bytes in %.2f s into %s",
              w.patients(),
              w.studies(),
              w.series(),
              w.instances(),
              w.bytes(),
              w.elapsed().toNanos() / 1e9,
              out));
      stdout.flush();
      return 0;
    } catch (IOException e) {
      err.println("ward synth: cannot write into " + out + ": " + e);
      err.flush();
      return FAILED;
    }
  }

  /** The output folder must be new or empty, so that runs never mix or overwrite files. */
  private void checkOutputFolder() {
    if (!Files.exists(out)) {
      return;
    }
    if (!Files.isDirectory(out)) {
      throw new IllegalArgumentException(out + " is not a folder");
    }
    try (Stream<Path> entries = Files.list(out)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException(out + " is not empty: give a new or empty folder");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + out + ": " + e.getMessage(), e);
    }
  }
}
