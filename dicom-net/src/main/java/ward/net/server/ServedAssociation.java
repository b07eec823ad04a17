package ward.net.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import ward.dicom.DataSet;
import ward.dicom.DicomFormatException;
import ward.dicom.DicomReader;
import ward.dicom.ReadLimits;
import ward.dicom.ReadOptions;
import ward.dicom.TransferSyntax;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.AssociationAbortedException;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.pdu.UserInformation;

/**
 * One connection on a {@link DicomServer}, from the association request to its end. Its thread is
 * the association's only reader: it answers C-ECHO and C-STORE itself, and hands C-FIND, C-GET and
 * C-MOVE to an operation thread while it goes on receiving, so that a C-CANCEL-RQ, and the
 * C-STORE-RSPs of C-GET sub-operations, reach the running operation (PS3.7 9.3.2.3).
 *
 * <p>Timers: the association's own idle limit bounds every read while no operation runs. While one
 * runs the peer may legitimately be silent, so the read is untimed; the {@link Transport} instead
 * bounds every send (a peer that stops reading) and the quiet time after the operation ends.
 */
final class ServedAssociation implements Runnable {
  private static final DimseMessage ENDED = new DimseMessage(0, DataSet.EMPTY, null);

  final long id;
  private final DicomServer server;
  private final Socket socket;
  private final Transport transport;
  private final InetSocketAddress peer;
  private final ServerLimits limits;
  private final long idleNanos;
  private final String stalled;
  private final BlockingQueue<DimseMessage> subResponses = new ArrayBlockingQueue<>(1);
  private volatile Association association;
  private volatile Operation current;
  private volatile AssociationInfo info;
  private Future<?> running;

  /** What received data sets are copied through (reader thread only), from the first one on. */
  private byte[] transferBuffer;

  ServedAssociation(long id, DicomServer server, Socket socket) {
    this.id = id;
    this.server = server;
    this.socket = socket;
    this.peer = Negotiator.peerOf(socket);
    this.limits = server.limits();
    this.transport = new Transport(socket, limits.association().idleMillis());
    this.stalled =
        "aborted: the peer read nothing for "
            + limits.association().idleMillis()
            + " ms while the server was sending";
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(limits.association().idleMillis());
  }

  InetSocketAddress peer() {
    return peer;
  }

  AssociationInfo info() {
    return info;
  }

  ServerLimits limits() {
    return limits;
  }

  String aeTitle() {
    return server.aeTitle();
  }

  Transport transport() {
    return transport;
  }

  // ------------------------------------------------------------------ the reader thread

  @Override
  public void run() {
    boolean released = false;
    String failure = null;
    int artim = limits.association().artimMillis();
    Negotiator negotiator =
        new Negotiator(
            server.aeTitle(),
            server.services(),
            server.gate(),
            server::emit,
            limits.association().receivePduLength(),
            transport,
            artim);
    try {
      socket.setTcpNoDelay(true);
      // ARTIM bounds each read of the request; this bounds the request (and a TLS handshake) whole.
      transport.deadlineIn(2L * artim);
      Association a = Association.accept(socket, negotiator, limits.association());
      transport.noDeadline();
      if (a == null) {
        return; // the negotiator reported the rejection or refusal
      }
      info = new AssociationInfo(id, a.callingAe(), a.calledAe(), peer, negotiator.principal());
      association = a;
      transport.attach(a);
      server.emit(
          new ServerEvent.Accepted(id, peer, a.callingAe(), a.calledAe(), negotiator.principal()));
      released = serve(a);
    } catch (IOException | RuntimeException e) {
      failure = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    } finally {
      transport.close(false);
      endOperation();
      String why = transport.endReason() != null ? transport.endReason() : failure;
      if (association != null) {
        server.emit(
            released && transport.endReason() == null
                ? new ServerEvent.Released(id, peer)
                : new ServerEvent.Aborted(id, peer, why == null ? "closed" : why));
      } else if (why != null && !negotiator.reported()) {
        server.emit(new ServerEvent.Refused(peer, why));
      }
      server.finished(this);
    }
  }

  /** Receives and dispatches until the peer releases (true) or the association fails (throws). */
  private boolean serve(Association a) throws IOException {
    int idleMillis = limits.association().idleMillis();
    while (true) {
      socket.setSoTimeout(current != null ? 0 : idleMillis);
      DimseMessage m = a.receive();
      transport.heard();
      if (m == null) {
        return true;
      }
      socket.setSoTimeout(idleMillis);
      dispatch(a, m);
    }
  }

  private void dispatch(Association a, DimseMessage m) throws IOException {
    int field = m.commandField();
    Operation op = current;
    if (field == Commands.C_CANCEL_RQ) {
      discard(m);
      if (op != null && op.messageId() == m.messageIdBeingRespondedTo()) {
        op.cancel();
      }
      return; // a cancel that arrives after the final response is ignored
    }
    if (op != null) {
      if (field == Commands.C_STORE_RSP
          && op.awaitedResponse() == m.messageIdBeingRespondedTo()
          && op.awaitedResponse() >= 0) {
        discard(m);
        op.await(-1);
        if (subResponses.offer(m)) {
          return;
        }
      }
      throw protocolError(
          "command 0x"
              + Integer.toHexString(field)
              + " arrived while message "
              + op.messageId()
              + " was being served (no asynchronous operations were negotiated)");
    }
    if (field < 0 || (field & 0x8000) != 0) {
      throw protocolError("unexpected response, command 0x" + Integer.toHexString(field));
    }
    switch (field) {
      case Commands.C_ECHO_RQ -> echo(a, m);
      case Commands.C_STORE_RQ -> store(a, m);
      case Commands.C_FIND_RQ, Commands.C_GET_RQ, Commands.C_MOVE_RQ -> startOperation(a, m);
      case 0x0100, 0x0110, 0x0120, 0x0130, 0x0140, 0x0150 -> { // N-EVENT-REPORT to N-DELETE
        discard(m);
        respond(
            a,
            m.contextId(),
            m.command(),
            field | 0x8000,
            Status.of(Status.UNRECOGNIZED_OPERATION, "operation not supported"));
      }
      default -> throw protocolError("unknown command 0x" + Integer.toHexString(field));
    }
  }

  // ------------------------------------------------------------------ C-ECHO, C-STORE

  private void echo(Association a, DimseMessage m) throws IOException {
    discard(m);
    Services.Service service = server.services().lookup(a.abstractSyntaxOf(m.contextId()));
    Status status =
        service instanceof Services.Echo
            ? Status.OK
            : Status.of(Status.UNRECOGNIZED_OPERATION, "C-ECHO on a non-verification context");
    respond(a, m.contextId(), m.command(), Commands.C_ECHO_RSP, status);
  }

  /** PS3.7 9.1.1, PS3.4 B.2: the data set streams from the network into the handler. */
  private void store(Association a, DimseMessage m) throws IOException {
    int pc = m.contextId();
    DataSet cmd = m.command();
    String abstractSyntax = a.abstractSyntaxOf(pc);
    String sopClass = cmd.getString(Commands.AFFECTED_SOP_CLASS_UID);
    String sopInstance = cmd.getString(Commands.AFFECTED_SOP_INSTANCE_UID);
    Services.Service service = server.services().lookup(abstractSyntax);
    if (m.data() == null) {
      respond(
          a,
          pc,
          cmd,
          Commands.C_STORE_RSP,
          Status.of(Status.UNABLE_TO_PROCESS, "C-STORE-RQ without a data set"));
      return;
    }
    LimitedInputStream data =
        new LimitedInputStream(m.data(), limits.maxDataSetBytes(), transferBuffer());
    Status status;
    if (!(service instanceof Services.Store store) || !requestorMayBeScu(a, abstractSyntax)) {
      status = Status.of(Status.SOP_CLASS_NOT_SUPPORTED, "no storage service on this context");
    } else if (!abstractSyntax.equals(sopClass)) {
      status =
          Status.of(
              Status.SOP_CLASS_NOT_SUPPORTED,
              "Affected SOP Class differs from the presentation context");
    } else if (sopInstance == null || sopInstance.isBlank()) {
      status = Status.of(Status.UNABLE_TO_PROCESS, "no Affected SOP Instance UID");
    } else {
      StoreRequest rq =
          new StoreRequest(
              info,
              m.messageId(),
              cmd.getInt(Commands.PRIORITY, Commands.PRIORITY_MEDIUM),
              sopClass,
              sopInstance,
              a.transferSyntaxOf(pc),
              cmd.getString(Commands.MOVE_ORIGINATOR_AE_TITLE),
              cmd.getInt(Commands.MOVE_ORIGINATOR_MESSAGE_ID, -1));
      status = callStore(store.handler(), rq, data);
    }
    finish(data);
    respond(a, pc, cmd, Commands.C_STORE_RSP, status);
  }

  private Status callStore(StoreHandler handler, StoreRequest rq, LimitedInputStream data)
      throws IOException {
    try {
      Status s = handler.store(rq, data);
      return s != null ? s : Status.of(Status.UNABLE_TO_PROCESS, "no status");
    } catch (DimseException e) {
      return e.status();
    } catch (IOException | RuntimeException e) {
      if (data.networkFailure() != null) {
        throw data.networkFailure();
      }
      if (!data.exceeded()) {
        handlerFailed("C-STORE", e);
      }
      return Status.of(Status.UNABLE_TO_PROCESS, "the instance was not stored");
    }
  }

  // ------------------------------------------------------------------ C-FIND, C-GET, C-MOVE

  private void startOperation(Association a, DimseMessage m) throws IOException {
    int field = m.commandField();
    int pc = m.contextId();
    int rspField = field | 0x8000;
    DataSet cmd = m.command();
    String model = a.abstractSyntaxOf(pc);
    String ts = a.transferSyntaxOf(pc);
    Services.Service service = server.services().lookup(model);
    boolean fits =
        switch (field) {
          case Commands.C_FIND_RQ -> service instanceof Services.Find;
          case Commands.C_GET_RQ -> service instanceof Services.Get;
          default -> service instanceof Services.Move;
        };
    if (!fits || !requestorMayBeScu(a, model)) {
      discard(m);
      respond(
          a,
          pc,
          cmd,
          rspField,
          Status.of(Status.UNRECOGNIZED_OPERATION, "operation not supported on this context"));
      return;
    }
    if (m.data() == null) {
      respond(a, pc, cmd, rspField, Status.of(Status.DOES_NOT_MATCH_SOP_CLASS, "no identifier"));
      return;
    }
    LimitedInputStream in = new LimitedInputStream(m.data(), limits.maxIdentifierBytes());
    DataSet identifier = null;
    Status bad = null;
    try {
      identifier = DicomReader.read(in, identifierOptions(ts)).dataSet();
    } catch (DicomFormatException e) {
      bad = Status.of(Status.UNABLE_TO_PROCESS, "cannot decode the identifier: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      if (in.networkFailure() != null) {
        throw in.networkFailure();
      }
      bad = Status.of(Status.UNABLE_TO_PROCESS, "cannot decode the identifier");
    }
    finish(in);
    if (bad == null) {
      bad = QueryRetrieveLevel.check(model, identifier);
    }
    if (bad != null) {
      respond(a, pc, cmd, rspField, bad);
      return;
    }
    String destination = cmd.getString(Commands.MOVE_DESTINATION);
    DimseRequest rq =
        new DimseRequest(
            info,
            m.messageId(),
            cmd.getInt(Commands.PRIORITY, Commands.PRIORITY_MEDIUM),
            model,
            ts,
            field == Commands.C_MOVE_RQ ? (destination == null ? "" : destination.strip()) : null);
    Operation op = new Operation(pc, cmd, identifier, rq, service);
    current = op;
    try {
      running = server.operations().submit(() -> runOperation(a, op));
    } catch (RejectedExecutionException e) {
      current = null;
      throw new AssociationAbortedException("the server is shutting down");
    }
  }

  private ReadOptions identifierOptions(String ts) {
    int max = limits.maxIdentifierBytes();
    return ReadOptions.DEFAULT
        .withRawTransferSyntax(TransferSyntax.of(ts))
        .withLimits(
            ReadLimits.DEFAULT
                .withMaxValueBytes(max)
                .withMaxHeapBytes(max)
                .withMaxInflatedBytes(max)
                .withMaxElements(Math.max(1000, max / 8))
                .withMaxDepth(8));
  }

  private void runOperation(Association a, Operation op) {
    try {
      if (op.service instanceof Services.Find find) {
        FindOperation.run(this, a, op, find.handler());
      } else {
        new RetrieveOperation(this, a, op).run();
      }
    } catch (IOException e) {
      transport.abortNow(e.getMessage());
    } catch (RuntimeException e) {
      server.emit(new ServerEvent.HandlerFailed(id, peer, "operation", e));
      transport.abortNow("internal error: " + e);
    } finally {
      if (current == op) {
        current = null;
      }
    }
  }

  /**
   * Marks the operation done just before its final response is sent: from here the peer may send
   * its next request, and the reader (possibly in an untimed read) is watched for idleness again.
   */
  void completing(Operation op) {
    transport.quietFromNow();
    if (current == op) {
      current = null;
    }
  }

  /**
   * Waits for the C-STORE-RSP of a C-GET sub-operation, which the reader thread routes here.
   *
   * @throws IOException when none comes within the idle limit or the association ends
   */
  DimseMessage awaitSubResponse(Operation op) throws IOException {
    DimseMessage rsp;
    try {
      rsp = subResponses.poll(idleNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssociationAbortedException("interrupted");
    }
    if (rsp == null) {
      op.await(-1);
      throw new AssociationAbortedException(
          "aborted: no C-STORE response within " + limits.association().idleMillis() + " ms");
    }
    if (ENDED.equals(rsp)) {
      throw new AssociationAbortedException("the association ended");
    }
    return rsp;
  }

  /** After the reader ends: stop the operation and wait for its thread. */
  private void endOperation() {
    Operation op = current;
    if (op != null) {
      op.cancel();
    }
    subResponses.clear();
    subResponses.offer(ENDED);
    Future<?> f = running;
    if (f != null) {
      try {
        f.get();
      } catch (ExecutionException ignored) {
        // reported by the operation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ------------------------------------------------------------------ roles

  /** Whether the requestor may invoke operations on contexts of this abstract syntax. */
  static boolean requestorMayBeScu(Association a, String abstractSyntax) {
    for (UserInformation.RoleSelection r : a.acceptance().userInformation().roles()) {
      if (r.sopClassUid().equals(abstractSyntax)) {
        return r.scu();
      }
    }
    return true;
  }

  /** Whether the requestor accepted the SCP role for this abstract syntax (for C-GET). */
  static boolean requestorMayBeScp(Association a, String abstractSyntax) {
    for (UserInformation.RoleSelection r : a.acceptance().userInformation().roles()) {
      if (r.sopClassUid().equals(abstractSyntax)) {
        return r.scp();
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ sending

  /** A response command answering {@code rq}, with the error comment of failures and warnings. */
  static DataSet.Builder response(DataSet rq, int field, Status status, boolean withData) {
    DataSet.Builder b = Commands.response(rq, field, status.code(), withData);
    if (status.errorComment() != null
        && !status.errorComment().isEmpty()
        && (status.isFailure() || status.isWarning())) {
      b.setString(Commands.ERROR_COMMENT, VR.LO, status.errorComment());
    }
    return b;
  }

  private void respond(Association a, int pc, DataSet rq, int field, Status status)
      throws IOException {
    send(a, pc, response(rq, field, status, false).build(), null);
  }

  /** Sends on the served association or a sub-association, under the watchdog. */
  void send(Association target, int pc, DataSet command, Association.DataWriter data)
      throws IOException {
    transport.send(target, pc, command, data);
  }

  // ------------------------------------------------------------------ data sets from the network

  /** Reads and discards a message's data set, within the data set limit. */
  private void discard(DimseMessage m) throws IOException {
    if (m.data() != null) {
      finish(new LimitedInputStream(m.data(), limits.maxDataSetBytes(), transferBuffer()));
    }
  }

  /**
   * 256 KiB: a 0.5 MB image reaches its handler's {@code transferTo} destination in two or three
   * writes.
   */
  private byte[] transferBuffer() {
    if (transferBuffer == null) {
      transferBuffer = new byte[1 << 18];
    }
    return transferBuffer;
  }

  /** Drains what a handler left; aborts when the peer sends more than the limit. */
  private void finish(LimitedInputStream data) throws IOException {
    try {
      if (!data.exceeded()) {
        data.drain();
      }
    } catch (IOException e) {
      if (data.networkFailure() != null) {
        throw data.networkFailure();
      }
    }
    if (data.exceeded()) {
      throw protocolError("a data set exceeded the limit of " + data.limit() + " bytes");
    }
  }

  // ------------------------------------------------------------------ ending

  private AssociationAbortedException protocolError(String why) {
    transport.abortNow("aborted: " + why);
    return new AssociationAbortedException("aborted: " + why);
  }

  void handlerFailed(String service, Throwable e) {
    server.emit(new ServerEvent.HandlerFailed(id, peer, service, e));
  }

  /** Aborts from another thread (the watchdog, shutdown); see {@link Transport#abortNow}. */
  void abortNow(String why) {
    transport.abortNow(why);
  }

  void kill(String why) {
    transport.kill(why);
  }

  /** Called by the watchdog. */
  void checkTimers(long now) {
    if (transport.checkTimers(now, stalled)) {
      server.abortLater(this, "aborted: the peer was idle for too long");
    }
  }
}
