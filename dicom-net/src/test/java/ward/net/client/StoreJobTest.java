package ward.net.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.dicom.Value;

class StoreJobTest {

  @TempDir Path tmp;

  static DataSet jpeg(String uid) {
    return Synthetic.ct("TEST^JPEG", "P2", "20200101", "2.25.10", "2.25.11", uid, 2).toBuilder()
        .add(
            Tags.PixelData,
            VR.OB,
            new Value.Fragments(
                List.of(new Value.Bytes(new byte[0]), new Value.Bytes(new byte[] {1, 2, 3, 4}))))
        .build();
  }

  @Test
  void proposesEachFilesOwnSyntaxAndANativeFallback() throws IOException {
    DataSet ct = Synthetic.ct("TEST^A", "P1", "20200101", "2.25.1", "2.25.2", "2.25.3", 2);
    Path a = Synthetic.write(tmp.resolve("a.dcm"), ct);
    Path b =
        Synthetic.write(
            tmp.resolve("b.dcm"),
            ct.toBuilder().setString(Tags.SOPInstanceUID, VR.UI, "2.25.4").build(),
            TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid());
    Path c = Synthetic.write(tmp.resolve("c.dcm"), jpeg("2.25.5"), UID.JPEGBaseline8Bit);
    Path d = tmp.resolve("d.txt");
    Files.writeString(d, "not DICOM");
    StoreJob job = StoreJob.scan(List.of(a, b, c, d));
    assertThat(job.instances())
        .extracting(StoreJob.Instance::sopInstanceUid)
        .containsExactly("2.25.3", "2.25.4", "2.25.5");
    assertThat(job.unreadable())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.file()).isEqualTo(d);
              assertThat(u.reason()).startsWith("not valid DICOM");
            });
    assertThat(job.presentationContexts())
        .containsExactly(
            Map.entry(UID.CTImageStorage, List.of(UID.ExplicitVRLittleEndian)),
            Map.entry(UID.CTImageStorage, List.of(UID.ExplicitVRBigEndian)),
            Map.entry(UID.CTImageStorage, List.of(UID.JPEGBaseline8Bit)),
            Map.entry(UID.CTImageStorage, List.of(UID.ImplicitVRLittleEndian)));
    assertThat(job.instances().get(2).isNative()).isFalse();
  }

  @Test
  void findsWhereTheDataSetStarts() throws IOException {
    DataSet ct = Synthetic.ct("TEST^A", "P1", "20200101", "2.25.1", "2.25.2", "2.25.3", 2);
    Path a = Synthetic.write(tmp.resolve("a.dcm"), ct);
    StoreJob.Instance i = StoreJob.scan(List.of(a)).instances().get(0);
    byte[] all = Files.readAllBytes(a);
    // the first data set element is (0008,0016) in explicit VR little endian: 08 00 16 00 'U' 'I'
    int at = (int) i.dataSetOffset();
    assertThat(new byte[] {all[at], all[at + 1], all[at + 2], all[at + 3], all[at + 4]})
        .containsExactly(0x08, 0x00, 0x16, 0x00, 'U');
    assertThat(i.asLabelled()).isTrue();
    assertThat(i.size()).isEqualTo(all.length);
  }
}
