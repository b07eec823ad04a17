package ward.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ward.dicom.DicomFile;

/**
 * Parses files once, for what a short-lived process costs (JVM start included), and sorts out the
 * corpus files Ward reads.
 *
 * <ul>
 *   <li>{@code ParseOnce check LIST}: prints the files of LIST (one path a line) that Ward reads in
 *       every mode; the others go to stderr with Ward's reason.
 *   <li>{@code ParseOnce MODE LIST}: parses every file of LIST once in MODE (header, bulk, memory)
 *       and prints the number of elements read.
 * </ul>
 */
public final class ParseOnce {
  private ParseOnce() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ParseOnce check|header|bulk|memory LIST");
      System.exit(2);
    }
    List<Path> files = FileSet.readList(Path.of(args[1]));
    if (args[0].equals("check")) {
      check(files);
      return;
    }
    ParseMode mode = ParseMode.of(args[0]);
    long elements = 0;
    for (Path f : files) {
      elements += mode.read(f).dataSet().size();
    }
    System.out.println(elements + " top-level elements in " + files.size() + " files");
  }

  private static void check(List<Path> files) {
    List<Path> accepted = new ArrayList<>();
    for (Path f : files) {
      try {
        for (ParseMode mode : ParseMode.values()) {
          DicomFile ignored = mode.read(f);
        }
        accepted.add(f);
      } catch (IOException | RuntimeException e) {
        System.err.println("ward rejects " + f + ": " + e.getMessage());
      }
    }
    accepted.forEach(System.out::println);
  }
}
