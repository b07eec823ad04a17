package ward.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import ward.dicom.DataSet;
import ward.dicom.DicomFormatException;
import ward.dicom.DicomReader;
import ward.dicom.DicomWriter;
import ward.dicom.ReadLimits;
import ward.dicom.ReadOptions;
import ward.dicom.TransferSyntax;
import ward.net.StateMachine.Action;
import ward.net.StateMachine.Event;
import ward.net.StateMachine.State;
import ward.net.pdu.Pdu;
import ward.net.pdu.PduCodec;
import ward.net.pdu.PduFormatException;
import ward.net.pdu.Pdv;
import ward.net.pdu.PresentationContext;

/**
 * One DICOM association over a connected socket (plain or TLS), from either side. It drives the
 * state machine of PS3.8 9.2 with every PDU sent and received, fragments outgoing messages to the
 * peer's maximum PDU length, and hands incoming data sets to the caller as streams, so a message of
 * any size passes through in bounded memory.
 *
 * <p>One thread receives; sending is safe from several threads (for example a C-CANCEL while a
 * response stream is being read).
 */
public final class Association implements Closeable {

  /** The largest command set accepted (commands are a few hundred bytes). */
  private static final int MAX_COMMAND_BYTES = 1 << 16;

  /**
   * Small on purpose: PDU headers and short PDUs come through the buffer, while a PDV value longer
   * than it is read from the socket straight into its own array (BufferedInputStream passes such
   * reads through), saving a copy of every data set byte.
   */
  private static final int READ_BUFFER = 8 << 10;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final StateMachine fsm;
  private final Limits limits;
  private final Pdu.AssociateRq request;
  private final Pdu.AssociateAc acceptance;
  private final Map<Integer, PresentationContext.Result> contexts = new HashMap<>();
  private final Map<Integer, String> abstractSyntaxes = new HashMap<>();
  private final Deque<Pdv> pending = new ArrayDeque<>();
  private final Object sendLock = new Object();
  private final boolean requestor;
  private volatile boolean peerReleased;
  private int nextMessageId = 1;

  /** Time and size bounds of one association. */
  public record Limits(int receivePduLength, int artimMillis, int idleMillis, int maxAssociatePdu) {
    public static final Limits DEFAULT = new Limits(1 << 16, 10_000, 120_000, 1 << 20);
  }

  private Association(
      Socket socket,
      InputStream in,
      OutputStream out,
      StateMachine fsm,
      Limits limits,
      Pdu.AssociateRq request,
      Pdu.AssociateAc acceptance,
      boolean requestor) {
    this.requestor = requestor;
    this.socket = socket;
    this.in = in;
    this.out = out;
    this.fsm = fsm;
    this.limits = limits;
    this.request = request;
    this.acceptance = acceptance;
    for (PresentationContext.Proposed p : request.presentationContexts()) {
      abstractSyntaxes.put(p.id(), p.abstractSyntax());
    }
    for (PresentationContext.Result r : acceptance.presentationContexts()) {
      contexts.put(r.id(), r);
    }
  }

  // ------------------------------------------------------------------ establishment

  /**
   * Requests an association over a connected socket (PS3.8 9.2: Evt1, Evt2, then AE-2).
   *
   * @throws AssociationRejectedException when the peer rejects
   * @throws AssociationAbortedException when the peer aborts or breaks the protocol
   */
  public static Association request(Socket socket, Pdu.AssociateRq rq, Limits limits)
      throws IOException {
    StateMachine fsm = new StateMachine(true);
    fsm.apply(Event.EVT1);
    fsm.apply(Event.EVT2);
    InputStream in = new BufferedInputStream(socket.getInputStream(), READ_BUFFER);
    OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    PduCodec.write(out, rq);
    out.flush();
    socket.setSoTimeout(limits.artimMillis());
    Pdu answer;
    try {
      answer = PduCodec.read(in, limits.receivePduLength(), limits.maxAssociatePdu());
    } catch (PduFormatException e) {
      fsm.apply(Event.EVT19);
      sendAbortQuietly(out, Pdu.Abort.SOURCE_SERVICE_PROVIDER, e.abortReason());
      socket.close();
      throw new AssociationAbortedException("the peer's answer is malformed: " + e.getMessage());
    } catch (SocketTimeoutException e) {
      socket.close();
      throw new AssociationAbortedException("no answer to the association request in time");
    }
    if (answer == null) {
      socket.close();
      throw new AssociationAbortedException("the peer closed the connection without answering");
    }
    if (answer instanceof Pdu.AssociateAc ac) {
      fsm.apply(Event.EVT3);
      socket.setSoTimeout(limits.idleMillis());
      return new Association(socket, in, out, fsm, limits, rq, ac, true);
    }
    socket.close();
    if (answer instanceof Pdu.AssociateRj rj) {
      fsm.apply(Event.EVT4);
      throw new AssociationRejectedException(rj);
    }
    if (answer instanceof Pdu.Abort abort) {
      throw new AssociationAbortedException(abort.describe());
    }
    throw new AssociationAbortedException(
        "unexpected answer to the association request: " + answer);
  }

  /**
   * Serves the association phase of an accepted connection: waits for the request under the ARTIM
   * timer, asks {@code policy}, and answers (PS3.8 9.2: Evt5, Evt6, then AE-7 or AE-8).
   *
   * @return the association, or null when the request was rejected or the peer misbehaved (the
   *     socket is then closed and the reason reported to {@code policy}).
   */
  public static Association accept(Socket socket, AssociationPolicy policy, Limits limits)
      throws IOException {
    StateMachine fsm = new StateMachine(false);
    fsm.apply(Event.EVT5);
    InputStream in = new BufferedInputStream(socket.getInputStream(), READ_BUFFER);
    OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    socket.setSoTimeout(limits.artimMillis());
    Pdu pdu;
    try {
      if (socket instanceof SSLSocket ssl) {
        ssl.startHandshake();
      }
      pdu = PduCodec.read(in, limits.receivePduLength(), limits.maxAssociatePdu());
    } catch (PduFormatException e) {
      fsm.apply(Event.EVT19);
      sendAbortQuietly(out, Pdu.Abort.SOURCE_SERVICE_PROVIDER, e.abortReason());
      policy.refused(socket, "malformed association request: " + e.getMessage());
      socket.close();
      return null;
    } catch (SocketTimeoutException e) {
      fsm.apply(Event.EVT18);
      policy.refused(socket, "no association request within " + limits.artimMillis() + " ms");
      socket.close();
      return null;
    } catch (IOException e) {
      policy.refused(socket, "connection failed before an association request: " + e.getMessage());
      socket.close();
      return null;
    }
    if (!(pdu instanceof Pdu.AssociateRq rq)) {
      if (pdu != null) {
        Action a = fsm.apply(pdu instanceof Pdu.Abort ? Event.EVT16 : eventOf(pdu));
        if (a == Action.AA_1) {
          sendAbortQuietly(out, Pdu.Abort.SOURCE_SERVICE_PROVIDER, Pdu.Abort.UNEXPECTED_PDU);
        }
      }
      policy.refused(
          socket,
          pdu == null
              ? "closed before requesting"
              : "sent " + pdu.getClass().getSimpleName() + " before requesting an association");
      socket.close();
      return null;
    }
    Pdu answer = policy.negotiate(socket, rq);
    if (answer instanceof Pdu.AssociateAc ac) {
      fsm.apply(Event.EVT6, true);
      fsm.apply(Event.EVT7);
      PduCodec.write(out, ac);
      out.flush();
      socket.setSoTimeout(limits.idleMillis());
      return new Association(socket, in, out, fsm, limits, rq, ac, false);
    }
    fsm.apply(Event.EVT6, false);
    PduCodec.write(out, answer);
    out.flush();
    awaitClose(socket, in, limits.artimMillis());
    return null;
  }

  /** After a reject or release: give the peer the ARTIM interval to close, then close. */
  private static void awaitClose(Socket socket, InputStream in, int artimMillis) {
    try {
      socket.setSoTimeout(artimMillis);
      byte[] drain = new byte[512];
      while (in.read(drain) >= 0) {
        // a well-behaved peer sends nothing more; bytes it sends are ignored (AA-6)
      }
    } catch (IOException ignored) {
      // timeout or reset: the connection is closed below either way
    } finally {
      closeQuietly(socket);
    }
  }

  private static Event eventOf(Pdu pdu) {
    if (pdu instanceof Pdu.AssociateRq) {
      return Event.EVT6;
    } else if (pdu instanceof Pdu.AssociateAc) {
      return Event.EVT3;
    } else if (pdu instanceof Pdu.AssociateRj) {
      return Event.EVT4;
    } else if (pdu instanceof Pdu.PDataTf) {
      return Event.EVT10;
    } else if (pdu instanceof Pdu.ReleaseRq) {
      return Event.EVT12;
    } else if (pdu instanceof Pdu.ReleaseRp) {
      return Event.EVT13;
    }
    return Event.EVT16;
  }

  // ------------------------------------------------------------------ properties

  public Pdu.AssociateRq request() {
    return request;
  }

  public Pdu.AssociateAc acceptance() {
    return acceptance;
  }

  public String callingAe() {
    return request.callingAe();
  }

  public String calledAe() {
    return request.calledAe();
  }

  public Socket socket() {
    return socket;
  }

  public boolean isOpen() {
    return fsm.state() == State.STA6 && !socket.isClosed();
  }

  /** The accepted presentation context for an abstract syntax and transfer syntax, or -1. */
  public int contextFor(String abstractSyntax, String transferSyntax) {
    for (PresentationContext.Result r : acceptance.presentationContexts()) {
      if (r.accepted()
          && abstractSyntax.equals(abstractSyntaxes.get(r.id()))
          && (transferSyntax == null || transferSyntax.equals(r.transferSyntax()))) {
        return r.id();
      }
    }
    return -1;
  }

  /** The abstract syntax of a presentation context. */
  public String abstractSyntaxOf(int contextId) {
    return abstractSyntaxes.get(contextId);
  }

  /** The transfer syntax accepted for a presentation context, or null if it was not accepted. */
  public String transferSyntaxOf(int contextId) {
    PresentationContext.Result r = contexts.get(contextId);
    return r != null && r.accepted() ? r.transferSyntax() : null;
  }

  public synchronized int nextMessageId() {
    int id = nextMessageId;
    nextMessageId = nextMessageId == 0xFFFF ? 1 : nextMessageId + 1;
    return id;
  }

  /** The largest P-DATA-TF the peer accepts, from its user information. */
  private long peerMaxPdu() {
    long max =
        requestor
            ? acceptance.userInformation().maxPduLength()
            : request.userInformation().maxPduLength();
    // 0 means no limit (PS3.8 D.1); fragments are kept to a sensible size anyway.
    return max == 0 || max > (1 << 20) ? 1 << 20 : Math.max(max, 64);
  }

  // ------------------------------------------------------------------ sending

  /** Writes the data set of a message; called with a stream that fragments into PDVs. */
  @FunctionalInterface
  public interface DataWriter {
    void writeTo(OutputStream out, String transferSyntaxUid) throws IOException;

    /** Writes a data set in the context's transfer syntax. */
    static DataWriter of(DataSet dataSet) {
      return (out, ts) -> DicomWriter.writeDataSet(out, dataSet, TransferSyntax.of(ts));
    }
  }

  /**
   * Sends a DIMSE message: the command set (implicit VR little endian, PS3.7 6.3.1) and, when
   * {@code data} is not null, the data set in the context's transfer syntax.
   */
  public void send(int contextId, DataSet command, DataWriter data) throws IOException {
    String ts = transferSyntaxOf(contextId);
    if (ts == null) {
      throw new IllegalArgumentException("presentation context " + contextId + " was not accepted");
    }
    ByteArrayOutputStream cmd = new ByteArrayOutputStream(256);
    DicomWriter.writeDataSet(
        cmd, Commands.withGroupLength(command), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    synchronized (sendLock) {
      checkCanSend();
      try (PDataOutputStream p = new PDataOutputStream(contextId, true)) {
        p.write(cmd.toByteArray());
      }
      if (data != null) {
        try (PDataOutputStream p = new PDataOutputStream(contextId, false)) {
          data.writeTo(p, ts);
        }
      }
      out.flush();
    }
  }

  private void checkCanSend() throws IOException {
    State s = fsm.state();
    if (s != State.STA6 && s != State.STA8) {
      throw new AssociationAbortedException("cannot send in state: " + s.description);
    }
  }

  /** Fragments what is written into P-DATA-TF PDUs of at most the peer's maximum length. */
  private final class PDataOutputStream extends OutputStream {
    private final int contextId;
    private final boolean command;
    private final byte[] buf;
    private int n;

    PDataOutputStream(int contextId, boolean command) {
      this.contextId = contextId;
      this.command = command;
      this.buf = new byte[(int) peerMaxPdu() - 6];
    }

    @Override
    public void write(int b) throws IOException {
      if (n == buf.length) {
        flushFragment(false);
      }
      buf[n++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (n == buf.length) {
          flushFragment(false);
        }
        int k = Math.min(len, buf.length - n);
        System.arraycopy(b, off, buf, n, k);
        n += k;
        off += k;
        len -= k;
      }
    }

    private void flushFragment(boolean last) throws IOException {
      fsm.apply(Event.EVT9);
      PduCodec.writeSinglePdv(out, contextId, command, last, buf, 0, n);
      n = 0;
    }

    @Override
    public void close() throws IOException {
      flushFragment(true);
    }
  }

  // ------------------------------------------------------------------ receiving

  /**
   * Receives the next DIMSE message. The data set, if any, is a stream that must be read (or
   * closed) before the next call. Returns null when the peer released the association (this side
   * has answered the release), and throws {@link AssociationAbortedException} when it aborted.
   */
  public DimseMessage receive() throws IOException {
    Pdv first = nextPdv();
    if (first == null) {
      return null;
    }
    if (!first.command()) {
      throw protocolError("a data set fragment arrived where a command was expected");
    }
    int pc = first.contextId();
    if (transferSyntaxOf(pc) == null) {
      throw protocolError(
          "a message arrived on presentation context " + pc + ", which was not accepted");
    }
    ByteArrayOutputStream cmd = new ByteArrayOutputStream(256);
    Pdv p = first;
    while (true) {
      if (cmd.size() + p.data().length > MAX_COMMAND_BYTES) {
        throw protocolError("command set larger than " + MAX_COMMAND_BYTES + " bytes");
      }
      cmd.write(p.data());
      if (p.last()) {
        break;
      }
      p = nextPdv();
      if (p == null || !p.command() || p.contextId() != pc) {
        throw protocolError("command fragments interleaved with other PDVs");
      }
    }
    DataSet command;
    try {
      command =
          DicomReader.read(
                  cmd.toByteArray(),
                  ReadOptions.DEFAULT
                      .withRawTransferSyntax(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)
                      .withLimits(
                          ReadLimits.DEFAULT.withMaxValueBytes(MAX_COMMAND_BYTES).withMaxDepth(2)))
              .dataSet();
    } catch (DicomFormatException e) {
      throw protocolError("malformed command set: " + e.getMessage());
    }
    InputStream data = Commands.hasDataSet(command) ? new PDataInputStream(pc) : null;
    return new DimseMessage(pc, command, data);
  }

  /** Reads the data set fragments of one message as a stream. */
  private final class PDataInputStream extends InputStream {
    private final int contextId;
    private Pdv current;
    private int pos;
    private boolean done;

    PDataInputStream(int contextId) {
      this.contextId = contextId;
    }

    private boolean fill() throws IOException {
      while (current == null || pos == current.data().length) {
        if (done) {
          return false;
        }
        if (current != null && current.last()) {
          done = true;
          return false;
        }
        Pdv p = nextPdv();
        if (p == null) {
          throw new AssociationAbortedException("the peer released in the middle of a data set");
        }
        if (p.command() || p.contextId() != contextId) {
          throw protocolError("data set fragments interleaved with other PDVs");
        }
        current = p;
        pos = 0;
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      if (!fill()) {
        return -1;
      }
      return current.data()[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int k = Math.min(len, current.data().length - pos);
      System.arraycopy(current.data(), pos, b, off, k);
      pos += k;
      return k;
    }

    /** Drains what the reader left, so the association stays in step. */
    @Override
    public void close() throws IOException {
      while (fill()) {
        pos = current.data().length;
      }
    }
  }

  /** The next PDV, reading PDUs as needed; null after the peer released. */
  private Pdv nextPdv() throws IOException {
    while (pending.isEmpty()) {
      if (peerReleased) {
        return null;
      }
      Pdu pdu = readPdu();
      if (pdu instanceof Pdu.PDataTf p) {
        fsm.apply(Event.EVT10);
        pending.addAll(p.pdvs());
      } else if (pdu instanceof Pdu.ReleaseRq) {
        Action a = fsm.apply(Event.EVT12);
        if (a == Action.AR_2) {
          synchronized (sendLock) {
            fsm.apply(Event.EVT14);
            PduCodec.write(out, new Pdu.ReleaseRp());
            out.flush();
          }
          peerReleased = true;
          awaitClose(socket, in, limits.artimMillis());
          return null;
        }
        throw protocolError("unexpected A-RELEASE-RQ");
      } else if (pdu instanceof Pdu.Abort abort) {
        fsm.apply(Event.EVT16);
        closeQuietly(socket);
        throw new AssociationAbortedException(abort.describe());
      } else {
        throw protocolError(
            "unexpected " + pdu.getClass().getSimpleName() + " during data transfer");
      }
    }
    return pending.poll();
  }

  private Pdu readPdu() throws IOException {
    try {
      Pdu pdu = PduCodec.read(in, limits.receivePduLength(), limits.maxAssociatePdu());
      if (pdu == null) {
        fsm.apply(Event.EVT17);
        closeQuietly(socket);
        throw new AssociationAbortedException("the peer closed the connection");
      }
      return pdu;
    } catch (PduFormatException e) {
      Action a = fsm.apply(Event.EVT19);
      if (a == Action.AA_8 || a == Action.AA_1 || a == Action.AA_7) {
        synchronized (sendLock) {
          sendAbortQuietly(out, Pdu.Abort.SOURCE_SERVICE_PROVIDER, e.abortReason());
        }
      }
      closeQuietly(socket);
      throw new AssociationAbortedException("aborted: " + e.getMessage());
    } catch (SocketTimeoutException e) {
      abortQuietly(Pdu.Abort.SOURCE_SERVICE_PROVIDER, Pdu.Abort.REASON_NOT_SPECIFIED);
      throw new AssociationAbortedException("aborted: the peer was idle for too long");
    } catch (EOFException | SocketException e) {
      closeQuietly(socket);
      throw new AssociationAbortedException("connection lost: " + e.getMessage());
    }
  }

  private AssociationAbortedException protocolError(String why) {
    abortQuietly(Pdu.Abort.SOURCE_SERVICE_PROVIDER, Pdu.Abort.UNEXPECTED_PDU);
    return new AssociationAbortedException("aborted: " + why);
  }

  // ------------------------------------------------------------------ release and abort

  /**
   * Releases the association (PS3.8 9.2: AR-1, then AR-3 on A-RELEASE-RP). P-DATA arriving while
   * waiting (AR-6) is discarded; a release collision is answered as the standard says.
   */
  public void release() throws IOException {
    synchronized (sendLock) {
      if (fsm.state() != State.STA6) {
        closeQuietly(socket);
        return;
      }
      fsm.apply(Event.EVT11);
      PduCodec.write(out, new Pdu.ReleaseRq());
      out.flush();
    }
    try {
      socket.setSoTimeout(limits.artimMillis());
      while (true) {
        Pdu pdu = PduCodec.read(in, limits.receivePduLength(), limits.maxAssociatePdu());
        if (pdu == null) {
          fsm.apply(Event.EVT17);
          return;
        }
        Action a = fsm.apply(eventOf(pdu));
        switch (a) {
          case AR_3 -> {
            return;
          }
          case AR_8 -> {
            // release collision: the requestor answers first (AR-9), then waits for the RP
            if (fsm.state() == State.STA9) {
              fsm.apply(Event.EVT14);
              synchronized (sendLock) {
                PduCodec.write(out, new Pdu.ReleaseRp());
                out.flush();
              }
            }
          }
          case AR_10 -> {
            fsm.apply(Event.EVT14);
            synchronized (sendLock) {
              PduCodec.write(out, new Pdu.ReleaseRp());
              out.flush();
            }
            return;
          }
          case AR_6 -> {
            // P-DATA after our release request: the service user gets it; here nobody waits.
          }
          case AA_3 -> {
            return;
          }
          default -> {
            abortQuietly(Pdu.Abort.SOURCE_SERVICE_PROVIDER, Pdu.Abort.UNEXPECTED_PDU);
            return;
          }
        }
      }
    } catch (IllegalStateException | InterruptedIOException | PduFormatException e) {
      abortQuietly(Pdu.Abort.SOURCE_SERVICE_PROVIDER, Pdu.Abort.UNEXPECTED_PDU);
    } finally {
      closeQuietly(socket);
    }
  }

  /** Aborts the association as the service user (AA-1) and closes the connection. */
  public void abort() {
    abortQuietly(Pdu.Abort.SOURCE_SERVICE_USER, Pdu.Abort.REASON_NOT_SPECIFIED);
  }

  private void abortQuietly(int source, int reason) {
    synchronized (sendLock) {
      if (fsm.state() != State.STA1 && fsm.state() != State.STA13) {
        try {
          fsm.apply(Event.EVT15);
        } catch (IllegalStateException ignored) {
          // already closing
        }
        sendAbortQuietly(out, source, reason);
      }
    }
    closeQuietly(socket);
  }

  private static void sendAbortQuietly(OutputStream out, int source, int reason) {
    try {
      PduCodec.write(out, new Pdu.Abort(source, reason));
      out.flush();
    } catch (IOException ignored) {
      // the connection is going away anyway
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  /** Releases if still established; otherwise closes. */
  @Override
  public void close() throws IOException {
    if (isOpen()) {
      release();
    } else {
      closeQuietly(socket);
    }
  }

  /** The presentation contexts the acceptor answered. */
  public List<PresentationContext.Result> results() {
    return acceptance.presentationContexts();
  }
}
