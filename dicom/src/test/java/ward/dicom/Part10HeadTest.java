package ward.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import ward.dicom.testing.Oracles;

class Part10HeadTest {

  private static byte[] file(String ts) throws IOException {
    DataSet ds =
        DataSet.builder()
            .setString(Tags.SOPClassUID, VR.UI, UID.CTImageStorage)
            .setString(Tags.SOPInstanceUID, VR.UI, "1.2.3.4")
            .setString(Tags.PatientName, VR.PN, "Doe^Jane")
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.writeFile(out, DicomWriter.fileMetaFor(UID.CTImageStorage, "1.2.3.4", ts), ds);
    return out.toByteArray();
  }

  @Test
  void leavesTheStreamAtTheDataSetWhichThenParsesRaw() throws IOException {
    for (String ts :
        List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian, UID.ExplicitVRBigEndian)) {
      byte[] bytes = file(ts);
      InputStream in = new ByteArrayInputStream(bytes);
      Part10Head head = Part10Head.read(in);
      assertThat(head.transferSyntaxUid()).isEqualTo(ts);
      assertThat(head.sopClassUid()).isEqualTo(UID.CTImageStorage);
      assertThat(head.sopInstanceUid()).isEqualTo("1.2.3.4");
      DataSet ds =
          DicomReader.read(
                  head.dataSet(in),
                  ReadOptions.DEFAULT.withRawTransferSyntax(TransferSyntax.of(ts)))
              .dataSet();
      assertThat(ds).isEqualTo(DicomReader.read(bytes, ReadOptions.DEFAULT).dataSet());
    }
  }

  @Test
  void readsEveryPart10FileOfThePydicomCorpus() throws IOException {
    Path dir = Oracles.pydicomDataDir().resolve("test_files");
    int read = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) {
        byte[] bytes = Files.readAllBytes(f);
        if (!DicomReader.looksLikePart10(Arrays.copyOf(bytes, Math.min(bytes.length, 132)))) {
          continue;
        }
        DicomFile full;
        try {
          full = DicomReader.read(bytes, ReadOptions.DEFAULT);
        } catch (IOException e) {
          continue; // deliberately broken corpus files
        }
        if (full.fileMeta().getString(Tags.MediaStorageSOPInstanceUID) == null) {
          continue;
        }
        Part10Head head = Part10Head.read(new ByteArrayInputStream(bytes));
        assertThat(head.transferSyntaxUid())
            .as(f.getFileName().toString())
            .isEqualTo(full.fileMeta().getString(Tags.TransferSyntaxUID).strip());
        read++;
      }
    }
    assertThat(read).isGreaterThan(50);
  }

  @Test
  void refusesWhatIsNotPart10() throws IOException {
    byte[] bytes = file(UID.ExplicitVRLittleEndian);
    bytes[128] = 'X';
    assertThatThrownBy(() -> Part10Head.read(new ByteArrayInputStream(bytes)))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("DICM");
    byte[] truncated = Arrays.copyOf(file(UID.ExplicitVRLittleEndian), 150);
    assertThatThrownBy(() -> Part10Head.read(new ByteArrayInputStream(truncated)))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("ends inside");
  }

  @Test
  void refusesAnOversizedMetaElement() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[128]);
    out.write(new byte[] {'D', 'I', 'C', 'M'});
    // (0002,0001) OB with a 2 GB length
    out.write(new byte[] {2, 0, 1, 0, 'O', 'B', 0, 0, 0, 0, 0, (byte) 0x80});
    assertThatThrownBy(() -> Part10Head.read(new ByteArrayInputStream(out.toByteArray())))
        .isInstanceOf(DicomFormatException.class)
        .hasMessageContaining("too large");
  }
}
