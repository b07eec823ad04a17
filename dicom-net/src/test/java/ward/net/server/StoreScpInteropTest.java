package ward.net.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.ReadOptions;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;
import ward.dicom.UID;
import ward.net.pdu.Pdu;

/** C-STORE SCP against dcmtk's storescu. */
@Tag("oracle")
class StoreScpInteropTest {

  @TempDir Path tmp;

  private Services storage(TestArchive archive) {
    return Services.builder()
        .echo()
        .store(List.of(UID.SecondaryCaptureImageStorage), Services.UNCOMPRESSED, archive)
        .build();
  }

  @Test
  void storescuStoresSeveralFilesIncludingAMultiMegabyteOneThatParseBackEqual() throws Exception {
    TestArchive archive = new TestArchive(Files.createDirectories(tmp.resolve("archive")));
    Path in = Files.createDirectories(tmp.resolve("in"));
    String study = Fixtures.newUid();
    List<DataSet> originals = new ArrayList<>();
    List<String> command =
        new ArrayList<>(List.of("storescu", "-aec", "WARD", "-aet", "MODALITY", "127.0.0.1"));
    Fixtures.Events events = new Fixtures.Events();
    try (DicomServer server =
        Fixtures.server(storage(archive), ServerLimits.DEFAULT, events).start()) {
      command.add(String.valueOf(server.port()));
      for (int i = 0; i < 4; i++) {
        int size = i == 3 ? 1600 : 64; // the last is 5 MB of pixel data
        DataSet ds = Fixtures.image("DOE^JANE", "PAT-0001", study, size, size);
        originals.add(ds);
        command.add(Fixtures.writeFile(in.resolve("file" + i + ".dcm"), ds).toString());
      }
      Fixtures.Run run = Fixtures.run(tmp, command.toArray(new String[0]));
      assertThat(run.exit()).as(run.output()).isZero();
      events.await(ServerEvent.Released.class, e -> true, 5000);
    }
    assertThat(archive.stored).hasSize(4);
    for (DataSet original : originals) {
      TestArchive.Stored s =
          archive.stored.stream()
              .filter(x -> x.sopInstanceUid().equals(original.getString(Tags.SOPInstanceUID)))
              .findFirst()
              .orElseThrow();
      assertThat(s.file().getFileName().toString()).startsWith("object-");
      assertThat(s.storedBy().getName()).isEqualTo("MODALITY");
      assertThat(s.transferSyntaxUid()).isEqualTo(UID.ExplicitVRLittleEndian);
      try (InputStream stored = Files.newInputStream(s.file())) {
        DataSet back =
            DicomReader.read(
                    stored,
                    ReadOptions.DEFAULT.withRawTransferSyntax(
                        TransferSyntax.of(s.transferSyntaxUid())))
                .dataSet();
        assertThat(back).isEqualTo(original);
      }
    }
    assertThat(Files.size(archive.stored.get(3).file())).isGreaterThan(5_000_000);
    assertThat(events.of(ServerEvent.Accepted.class))
        .singleElement()
        .satisfies(a -> assertThat(a.principal().getName()).isEqualTo("MODALITY"));
  }

  @Test
  void storescuCallingAnotherAeTitleIsRejectedAndToldWhy() throws Exception {
    TestArchive archive = new TestArchive(Files.createDirectories(tmp.resolve("archive")));
    Path file =
        Fixtures.writeFile(
            tmp.resolve("one.dcm"),
            Fixtures.image("ROE^RICHARD", "PAT-2", Fixtures.newUid(), 8, 8));
    Fixtures.Events events = new Fixtures.Events();
    try (DicomServer server =
        Fixtures.server(storage(archive), ServerLimits.DEFAULT, events).start()) {
      Fixtures.Run run =
          Fixtures.run(
              tmp,
              "storescu",
              "-aec",
              "NOTWARD",
              "-aet",
              "MODALITY",
              "127.0.0.1",
              String.valueOf(server.port()),
              file.toString());
      assertThat(run.exit()).isNotZero();
      assertThat(run.output()).containsIgnoringCase("Called AE Title Not Recognized");
      ServerEvent.Rejected rejected = events.await(ServerEvent.Rejected.class, e -> true, 5000);
      assertThat(rejected.reason()).isEqualTo(Pdu.AssociateRj.CALLED_AE_NOT_RECOGNIZED);
      assertThat(rejected.calledAe()).isEqualTo("NOTWARD");
    }
    assertThat(archive.stored).isEmpty();
  }

  @Test
  void storescuWithAnUnknownCallingAeIsRejectedByTheGate() throws Exception {
    TestArchive archive = new TestArchive(Files.createDirectories(tmp.resolve("archive")));
    Path file =
        Fixtures.writeFile(
            tmp.resolve("one.dcm"),
            Fixtures.image("ROE^RICHARD", "PAT-2", Fixtures.newUid(), 8, 8));
    try (DicomServer server =
        Fixtures.server(storage(archive), ServerLimits.DEFAULT, ServerEvents.NONE).start()) {
      Fixtures.Run run =
          Fixtures.run(
              tmp,
              "storescu",
              "-aec",
              "WARD",
              "-aet",
              "STRANGER",
              "127.0.0.1",
              String.valueOf(server.port()),
              file.toString());
      assertThat(run.exit()).isNotZero();
      assertThat(run.output()).containsIgnoringCase("Calling AE Title Not Recognized");
    }
    assertThat(archive.stored).isEmpty();
  }
}
