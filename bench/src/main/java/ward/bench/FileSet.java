package ward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files one benchmark case parses, found in the work directory that {@code run-parse-benchmark}
 * prepares: {@code corpus.list} (one path a line: the pydicom corpus files that every system
 * reads), {@code ct.dcm} and {@code multiframe.dcm} (from {@link SyntheticImages}).
 */
record FileSet(String name, List<Path> files, long bytes) {

  static FileSet load(Path dir, String name) {
    try {
      List<Path> files =
          switch (name) {
            case "corpus" -> readList(dir.resolve("corpus.list"));
            case "ct" -> List.of(dir.resolve("ct.dcm"));
            case "multiframe" -> List.of(dir.resolve("multiframe.dcm"));
            default -> throw new IllegalArgumentException("unknown file set " + name);
          };
      long bytes = 0;
      for (Path f : files) {
        bytes += Files.size(f);
      }
      return new FileSet(name, files, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Paths from a list file, one a line; blank lines are ignored. */
  static List<Path> readList(Path list) throws IOException {
    return Files.readAllLines(list).stream()
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(Path::of)
        .toList();
  }
}
