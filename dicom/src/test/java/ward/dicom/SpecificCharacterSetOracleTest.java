package ward.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import ward.dicom.testing.Oracles;

/**
 * Decodes every text element of pydicom's character set test files and compares with pydicom 2.3
 * (Debian's python3-pydicom), which prints the raw bytes and its decoded values through {@code
 * src/test/python/charset_oracle.py}.
 */
@Tag("oracle")
class SpecificCharacterSetOracleTest {

  /** One text element as pydicom read it. */
  private record Sample(
      String file, List<String> terms, String tag, VR vr, String rawHex, String pydicom) {}

  @Test
  void decodesEveryTextElementOfPydicomCharsetFilesAsPydicomDoes() throws IOException {
    String output = Oracles.runPythonScript("charset_oracle.py", List.of());
    Map<String, Integer> elementsPerFile = new TreeMap<>();
    List<Sample> samples = new ArrayList<>();
    for (String line : output.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f[0].equals("F")) {
        elementsPerFile.put(f[1], 0);
      } else {
        elementsPerFile.merge(f[1], 1, Integer::sum);
        samples.add(sample(f));
      }
    }

    try (Stream<Path> files = Files.list(Oracles.pydicomDataDir().resolve("charset_files"))) {
      List<String> expectedFiles =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".dcm"))
              .sorted()
              .toList();
      assertThat(expectedFiles).hasSizeGreaterThanOrEqualTo(17);
      assertThat(elementsPerFile.keySet()).containsExactlyElementsOf(expectedFiles);
    }
    assertThat(elementsPerFile).allSatisfy((file, count) -> assertThat(count).isPositive());

    assertThat(mismatches(samples)).as("elements Ward decodes differently from pydicom").isEmpty();
    assertThat(samples).hasSizeGreaterThan(150);
  }

  @Test
  void decodesTextPydicomEncodesInManyCodeExtensionsAsPydicomDoes() {
    String output = Oracles.runPythonScript("charset_oracle.py", List.of("--synthetic", "3000"));
    List<Sample> samples = new ArrayList<>();
    for (String line : output.split("\n", -1)) {
      if (!line.isEmpty()) {
        samples.add(sample(line.split("\t", -1)));
      }
    }
    assertThat(samples).hasSizeGreaterThan(2000);
    assertThat(samples.stream().map(Sample::terms).distinct()).hasSizeGreaterThan(20);
    assertThat(mismatches(samples)).as("values Ward decodes differently from pydicom").isEmpty();
  }

  private static Sample sample(String[] f) {
    return new Sample(
        f[1], List.of(utf8(f[2]).split("\\\\", -1)), f[3], VR.valueOf(f[4]), f[5], utf8(f[6]));
  }

  private static List<String> mismatches(List<Sample> samples) {
    List<String> mismatches = new ArrayList<>();
    for (Sample s : samples) {
      SpecificCharacterSet cs = SpecificCharacterSet.of(s.terms().toArray(String[]::new));
      String ward =
          asPydicomPresentsIt(cs.decode(HexFormat.of().parseHex(s.rawHex()), s.vr()), s.vr());
      if (!ward.equals(s.pydicom())) {
        mismatches.add(
            s.file()
                + " "
                + s.tag()
                + " "
                + s.vr()
                + " "
                + s.terms()
                + ": pydicom '"
                + s.pydicom()
                + "', Ward '"
                + ward
                + "'");
      }
    }
    return mismatches;
  }

  /**
   * pydicom's value for decoded text: values lose trailing spaces and NULs, person names lose empty
   * trailing component groups (its PersonName drops them), values are joined by backslashes.
   */
  private static String asPydicomPresentsIt(String decoded, VR vr) {
    if (vr.kind() == VR.Kind.TEXT) {
      return trimEnd(decoded);
    }
    String text = vr == VR.PN ? trimEnd(decoded) : decoded;
    List<String> values = new ArrayList<>();
    for (String value : text.split("\\\\", -1)) {
      if (vr != VR.PN) {
        values.add(trimEnd(value));
        continue;
      }
      List<String> groups = new ArrayList<>(List.of(value.split("=", -1)));
      while (!groups.isEmpty() && groups.get(groups.size() - 1).isEmpty()) {
        groups.remove(groups.size() - 1);
      }
      values.add(String.join("=", groups));
    }
    return String.join("\\", values);
  }

  private static String trimEnd(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
      end--;
    }
    return s.substring(0, end);
  }

  private static String utf8(String hex) {
    return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
  }
}
