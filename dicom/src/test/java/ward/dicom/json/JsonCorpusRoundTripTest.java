package ward.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import ward.dicom.DataSet;
import ward.dicom.DicomFile;
import ward.dicom.DicomReader;
import ward.dicom.testing.Oracles;

/**
 * Every file of pydicom's corpus that Ward reads gives JSON that reads back to a data set whose
 * JSON is the same: what {@link DicomJson} writes, it reads without loss. The one change allowed is
 * the one {@link DicomJson} documents: non-ASCII text is re-encoded in UTF-8, so (0008,0005) then
 * says ISO_IR 192.
 */
@Tag("oracle")
class JsonCorpusRoundTripTest {

  @Test
  void corpusFilesReadBackFromTheirJsonUnchanged() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("test_files", "charset_files")) {
      try (Stream<Path> s = Files.walk(Oracles.pydicomDataDir().resolve(dir))) {
        s.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    int roundTrips = 0;
    int reencoded = 0;
    for (Path file : files) {
      DicomFile read;
      try {
        read = DicomReader.readFile(file);
      } catch (IOException e) {
        continue; // not DICOM, or refused: PydicomCorpusOracleTest lists these
      }
      String json = DicomJson.toJson(read.dataSet());
      JsonReadOptions options =
          read.transferSyntax().encapsulated()
              ? JsonReadOptions.DEFAULT.withTransferSyntax(read.transferSyntax())
              : JsonReadOptions.DEFAULT;
      DataSet back = DicomJson.read(json, options);
      String again = DicomJson.toJson(back);
      if (!again.equals(json)) {
        reencoded++;
        assertThat(back.charset().isUtf8()).as("%s read back in UTF-8", file).isTrue();
        assertThat(withoutCharsets(again))
            .as("JSON of %s read back (in UTF-8) and written again", file)
            .isEqualTo(withoutCharsets(json));
      } else {
        assertThat(again).as("JSON of %s read back and written again", file).isEqualTo(json);
      }
      roundTrips++;
    }
    System.out.printf(
        "json round trip: %d corpus files read back from their JSON unchanged"
            + " (%d with their non-ASCII text re-encoded in UTF-8)%n",
        roundTrips, reencoded);
    assertThat(roundTrips).isGreaterThan(150);
  }

  /** The JSON without its Specific Character Set elements, at any level. */
  private static String withoutCharsets(String json) {
    return CHARSET.matcher(json).replaceAll("");
  }

  private static final Pattern CHARSET =
      Pattern.compile("\"00080005\":\\{\"vr\":\"CS\"(,\"Value\":\\[[^\\]]*\\])?\\},?");
}
