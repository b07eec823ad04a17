package ward.net.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.ReadOptions;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.Commands;
import ward.net.DimseMessage;

/** C-MOVE from Ward to Ward: sub-operations, their originator, and an unreachable destination. */
class MoveScpTest {

  @TempDir Path tmp;

  private static final String MOVE = UID.StudyRootQueryRetrieveInformationModelMove;

  /** The responses to a C-MOVE: the pending ones, the final one and its identifier, if any. */
  record Responses(List<DimseMessage> pending, DimseMessage last, DataSet identifier) {}

  private static Responses move(DicomServer source, String destination, String study)
      throws IOException {
    Association a =
        Fixtures.associate(source, "JAVA", List.of(Map.entry(MOVE, Services.UNCOMPRESSED)), null);
    a.send(
        1,
        Commands.request(Commands.C_MOVE_RQ, 9, MOVE, true)
            .setString(Commands.MOVE_DESTINATION, VR.AE, destination)
            .setInts(Commands.PRIORITY, VR.US, 0)
            .build(),
        Association.DataWriter.of(
            DataSet.builder()
                .setString(Tags.QueryRetrieveLevel, VR.CS, "STUDY")
                .setString(Tags.StudyInstanceUID, VR.UI, study)
                .build()));
    List<DimseMessage> pending = new ArrayList<>();
    while (true) {
      DimseMessage m = a.receive();
      assertThat(m.commandField()).isEqualTo(Commands.C_MOVE_RSP);
      assertThat(m.messageIdBeingRespondedTo()).isEqualTo(9);
      if (m.status() == 0xFF00) {
        pending.add(m);
        continue;
      }
      DataSet identifier =
          m.data() == null
              ? null
              : DicomReader.read(
                      m.data(),
                      ReadOptions.DEFAULT.withRawTransferSyntax(
                          TransferSyntax.of(a.transferSyntaxOf(1))))
                  .dataSet();
      a.release();
      return new Responses(pending, m, identifier);
    }
  }

  @Test
  void moveToAnotherServerStoresEveryInstanceThereWithTheMoveOriginator() throws Exception {
    TestArchive source = new TestArchive(Files.createDirectories(tmp.resolve("source")));
    TestArchive target = new TestArchive(Files.createDirectories(tmp.resolve("target")));
    String study = Fixtures.newUid();
    for (int i = 0; i < 3; i++) {
      source.add(Fixtures.image("DOE^JANE", "PAT-1", study, 16 + i, 16));
    }
    try (DicomServer dest =
            DicomServer.builder()
                .aeTitle("DEST")
                .bind(Fixtures.loopback())
                .gate(Fixtures.gateFor(Fixtures.AE))
                .services(
                    Services.builder()
                        .store(
                            List.of(UID.SecondaryCaptureImageStorage),
                            Services.UNCOMPRESSED,
                            target)
                        .build())
                .start();
        DicomServer server =
            Fixtures.server(
                    Services.builder()
                        .move(
                            MOVE,
                            source,
                            (ae, rq) ->
                                ae.equals("DEST")
                                    ? Optional.of(
                                        new MoveDestinations.Destination(
                                            "DEST", "127.0.0.1", dest.port()))
                                    : Optional.empty())
                        .build(),
                    ServerLimits.DEFAULT,
                    ServerEvents.NONE)
                .start()) {
      Responses responses = move(server, "DEST", study);
      assertThat(responses.last().status()).isZero();
      assertThat(responses.last().command().getInt(Commands.NUMBER_OF_COMPLETED_SUBOPERATIONS, -1))
          .isEqualTo(3);
      assertThat(responses.pending())
          .extracting(m -> m.command().getInt(Commands.NUMBER_OF_REMAINING_SUBOPERATIONS, -1))
          .containsExactly(2, 1);
    }
    assertThat(target.stored).hasSize(3);
    for (TestArchive.Stored s : target.stored) {
      assertThat(s.moveOriginator()).isEqualTo("JAVA");
      assertThat(s.storedBy().getName()).isEqualTo(Fixtures.AE);
      assertThat(Files.readAllBytes(s.file()))
          .isEqualTo(
              Files.readAllBytes(
                  source.stored.stream()
                      .filter(x -> x.sopInstanceUid().equals(s.sopInstanceUid()))
                      .findFirst()
                      .orElseThrow()
                      .file()));
    }
  }

  @Test
  void moveToAnUnreachableDestinationFailsEverySubOperationWithA702() throws Exception {
    TestArchive source = new TestArchive(Files.createDirectories(tmp.resolve("source")));
    String study = Fixtures.newUid();
    List<String> uids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      uids.add(source.add(Fixtures.image("DOE^JANE", "PAT-1", study, 8, 8)).sopInstanceUid());
    }
    int closedPort = QueryRetrieveScpInteropTest.freePort();
    try (DicomServer server =
        Fixtures.server(
                Services.builder()
                    .move(
                        MOVE,
                        source,
                        (ae, rq) ->
                            Optional.of(
                                new MoveDestinations.Destination(ae, "127.0.0.1", closedPort)))
                    .build(),
                ServerLimits.DEFAULT,
                ServerEvents.NONE)
            .start()) {
      Responses responses = move(server, "GONE", study);
      assertThat(responses.pending()).isEmpty();
      assertThat(responses.last().status()).isEqualTo(0xA702);
      assertThat(responses.last().command().getInt(Commands.NUMBER_OF_FAILED_SUBOPERATIONS, -1))
          .isEqualTo(3);
      assertThat(responses.identifier().getStrings(Tags.FailedSOPInstanceUIDList))
          .containsExactlyInAnyOrderElementsOf(uids);
    }
  }
}
