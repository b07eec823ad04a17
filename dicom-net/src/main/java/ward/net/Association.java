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

  /** Body bytes of the P-DATA-TF being read that are not read yet (PDV headers and values). */
  private int pduLeft;

  /** Value bytes of the PDV being read that are not read yet. */
  private int pdvLeft;

  /** Reused for the data set fragments sent, under {@link #sendLock}. */
  private byte[] fragment;

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
      sendCommand(contextId, cmd.toByteArray());
      if (data != null) {
        try (PDataOutputStream p = new PDataOutputStream(contextId)) {
          data.writeTo(p, ts);
        }
      }
      out.flush();
    }
  }

  /** The command set as P-DATA-TF PDUs of at most the peer's maximum length (PS3.8 9.3.5). */
  private void sendCommand(int contextId, byte[] cmd) throws IOException {
    int max = (int) peerMaxPdu() - 6;
    int off = 0;
    do {
      int k = Math.min(max, cmd.length - off);
      fsm.apply(Event.EVT9);
      PduCodec.writeSinglePdv(out, contextId, true, off + k == cmd.length, cmd, off, k);
      off += k;
    } while (off < cmd.length);
  }

  private void checkCanSend() throws IOException {
    State s = fsm.state();
    if (s != State.STA6 && s != State.STA8) {
      throw new AssociationAbortedException("cannot send in state: " + s.description);
    }
  }

  /**
   * Fragments the data set written into P-DATA-TF PDUs of at most the peer's maximum length. The
   * fragment buffer is the association's, reused from message to message; a write of at least a
   * whole fragment while the buffer is empty goes out without being copied into it.
   */
  private final class PDataOutputStream extends OutputStream {
    private final int contextId;
    private final byte[] buf;
    private int n;

    PDataOutputStream(int contextId) {
      this.contextId = contextId;
      int size = (int) peerMaxPdu() - 6;
      if (fragment == null || fragment.length != size) {
        fragment = new byte[size];
      }
      this.buf = fragment;
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
        if (n == 0 && len > buf.length) {
          // a whole fragment, and more to follow: sent from the caller's array
          fsm.apply(Event.EVT9);
          PduCodec.writeSinglePdv(out, contextId, false, false, b, off, buf.length);
          off += buf.length;
          len -= buf.length;
          continue;
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
      PduCodec.writeSinglePdv(out, contextId, false, last, buf, 0, n);
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
    PduCodec.PdvHeader first = nextPdv();
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
    PduCodec.PdvHeader p = first;
    while (true) {
      if (cmd.size() + p.valueLength() > MAX_COMMAND_BYTES) {
        throw protocolError("command set larger than " + MAX_COMMAND_BYTES + " bytes");
      }
      cmd.write(readPdvValue(p.valueLength()));
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

  /**
   * Reads the data set fragments of one message as a stream: each read takes the value of the
   * current PDV straight from the connection into the caller's array, so a data set is copied once
   * on its way from the socket to its reader.
   */
  private final class PDataInputStream extends InputStream {
    private final int contextId;
    private final byte[] one = new byte[1];
    private boolean started;
    private boolean last;
    private boolean done;

    PDataInputStream(int contextId) {
      this.contextId = contextId;
    }

    private boolean fill() throws IOException {
      while (!started || pdvLeft == 0) {
        if (done) {
          return false;
        }
        if (started && last) {
          done = true;
          return false;
        }
        PduCodec.PdvHeader p = nextPdv();
        if (p == null) {
          throw new AssociationAbortedException("the peer released in the middle of a data set");
        }
        if (p.command() || p.contextId() != contextId) {
          throw protocolError("data set fragments interleaved with other PDVs");
        }
        started = true;
        last = p.last();
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      if (!fill()) {
        return -1;
      }
      readValue(one, 0, 1);
      return one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      return readValue(b, off, Math.min(len, pdvLeft));
    }

    /** Drains what the reader left, so the association stays in step. */
    @Override
    public void close() throws IOException {
      byte[] skip = null;
      while (fill()) {
        if (skip == null) {
          skip = new byte[8192];
        }
        readValue(skip, 0, Math.min(skip.length, pdvLeft));
      }
    }
  }

  /**
   * The header of the next PDV, reading the next PDU when the current P-DATA-TF is used up; null
   * after the peer released. The value of the previous PDV must have been read.
   */
  private PduCodec.PdvHeader nextPdv() throws IOException {
    if (pdvLeft != 0) {
      throw new IllegalStateException("the previous PDV was not read to its end");
    }
    while (pduLeft == 0) {
      if (peerReleased) {
        return null;
      }
      PduCodec.Header header = readHeader();
      if (header.type() == Pdu.TYPE_P_DATA_TF) {
        fsm.apply(Event.EVT10);
        pduLeft = header.length();
        break;
      }
      Pdu pdu = readRest(header);
      if (pdu instanceof Pdu.ReleaseRq) {
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
    PduCodec.PdvHeader h;
    try {
      h = PduCodec.readPdvHeader(in, pduLeft);
    } catch (IOException e) {
      throw wireFailure(e);
    }
    pduLeft -= 6;
    pdvLeft = h.valueLength();
    return h;
  }

  /** The whole value of the current PDV (a command fragment, at most 64 KiB). */
  private byte[] readPdvValue(int length) throws IOException {
    byte[] value = new byte[length];
    int at = 0;
    while (at < length) {
      at += readValue(value, at, length - at);
    }
    return value;
  }

  /** Reads up to {@code len} (at most what is left) bytes of the current PDV's value. */
  private int readValue(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      throw wireFailure(e);
    }
    if (n < 0) {
      throw wireFailure(new EOFException("connection closed inside a PDU"));
    }
    pdvLeft -= n;
    pduLeft -= n;
    return n;
  }

  private PduCodec.Header readHeader() throws IOException {
    PduCodec.Header header;
    try {
      header = PduCodec.readHeader(in, limits.receivePduLength(), limits.maxAssociatePdu());
    } catch (IOException e) {
      throw wireFailure(e);
    }
    if (header == null) {
      fsm.apply(Event.EVT17);
      closeQuietly(socket);
      throw new AssociationAbortedException("the peer closed the connection");
    }
    return header;
  }

  private Pdu readRest(PduCodec.Header header) throws IOException {
    try {
      return PduCodec.readBody(in, header);
    } catch (IOException e) {
      throw wireFailure(e);
    }
  }

  /**
   * What a failure to read from the peer becomes: a malformed PDU is answered with an A-ABORT
   * (PS3.8 9.2, Evt19), an idle peer is aborted, a lost connection closed; other failures pass.
   */
  private IOException wireFailure(IOException e) {
    if (e instanceof PduFormatException f) {
      Action a = fsm.apply(Event.EVT19);
      if (a == Action.AA_8 || a == Action.AA_1 || a == Action.AA_7) {
        synchronized (sendLock) {
          sendAbortQuietly(out, Pdu.Abort.SOURCE_SERVICE_PROVIDER, f.abortReason());
        }
      }
      closeQuietly(socket);
      return new AssociationAbortedException("aborted: " + f.getMessage());
    }
    if (e instanceof SocketTimeoutException) {
      abortQuietly(Pdu.Abort.SOURCE_SERVICE_PROVIDER, Pdu.Abort.REASON_NOT_SPECIFIED);
      return new AssociationAbortedException("aborted: the peer was idle for too long");
    }
    if (e instanceof EOFException || e instanceof SocketException) {
      closeQuietly(socket);
      return new AssociationAbortedException("connection lost: " + e.getMessage());
    }
    return e;
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
      // PDVs of a P-DATA-TF that nobody read (AR-6: nobody waits for them)
      in.skipNBytes(pduLeft);
      pdvLeft = 0;
      pduLeft = 0;
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
