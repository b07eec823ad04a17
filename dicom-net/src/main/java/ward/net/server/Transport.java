package ward.net.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import ward.dicom.DataSet;
import ward.net.Association;

/**
 * The transport connection under one served association (and under its C-MOVE sub-association),
 * with the two timers the association itself cannot keep:
 *
 * <ul>
 *   <li>send progress: Java sockets have no write timeout, so a peer that stops reading would hold
 *       a sending thread forever. Every send records progress after each chunk; the server's
 *       watchdog closes the connection when a send makes none for the idle limit.
 *   <li>quiet time after a C-FIND, C-GET or C-MOVE: while one runs the reader waits without a
 *       timeout (the peer may be silent for as long as the operation lasts), so when it ends the
 *       idle limit is counted here until the peer's next message.
 * </ul>
 *
 * <p>Ending is idempotent and never waits on a blocked thread: {@link #kill} closes the sockets
 * with SO_LINGER 0 (which also keeps an SSLSocket's close from waiting for a stuck writer).
 */
final class Transport {
  private static final long NEVER = Long.MIN_VALUE;
  private static final int PROGRESS_CHUNK = 1 << 16;

  private final Socket socket;
  private final long idleNanos;
  private final ReentrantLock sendGate = new ReentrantLock();
  private final AtomicReference<String> endReason = new AtomicReference<>();
  private volatile long sendProgress = NEVER;
  private volatile long quietSince = NEVER;
  private volatile long deadline = NEVER;
  private volatile Association association;
  private volatile Socket subSocket;

  Transport(Socket socket, int idleMillis) {
    this.socket = socket;
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
  }

  Socket socket() {
    return socket;
  }

  /** The association once accepted: A-ABORTs go through it. */
  void attach(Association a) {
    association = a;
  }

  /** Why the connection was ended by this side, or null. */
  String endReason() {
    return endReason.get();
  }

  // ------------------------------------------------------------------ sending

  /**
   * Sends a message on the served association or on a sub-association, under the progress watch.
   * Sends on the served association are also serialized with {@link #abortNow}.
   */
  void send(Association target, int pc, DataSet command, Association.DataWriter data)
      throws IOException {
    boolean main = target == association;
    if (main) {
      sendGate.lock();
    }
    try {
      sendProgress = System.nanoTime();
      target.send(
          pc,
          command,
          data == null ? null : (out, ts) -> data.writeTo(new ProgressOutputStream(out), ts));
    } finally {
      sendProgress = NEVER;
      if (main) {
        sendGate.unlock();
      }
    }
  }

  /** Runs a short exchange (A-ABORT, A-RELEASE) under the progress watch; failures are ignored. */
  void guarded(IoAction action) {
    sendProgress = System.nanoTime();
    try {
      action.run();
    } catch (IOException | RuntimeException ignored) {
      // the peer is going away either way
    } finally {
      sendProgress = NEVER;
    }
  }

  /** An exchange that may fail. */
  @FunctionalInterface
  interface IoAction {
    void run() throws IOException;
  }

  /** Marks progress after every chunk written. */
  private final class ProgressOutputStream extends OutputStream {
    private final OutputStream out;

    ProgressOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int k = Math.min(len, PROGRESS_CHUNK);
        out.write(b, off, k);
        sendProgress = System.nanoTime();
        off += k;
        len -= k;
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
      sendProgress = System.nanoTime();
    }

    @Override
    public void close() {
      // the association ends the message
    }
  }

  // ------------------------------------------------------------------ timers

  /**
   * Bounds a phase as a whole, where the socket timeout bounds only each read: the association
   * request (a peer could trickle a byte per ARTIM interval) and the wait for the peer to close
   * after a rejection.
   */
  void deadlineIn(long millis) {
    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  void noDeadline() {
    deadline = NEVER;
  }

  /** An operation has ended: the peer's quiet time counts from now. */
  void quietFromNow() {
    quietSince = System.nanoTime();
  }

  /** A message arrived. */
  void heard() {
    quietSince = NEVER;
  }

  /**
   * Called by the watchdog. Closes the connection when a phase passes its deadline, or under a send
   * that has made no progress for the idle limit.
   *
   * @return true when the peer has been quiet after an operation for the idle limit (the caller
   *     then aborts)
   */
  boolean checkTimers(long now, String stalledReason) {
    long d = deadline;
    if (d != NEVER && now - d > 0) {
      deadline = NEVER;
      kill("closed: the association request or its rejection took longer than ARTIM allows");
    }
    long p = sendProgress;
    if (p != NEVER && now - p > idleNanos) {
      kill(stalledReason);
    }
    long q = quietSince;
    if (q != NEVER && now - q > idleNanos) {
      quietSince = NEVER;
      return true;
    }
    return false;
  }

  // ------------------------------------------------------------------ ending

  /**
   * Ends the association: an A-ABORT when no send of this side is in progress (under the progress
   * watch, in case the peer does not read), then the connections are closed.
   */
  void abortNow(String why) {
    endReason.compareAndSet(null, why);
    Association a = association;
    if (a != null && sendGate.tryLock()) {
      try {
        guarded(a::abort);
      } finally {
        sendGate.unlock();
      }
    }
    close(false);
  }

  /** Closes both connections at once, without waiting on anything: for stalls and shutdown. */
  void kill(String why) {
    endReason.compareAndSet(null, why);
    close(true);
  }

  void close(boolean hard) {
    closeQuietly(socket, hard);
    Socket sub = subSocket;
    if (sub != null) {
      closeQuietly(sub, hard);
    }
  }

  /** The connection to a C-MOVE destination, closed with this one; null when it is closed. */
  void trackSubSocket(Socket s) {
    subSocket = s;
    if (s != null && endReason.get() != null) {
      closeQuietly(s, true);
    }
  }

  static void closeQuietly(Socket s, boolean hard) {
    try {
      if (hard && !s.isClosed()) {
        s.setSoLinger(true, 0);
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing more to do
    }
  }
}
