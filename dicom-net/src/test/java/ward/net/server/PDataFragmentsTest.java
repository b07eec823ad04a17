package ward.net.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ward.dicom.DicomWriter;
import ward.dicom.TransferSyntax;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.pdu.Pdu;
import ward.net.pdu.PduCodec;
import ward.net.pdu.Pdv;

/**
 * The receive path reads PDV values straight from the connection into the handler's buffer (PS3.8
 * 9.3.5): however the peer splits a message into PDUs and PDVs, the handler gets exactly the data
 * set, and a malformed PDV after part of a data set has flowed still ends in an A-ABORT with the
 * handler seeing a failure rather than a complete data set.
 */
class PDataFragmentsTest {

  private final Fixtures.Events events = new Fixtures.Events();
  private final List<byte[]> stored = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private DicomServer server;

  private void start() throws IOException {
    server =
        Fixtures.server(
                Services.builder()
                    .store(
                        List.of(UID.SecondaryCaptureImageStorage),
                        Services.UNCOMPRESSED,
                        (rq, in) -> {
                          ByteArrayOutputStream got = new ByteArrayOutputStream();
                          try {
                            in.transferTo(got);
                          } catch (IOException e) {
                            failures.add(e);
                            throw e;
                          }
                          stored.add(got.toByteArray());
                          return Status.OK;
                        })
                    .build(),
                Fixtures.quickLimits(4, 4, 2000, 5000),
                events)
            .start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Association associate() throws IOException {
    return Fixtures.associate(
        server,
        "JAVA",
        List.of(Map.entry(UID.SecondaryCaptureImageStorage, Services.UNCOMPRESSED)),
        null);
  }

  /** A C-STORE-RQ command set in implicit VR little endian, with its group length (PS3.7 6.3.1). */
  private static byte[] storeCommand() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DicomWriter.writeDataSet(
        body,
        Commands.request(Commands.C_STORE_RQ, 7, UID.SecondaryCaptureImageStorage, true)
            .setString(Commands.AFFECTED_SOP_INSTANCE_UID, VR.UI, Fixtures.newUid())
            .setInts(Commands.PRIORITY, VR.US, 0)
            .build(),
        TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    head.putInt(0).putInt(4).putInt(body.size());
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(head.array());
    body.writeTo(all);
    return all.toByteArray();
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  private static void sendRaw(Association a, Pdv... pdvs) throws IOException {
    OutputStream out = a.socket().getOutputStream();
    PduCodec.write(out, new Pdu.PDataTf(List.of(pdvs)));
    out.flush();
  }

  @Test
  void commandAndDataSetSplitAcrossPdvsOfSharedPdusArriveWhole() throws Exception {
    start();
    byte[] cmd = storeCommand();
    byte[] data = pattern(120_000);
    try (Association a = associate()) {
      // one PDU: the command in two fragments, then the first data fragment and an empty one
      sendRaw(
          a,
          new Pdv(1, true, false, Arrays.copyOfRange(cmd, 0, 10)),
          new Pdv(1, true, true, Arrays.copyOfRange(cmd, 10, cmd.length)),
          new Pdv(1, false, false, Arrays.copyOfRange(data, 0, 1000)),
          new Pdv(1, false, false, new byte[0]));
      // then one PDU with the middle, and one with a tiny fragment and the last one
      sendRaw(a, new Pdv(1, false, false, Arrays.copyOfRange(data, 1000, 60_000)));
      sendRaw(
          a,
          new Pdv(1, false, false, Arrays.copyOfRange(data, 60_000, 60_001)),
          new Pdv(1, false, true, Arrays.copyOfRange(data, 60_001, data.length)));
      DimseMessage rsp = a.receive();
      assertThat(rsp.command().getInt(Commands.STATUS, -1)).isZero();
      assertThat(rsp.messageIdBeingRespondedTo()).isEqualTo(7);
    }
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0)).isEqualTo(data);
    assertThat(failures).isEmpty();
  }

  @Test
  void malformedPdvAfterPartOfTheDataSetAbortsAndTheHandlerSeesAFailure() throws Exception {
    start();
    byte[] cmd = storeCommand();
    Association a = associate();
    sendRaw(a, new Pdv(1, true, true, cmd), new Pdv(1, false, false, pattern(5000)));
    // a well-formed first PDV, then one on an even presentation context ID (PS3.8 9.3.5.1)
    sendRaw(a, new Pdv(1, false, false, pattern(100)), new Pdv(2, false, true, pattern(100)));
    assertThatThrownBy(a::receive).isInstanceOf(IOException.class);
    assertThat(events.await(ServerEvent.Aborted.class, e -> true, 3000).why())
        .contains("invalid PDV");
    assertThat(stored).isEmpty();
    assertThat(failures).hasSize(1);
    a.abort();
  }
}
