package ward.net.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.AssociationAbortedException;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.Negotiation;
import ward.net.pdu.Pdu;

/**
 * Peers that stall, send garbage or floods, or stop reading: each gets an A-ABORT or a closed
 * connection within the configured time, and the server gets its threads back.
 */
class MisbehavingPeerTest {

  private static final int ARTIM = 300;
  private static final int IDLE = 800;

  private final Fixtures.Events events = new Fixtures.Events();
  private DicomServer server;

  private DicomServer start(Services services, ServerLimits limits) throws IOException {
    server = Fixtures.server(services, limits, events).start();
    return server;
  }

  private DicomServer start() throws IOException {
    return start(
        Services.builder()
            .echo()
            .store(
                List.of(UID.SecondaryCaptureImageStorage),
                Services.UNCOMPRESSED,
                (rq, in) -> {
                  in.transferTo(OutputStreamSink.INSTANCE);
                  return Status.OK;
                })
            .build(),
        Fixtures.quickLimits(4, 4, ARTIM, IDLE));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      int port = server.port();
      server.close();
      assertThat(Fixtures.threadsOf(port)).isEmpty();
    }
  }

  @Test
  void peerThatConnectsAndSendsNothingIsClosedAfterArtim() throws Exception {
    start();
    try (Socket s = Fixtures.connect(server)) {
      long t0 = System.nanoTime();
      byte[] got = Fixtures.readUntilClosed(s, 5000);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(got).isEmpty();
      assertThat(millis).isBetween((long) ARTIM - 50, 3000L);
    }
    ServerEvent.Refused r = events.await(ServerEvent.Refused.class, e -> true, 2000);
    assertThat(r.why()).contains("no association request within");
    Fixtures.awaitIdleThreads(server.port(), 5000);
  }

  @Test
  void peerThatSendsGarbageGetsAnAbort() throws Exception {
    start();
    try (Socket s = Fixtures.connect(server)) {
      s.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: ward\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] got = Fixtures.readUntilClosed(s, 5000);
      assertThat(got).hasSize(10);
      assertThat(got[0]).isEqualTo((byte) Pdu.TYPE_ABORT);
      assertThat(got[8]).as("source: service provider").isEqualTo((byte) 2);
      assertThat(got[9]).as("reason: unrecognized PDU").isEqualTo((byte) 1);
    }
    assertThat(events.await(ServerEvent.Refused.class, e -> true, 2000).why())
        .contains("malformed");
  }

  @Test
  void associateRequestWithAnAbsurdLengthIsAbortedWithoutReadingIt() throws Exception {
    start();
    try (Socket s = Fixtures.connect(server)) {
      s.getOutputStream().write(new byte[] {1, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
      byte[] got = Fixtures.readUntilClosed(s, 5000);
      assertThat(got).hasSize(10);
      assertThat(got[0]).isEqualTo((byte) Pdu.TYPE_ABORT);
    }
  }

  @Test
  void peerThatStallsInsideItsRequestIsClosedAfterArtim() throws Exception {
    start();
    try (Socket s = Fixtures.connect(server)) {
      s.getOutputStream().write(new byte[] {1, 0, 0, 0, 1, 0, 0, 1, 0, 0});
      long t0 = System.nanoTime();
      Fixtures.readUntilClosed(s, 5000);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
    }
    events.await(ServerEvent.Refused.class, e -> true, 2000);
  }

  @Test
  void peerThatTricklesItsRequestByteByByteIsClosedWithinTwiceArtim() throws Exception {
    start();
    try (Socket s = Fixtures.connect(server)) {
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {1, 0, 0, 0, 0, 100}); // an A-ASSOCIATE-RQ of 100 bytes, slowly
      long t0 = System.nanoTime();
      boolean closed = false;
      // One byte per third of ARTIM: every read finishes in time, the request never does.
      for (int i = 0; i < 90 && !closed; i++) {
        Thread.sleep(ARTIM / 3);
        try {
          out.write(0);
          out.flush();
        } catch (IOException e) {
          closed = true;
        }
      }
      assertThat(closed).isTrue();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
          .isLessThan(2L * ARTIM + 2000);
    }
    assertThat(events.await(ServerEvent.Refused.class, e -> true, 2000).why())
        .contains("longer than ARTIM");
  }

  @Test
  void idleAssociationIsAbortedAfterTheIdleTimeout() throws Exception {
    start();
    Association a =
        Fixtures.associate(
            server, "JAVA", List.of(Map.entry(UID.Verification, Services.UNCOMPRESSED)), null);
    long t0 = System.nanoTime();
    assertThatThrownBy(a::receive)
        .isInstanceOf(AssociationAbortedException.class)
        .hasMessageContaining("service provider");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
        .isBetween((long) IDLE - 100, (long) IDLE + 3000);
    assertThat(events.await(ServerEvent.Aborted.class, e -> true, 2000).why()).contains("idle");
  }

  @Test
  void peerThatStopsReadingResponsesIsCutOffAfterTheIdleTimeout() throws Exception {
    byte[] bulk = new byte[64 * 1024];
    FindHandler big =
        (rq, identifier) ->
            Matches.of(
                Stream.generate(
                        () ->
                            DataSet.builder()
                                .setString(Tags.QueryRetrieveLevel, VR.CS, "STUDY")
                                .setBytes(Tags.PixelData, VR.OB, bulk)
                                .build())
                    .limit(1000));
    start(
        Services.builder().find(UID.StudyRootQueryRetrieveInformationModelFind, big).build(),
        Fixtures.quickLimits(4, 4, ARTIM, IDLE));
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
    Association a =
        Association.request(
            socket,
            Negotiation.request(
                Fixtures.AE,
                "JAVA",
                List.of(
                    Map.entry(
                        UID.StudyRootQueryRetrieveInformationModelFind, Services.UNCOMPRESSED)),
                1 << 16,
                null),
            Association.Limits.DEFAULT);
    DataSet identifier =
        DataSet.builder().setString(Tags.QueryRetrieveLevel, VR.CS, "STUDY").build();
    a.send(
        1,
        Commands.request(
                Commands.C_FIND_RQ, 1, UID.StudyRootQueryRetrieveInformationModelFind, true)
            .setInts(Commands.PRIORITY, VR.US, 0)
            .build(),
        Association.DataWriter.of(identifier));
    // ... and reads nothing from now on.
    long t0 = System.nanoTime();
    ServerEvent.Aborted aborted = events.await(ServerEvent.Aborted.class, e -> true, IDLE + 5000);
    assertThat(aborted.why()).contains("read nothing");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(IDLE + 3000);
    socket.close();
    Fixtures.awaitIdleThreads(server.port(), 5000);
    assertThat(server.activeAssociations()).isZero();
  }

  @Test
  void dataSetLargerThanTheLimitAbortsTheAssociation() throws Exception {
    start(
        Services.builder()
            .store(
                List.of(UID.SecondaryCaptureImageStorage),
                Services.UNCOMPRESSED,
                (rq, in) -> {
                  in.transferTo(OutputStreamSink.INSTANCE);
                  return Status.OK;
                })
            .build(),
        Fixtures.quickLimits(4, 4, ARTIM, IDLE).withMaxDataSetBytes(100_000));
    Association a =
        Fixtures.associate(
            server,
            "JAVA",
            List.of(Map.entry(UID.SecondaryCaptureImageStorage, Services.UNCOMPRESSED)),
            null);
    byte[] megabyte = new byte[1 << 20];
    assertThatThrownBy(
            () -> {
              a.send(
                  1,
                  Commands.request(Commands.C_STORE_RQ, 1, UID.SecondaryCaptureImageStorage, true)
                      .setString(Commands.AFFECTED_SOP_INSTANCE_UID, VR.UI, Fixtures.newUid())
                      .setInts(Commands.PRIORITY, VR.US, 0)
                      .build(),
                  (out, ts) -> out.write(megabyte));
              a.receive();
            })
        .isInstanceOf(IOException.class);
    assertThat(events.await(ServerEvent.Aborted.class, e -> true, 3000).why())
        .contains("exceeded the limit");
  }

  @Test
  void floodOfSilentConnectionsIsShedAndTheServerStillServes() throws Exception {
    start(Services.builder().echo().build(), Fixtures.quickLimits(2, 2, ARTIM, IDLE));
    List<Socket> flood = new ArrayList<>();
    try {
      for (int i = 0; i < 30; i++) {
        try {
          flood.add(Fixtures.connect(server));
        } catch (java.net.SocketException e) {
          // shed before the connection was complete (reset while connecting): shed all the same
        }
      }
      for (Socket s : flood) {
        Fixtures.readUntilClosed(s, 5000);
      }
    } finally {
      for (Socket s : flood) {
        s.close();
      }
    }
    Fixtures.awaitIdleThreads(server.port(), 5000);
    assertThat(server.activeAssociations()).isZero();
    Association a =
        Fixtures.associate(
            server, "JAVA", List.of(Map.entry(UID.Verification, Services.UNCOMPRESSED)), null);
    a.send(1, Commands.request(Commands.C_ECHO_RQ, 1, UID.Verification, false).build(), null);
    DimseMessage rsp = a.receive();
    assertThat(rsp.status()).isZero();
    a.release();
  }

  @Test
  void closingTheServerAbortsOpenAssociationsAndEndsItsThreads() throws Exception {
    start();
    int port = server.port();
    Association a =
        Fixtures.associate(
            server, "JAVA", List.of(Map.entry(UID.Verification, Services.UNCOMPRESSED)), null);
    events.await(ServerEvent.Accepted.class, e -> true, 2000);
    long t0 = System.nanoTime();
    server.close();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
    assertThatThrownBy(a::receive).isInstanceOf(AssociationAbortedException.class);
    assertThat(Fixtures.threadsOf(port)).isEmpty();
    assertThat(events.await(ServerEvent.Aborted.class, e -> true, 100).why())
        .contains("shutting down");
  }

  /** Discards what is written. */
  static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
