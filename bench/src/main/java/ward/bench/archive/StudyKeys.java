package ward.bench.archive;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.ReadOptions;
import ward.dicom.Tags;

/**
 * Lists the studies of a tree written by {@code ward synth} (DIR/pPPPPP/stSS/seEE/iIIIII.dcm), one
 * line each, so the benchmark can choose query values that exist: patient number, Patient ID,
 * Patient's Name, Study Date and Study Instance UID, separated by tabs. Only the header of each
 * study's first instance is read.
 *
 * <p>Usage: {@code java -cp ward-bench.jar ward.bench.archive.StudyKeys SYNTH_DIR OUT.tsv}
 */
public final class StudyKeys {
  private StudyKeys() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: StudyKeys SYNTH_DIR OUT.tsv");
      System.exit(2);
    }
    Path root = Path.of(args[0]);
    int studies = 0;
    try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
      for (Path patient : sorted(root, "p")) {
        int number = Integer.parseInt(patient.getFileName().toString().substring(1));
        for (Path study : sorted(patient, "st")) {
          Path first = sorted(sorted(study, "se").get(0), "i").get(0);
          DataSet ds =
              DicomReader.readFile(first, ReadOptions.DEFAULT.withStopBeforePixelData(true))
                  .dataSet();
          out.write(
              String.join(
                  "\t",
                  Integer.toString(number),
                  ds.getString(Tags.PatientID, ""),
                  ds.getString(Tags.PatientName, ""),
                  ds.getString(Tags.StudyDate, ""),
                  ds.getString(Tags.StudyInstanceUID, "")));
          out.newLine();
          studies++;
        }
      }
    }
    System.out.println("studies " + studies);
  }

  private static List<Path> sorted(Path dir, String prefix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> l = s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
      if (l.isEmpty()) {
        throw new IOException("nothing named " + prefix + "* in " + dir);
      }
      return l;
    }
  }
}
