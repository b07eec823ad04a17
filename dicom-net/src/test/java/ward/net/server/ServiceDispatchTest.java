package ward.net.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.AssociationRejectedException;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.Negotiation;
import ward.net.pdu.Pdu;
import ward.net.pdu.UserInformation;

/** Negotiation, the gate, and dispatch to handlers, seen from a Java peer. */
class ServiceDispatchTest {

  @TempDir Path tmp;

  private final Fixtures.Events events = new Fixtures.Events();
  private DicomServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      int port = server.port();
      server.close();
      assertThat(Fixtures.threadsOf(port)).isEmpty();
    }
  }

  private static DataSet storeRq(int messageId, String sopInstance) {
    return Commands.request(Commands.C_STORE_RQ, messageId, UID.SecondaryCaptureImageStorage, true)
        .setString(Commands.AFFECTED_SOP_INSTANCE_UID, VR.UI, sopInstance)
        .setInts(Commands.PRIORITY, VR.US, 0)
        .build();
  }

  private static final List<Map.Entry<String, List<String>>> STORAGE =
      List.of(Map.entry(UID.SecondaryCaptureImageStorage, Services.UNCOMPRESSED));

  @Test
  void storeHandlerReadsTheDataSetWhileThePeerIsStillSendingIt() throws Exception {
    CountDownLatch handlerStarted = new CountDownLatch(1);
    AtomicLong received = new AtomicLong();
    StoreHandler handler =
        (rq, in) -> {
          byte[] first = in.readNBytes(1000);
          handlerStarted.countDown();
          received.set(first.length + in.transferTo(MisbehavingPeerTest.OutputStreamSink.INSTANCE));
          return Status.OK;
        };
    server =
        Fixtures.server(
                Services.builder()
                    .store(
                        List.of(UID.SecondaryCaptureImageStorage), Services.UNCOMPRESSED, handler)
                    .build(),
                ServerLimits.DEFAULT,
                events)
            .start();
    Association a = Fixtures.associate(server, "JAVA", STORAGE, null);
    byte[] half = new byte[2 << 20];
    AtomicBoolean sawHandlerMidway = new AtomicBoolean();
    a.send(
        1,
        storeRq(1, Fixtures.newUid()),
        (out, ts) -> {
          out.write(half);
          out.flush();
          // A server that buffered the whole data set would not call the handler before the rest.
          try {
            sawHandlerMidway.set(handlerStarted.await(10, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          out.write(half);
        });
    DimseMessage rsp = a.receive();
    assertThat(sawHandlerMidway).isTrue();
    assertThat(rsp.status()).isZero();
    assertThat(received.get()).isEqualTo(4L << 20);
    a.release();
  }

  @Test
  void handlerFailureIsAnsweredC000AndTheAssociationGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    StoreHandler handler =
        (rq, in) -> {
          if (calls.incrementAndGet() == 1) {
            in.readNBytes(10);
            throw new IllegalStateException("disk on fire");
          }
          in.transferTo(MisbehavingPeerTest.OutputStreamSink.INSTANCE);
          return Status.of(Status.COERCION_OF_DATA_ELEMENTS, "coerced");
        };
    server =
        Fixtures.server(
                Services.builder()
                    .store(
                        List.of(UID.SecondaryCaptureImageStorage), Services.UNCOMPRESSED, handler)
                    .build(),
                ServerLimits.DEFAULT,
                events)
            .start();
    Association a = Fixtures.associate(server, "JAVA", STORAGE, null);
    byte[] data = new byte[100_000];
    a.send(1, storeRq(a.nextMessageId(), Fixtures.newUid()), (out, ts) -> out.write(data));
    DimseMessage first = a.receive();
    assertThat(first.status()).isEqualTo(0xC000);
    assertThat(first.command().getString(Commands.ERROR_COMMENT)).isNotBlank();
    assertThat(first.command().getString(Commands.ERROR_COMMENT)).doesNotContain("fire");
    a.send(1, storeRq(a.nextMessageId(), Fixtures.newUid()), (out, ts) -> out.write(data));
    DimseMessage second = a.receive();
    assertThat(second.status()).isEqualTo(0xB000);
    assertThat(second.command().getString(Commands.ERROR_COMMENT)).isEqualTo("coerced");
    a.release();
    ServerEvent.HandlerFailed failed =
        events.await(ServerEvent.HandlerFailed.class, e -> true, 1000);
    assertThat(failed.error()).hasMessage("disk on fire");
  }

  @Test
  void gateSeesTheUserIdentityAndEveryServiceCallSeesThePrincipal() throws Exception {
    List<AssociationGate.Request> asked = new CopyOnWriteArrayList<>();
    AssociationGate gate =
        rq -> {
          asked.add(rq);
          UserInformation.UserIdentityRq id = rq.identity();
          if (id != null
              && id.type() == UserInformation.UserIdentityRq.USERNAME_AND_PASSCODE
              && "alice".equals(new String(id.primaryField(), StandardCharsets.UTF_8))
              && "s3cret".equals(new String(id.secondaryField(), StandardCharsets.UTF_8))) {
            return AssociationGate.accept(new Fixtures.User("alice"));
          }
          return AssociationGate.reject();
        };
    List<Principal> seen = new CopyOnWriteArrayList<>();
    StoreHandler handler =
        (rq, in) -> {
          seen.add(rq.association().principal());
          in.transferTo(MisbehavingPeerTest.OutputStreamSink.INSTANCE);
          return Status.OK;
        };
    server =
        DicomServer.builder()
            .aeTitle(Fixtures.AE)
            .bind(Fixtures.loopback())
            .gate(gate)
            .services(
                Services.builder()
                    .store(
                        List.of(UID.SecondaryCaptureImageStorage), Services.UNCOMPRESSED, handler)
                    .build())
            .events(events)
            .start();
    Association a =
        Fixtures.associate(
            server,
            "ANYONE",
            STORAGE,
            new UserInformation.UserIdentityRq(
                UserInformation.UserIdentityRq.USERNAME_AND_PASSCODE,
                true,
                "alice".getBytes(StandardCharsets.UTF_8),
                "s3cret".getBytes(StandardCharsets.UTF_8)));
    assertThat(a.acceptance().userInformation().identityResponse()).isNotNull();
    a.send(1, storeRq(1, Fixtures.newUid()), (out, ts) -> out.write(new byte[8]));
    assertThat(a.receive().status()).isZero();
    a.release();
    assertThat(seen).extracting(Principal::getName).containsExactly("alice");
    assertThat(asked.get(0).peerCertificates()).as("not TLS").isNull();
    assertThat(asked.get(0).peer().getAddress().isLoopbackAddress()).isTrue();
    assertThat(asked.get(0).callingAe()).isEqualTo("ANYONE");

    assertThatThrownBy(
            () ->
                Fixtures.associate(
                    server,
                    "ANYONE",
                    STORAGE,
                    new UserInformation.UserIdentityRq(
                        UserInformation.UserIdentityRq.USERNAME_AND_PASSCODE,
                        false,
                        "alice".getBytes(StandardCharsets.UTF_8),
                        "guess".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(AssociationRejectedException.class);
    assertThatThrownBy(() -> Fixtures.associate(server, "ANYONE", STORAGE, null))
        .isInstanceOf(AssociationRejectedException.class);
    assertThat(seen).hasSize(1);
  }

  @Test
  void unsupportedContextsAreRejectedAndUnsupportedOperationsAnswered0211() throws Exception {
    server =
        Fixtures.server(Services.builder().echo().build(), ServerLimits.DEFAULT, events).start();
    Association a =
        Fixtures.associate(
            server,
            "JAVA",
            List.of(
                Map.entry(UID.Verification, Services.UNCOMPRESSED),
                Map.entry(UID.CTImageStorage, Services.UNCOMPRESSED),
                Map.entry(UID.Verification, List.of("1.2.840.10008.1.2.4.50"))),
            null);
    assertThat(a.transferSyntaxOf(1)).isEqualTo(UID.ImplicitVRLittleEndian);
    assertThat(a.transferSyntaxOf(3)).isNull();
    assertThat(a.transferSyntaxOf(5)).isNull();
    a.send(
        1,
        Commands.request(Commands.C_FIND_RQ, 7, UID.Verification, true).build(),
        Association.DataWriter.of(DataSet.EMPTY));
    DimseMessage rsp = a.receive();
    assertThat(rsp.commandField()).isEqualTo(Commands.C_FIND_RSP);
    assertThat(rsp.status()).isEqualTo(0x0211);
    assertThat(rsp.messageIdBeingRespondedTo()).isEqualTo(7);
    a.release();
  }

  @Test
  void identifierWithoutLevelIsA900AndUndecodableIdentifierIsC000() throws Exception {
    TestArchive archive = new TestArchive(Files.createDirectories(tmp.resolve("archive")));
    server =
        Fixtures.server(
                Services.builder()
                    .find(UID.StudyRootQueryRetrieveInformationModelFind, archive)
                    .build(),
                ServerLimits.DEFAULT,
                events)
            .start();
    Association a =
        Fixtures.associate(
            server,
            "JAVA",
            List.of(
                Map.entry(
                    UID.StudyRootQueryRetrieveInformationModelFind,
                    List.of(UID.ExplicitVRLittleEndian))),
            null);
    DataSet find =
        Commands.request(
                Commands.C_FIND_RQ, 1, UID.StudyRootQueryRetrieveInformationModelFind, true)
            .setInts(Commands.PRIORITY, VR.US, 0)
            .build();
    a.send(
        1,
        find,
        Association.DataWriter.of(
            DataSet.builder().setString(Tags.PatientName, VR.PN, "DOE*").build()));
    DimseMessage noLevel = a.receive();
    assertThat(noLevel.status()).isEqualTo(0xA900);
    // An explicit VR element whose length runs past the end of the data set.
    byte[] broken = {0x10, 0x00, 0x10, 0x00, 'P', 'N', (byte) 0xFF, 0x7F, 'D', 'O', 'E'};
    a.send(1, find, (out, ts) -> out.write(broken));
    DimseMessage undecodable = a.receive();
    assertThat(undecodable.status()).isEqualTo(0xC000);
    assertThat(undecodable.command().getString(Commands.ERROR_COMMENT)).contains("identifier");
    assertThat(archive.callers).isEmpty();
    a.release();
  }

  @Test
  void getAnswersRoleSelectionAndStopsSubOperationsOnCancel() throws Exception {
    TestArchive archive = new TestArchive(Files.createDirectories(tmp.resolve("archive")));
    String study = Fixtures.newUid();
    for (int i = 0; i < 5; i++) {
      archive.add(Fixtures.image("DOE^JANE", "PAT-1", study, 8 + i, 8));
    }
    server =
        Fixtures.server(
                Services.builder()
                    .get(UID.StudyRootQueryRetrieveInformationModelGet, archive)
                    .build(),
                ServerLimits.DEFAULT,
                events)
            .start();
    Pdu.AssociateRq rq =
        Negotiation.request(
            Fixtures.AE,
            "JAVA",
            List.of(
                Map.entry(UID.StudyRootQueryRetrieveInformationModelGet, Services.UNCOMPRESSED),
                Map.entry(UID.SecondaryCaptureImageStorage, List.of(UID.ImplicitVRLittleEndian))),
            1 << 16,
            null);
    rq =
        new Pdu.AssociateRq(
            rq.protocolVersion(),
            rq.calledAe(),
            rq.callingAe(),
            rq.applicationContext(),
            rq.presentationContexts(),
            rq.userInformation()
                .withRoles(
                    List.of(
                        new UserInformation.RoleSelection(
                            UID.SecondaryCaptureImageStorage, false, true))));
    Association a = Association.request(Fixtures.connect(server), rq, Association.Limits.DEFAULT);
    assertThat(a.acceptance().userInformation().roles())
        .containsExactly(
            new UserInformation.RoleSelection(UID.SecondaryCaptureImageStorage, false, true));
    assertThat(a.transferSyntaxOf(3)).isEqualTo(UID.ImplicitVRLittleEndian);
    a.send(
        1,
        Commands.request(Commands.C_GET_RQ, 42, UID.StudyRootQueryRetrieveInformationModelGet, true)
            .setInts(Commands.PRIORITY, VR.US, 0)
            .build(),
        Association.DataWriter.of(
            DataSet.builder()
                .setString(Tags.QueryRetrieveLevel, VR.CS, "STUDY")
                .setString(Tags.StudyInstanceUID, VR.UI, study)
                .build()));
    DimseMessage last;
    int stores = 0;
    while (true) {
      DimseMessage m = a.receive();
      if (m.commandField() == Commands.C_STORE_RQ) {
        assertThat(m.contextId()).isEqualTo(3);
        byte[] data = m.data().readAllBytes();
        assertThat(data.length).isGreaterThan(100);
        if (stores++ == 0) {
          // Converted from explicit to implicit VR: the first tag is followed by a 4-byte length.
          assertThat(Arrays.copyOfRange(data, 4, 6))
              .isNotEqualTo("CS".getBytes(StandardCharsets.US_ASCII));
          a.send(
              1,
              Commands.request(Commands.C_CANCEL_RQ, 0, null, false)
                  .remove(Commands.MESSAGE_ID)
                  .setInts(Commands.MESSAGE_ID_BEING_RESPONDED_TO, VR.US, 42)
                  .build(),
              null);
        }
        a.send(3, Commands.response(m.command(), Commands.C_STORE_RSP, 0, false).build(), null);
      } else {
        assertThat(m.commandField()).isEqualTo(Commands.C_GET_RSP);
        if (m.status() != 0xFF00) {
          last = m;
          break;
        }
      }
    }
    assertThat(last.status()).isEqualTo(0xFE00);
    assertThat(stores).isLessThan(5);
    assertThat(last.command().getInt(Commands.NUMBER_OF_COMPLETED_SUBOPERATIONS, -1))
        .isEqualTo(stores);
    assertThat(last.command().getInt(Commands.NUMBER_OF_REMAINING_SUBOPERATIONS, -1))
        .isEqualTo(5 - stores);
    a.release();
  }

  @Test
  void storeOnAContextWhoseRequestorIsOnlyScpIsRefused() throws Exception {
    TestArchive archive = new TestArchive(Files.createDirectories(tmp.resolve("archive")));
    server =
        Fixtures.server(
                Services.builder()
                    .get(UID.StudyRootQueryRetrieveInformationModelGet, archive)
                    .build(),
                ServerLimits.DEFAULT,
                events)
            .start();
    Pdu.AssociateRq rq = Negotiation.request(Fixtures.AE, "JAVA", STORAGE, 1 << 16, null);
    rq =
        new Pdu.AssociateRq(
            rq.protocolVersion(),
            rq.calledAe(),
            rq.callingAe(),
            rq.applicationContext(),
            rq.presentationContexts(),
            rq.userInformation()
                .withRoles(
                    List.of(
                        new UserInformation.RoleSelection(
                            UID.SecondaryCaptureImageStorage, true, true))));
    Association a = Association.request(Fixtures.connect(server), rq, Association.Limits.DEFAULT);
    assertThat(a.acceptance().userInformation().roles())
        .containsExactly(
            new UserInformation.RoleSelection(UID.SecondaryCaptureImageStorage, false, true));
    a.send(1, storeRq(1, Fixtures.newUid()), (out, ts) -> out.write(new byte[8]));
    assertThat(a.receive().status()).isEqualTo(0x0122);
    assertThat(archive.stored).isEmpty();
    a.release();
  }
}
