package ward.net.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.TransferSyntax;
import ward.dicom.UID;

class DirectorySinkTest {

  @TempDir Path tmp;

  private static final String IMPLICIT = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();

  private static byte[] encoded(DataSet ds) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.writeDataSet(out, ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    return out.toByteArray();
  }

  private static DataSet instance(String uid) {
    return Synthetic.ct("TEST^SINK", "P1", "20200101", "2.25.1", "2.25.2", uid, 2);
  }

  private int store(DirectorySink sink, String commandUid, DataSet ds) throws IOException {
    return sink.store(
        UID.CTImageStorage, commandUid, IMPLICIT, new ByteArrayInputStream(encoded(ds)));
  }

  @Test
  void namesAFileAfterItsUidWhenTheUidIsSafe() throws IOException {
    DirectorySink sink = new DirectorySink(tmp.resolve("out"));
    assertThat(store(sink, "1.2.3.4", instance("1.2.3.4"))).isZero();
    Path file = tmp.resolve("out/1.2.3.4.dcm");
    assertThat(file).exists();
    assertThat(Synthetic.read(file)).isEqualTo(instance("1.2.3.4"));
    assertThat(sink.written()).containsExactly(file.toRealPath());
  }

  @Test
  void neverUsesAnUnsafeUidAsAPath() throws IOException {
    DirectorySink sink = new DirectorySink(tmp.resolve("out"));
    String evil = "../../escaped";
    assertThat(store(sink, evil, instance(evil))).isZero();
    assertThat(tmp.resolve("escaped.dcm")).doesNotExist();
    try (Stream<Path> f = Files.list(tmp.resolve("out"))) {
      assertThat(f.map(p -> p.getFileName().toString()))
          .singleElement()
          .matches(n -> n.startsWith("instance-") && n.endsWith(".dcm"));
    }
    assertThat(DirectorySink.isSafeUid("1.2..3")).isFalse();
    assertThat(DirectorySink.isSafeUid("1".repeat(65))).isFalse();
    assertThat(DirectorySink.isSafeUid("..")).isFalse();
  }

  @Test
  void neverOverwritesAndDoesNotTrustTheCommandAlone() throws IOException {
    DirectorySink sink = new DirectorySink(tmp.resolve("out"));
    Files.writeString(tmp.resolve("out/1.2.3.dcm"), "already here");
    assertThat(store(sink, "1.2.3", instance("1.2.3"))).isZero();
    assertThat(store(sink, "9.9.9", instance("1.2.5"))).isZero(); // command and data set disagree
    assertThat(Files.readString(tmp.resolve("out/1.2.3.dcm"))).isEqualTo("already here");
    assertThat(tmp.resolve("out/9.9.9.dcm")).doesNotExist();
    assertThat(tmp.resolve("out/1.2.5.dcm")).doesNotExist();
    try (Stream<Path> f = Files.list(tmp.resolve("out"))) {
      assertThat(f).hasSize(3);
    }
  }

  @Test
  void refusesDataThatIsNotDicomAndLeavesNothing() throws IOException {
    DirectorySink sink = new DirectorySink(tmp.resolve("out"));
    byte[] garbage = {0x08, 0x00, 0x16, 0x00, (byte) 0xFF, (byte) 0xFF, 0x7F, 0x7F, 1, 2};
    int status =
        sink.store(UID.CTImageStorage, "1.2.3", IMPLICIT, new ByteArrayInputStream(garbage));
    assertThat(status).isEqualTo(Status.CANNOT_UNDERSTAND);
    try (Stream<Path> f = Files.list(tmp.resolve("out"))) {
      assertThat(f).isEmpty();
    }
  }

  @Test
  void keepsDeflatedDataAsItArrives() throws IOException {
    DirectorySink sink = new DirectorySink(tmp.resolve("out"));
    DataSet ds = instance("1.2.7");
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    DicomWriter.writeDataSet(deflated, ds, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
    int status =
        sink.store(
            UID.CTImageStorage,
            "1.2.7",
            TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            new ByteArrayInputStream(deflated.toByteArray()));
    assertThat(status).isZero();
    Path file = tmp.resolve("out/1.2.7.dcm");
    assertThat(Synthetic.read(file)).isEqualTo(ds);
    assertThat(Synthetic.dataSetBytes(file)).isEqualTo(deflated.toByteArray());
  }
}
