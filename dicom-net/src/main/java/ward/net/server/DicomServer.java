package ward.net.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ServerSocketFactory;
import ward.net.Association;
import ward.net.AssociationPolicy;
import ward.net.pdu.Pdu;

/**
 * A DICOM server (the acceptor side of PS3.8 and the SCP side of PS3.7 DIMSE-C): listens on one
 * address, plain or TLS depending on the {@link ServerSocketFactory}, lets the {@link
 * AssociationGate} decide who may associate, and dispatches to the registered {@link Services}.
 *
 * <p>Everything is bounded: associations in total and per peer address (more are rejected with
 * A-ASSOCIATE-RJ transient, service-provider presentation, local limit exceeded), the platform
 * threads (an acceptor and a watchdog; one per association and one more while its C-FIND, C-GET or
 * C-MOVE runs; at most two answering connections over the limit; one sending aborts; idle pool
 * threads end after two seconds), the time to the association request (ARTIM), idle time, time
 * without progress while sending, and the size of PDUs, identifiers and data sets. {@link #close()}
 * stops accepting, aborts open associations and waits for every thread it started.
 *
 * <pre>{@code
 * DicomServer server = DicomServer.builder()
 *     .aeTitle("WARD")
 *     .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 11112))
 *     .gate(request -> authenticate(request))
 *     .services(Services.builder().echo().store(sopClasses, Services.UNCOMPRESSED, archive).build())
 *     .events(auditTrail)
 *     .start();
 * }</pre>
 */
public final class DicomServer implements Closeable {

  private static final int REFUSING_THREADS = 2;
  private static final long KEEP_ALIVE_MILLIS = 2_000;
  private static final long CLOSE_GRACE_MILLIS = 2_000;

  private final String aeTitle;
  private final Services services;
  private final AssociationGate gate;
  private final ServerEvents events;
  private final ServerLimits limits;
  private final ServerSocket serverSocket;
  private final Thread acceptor;
  private final ThreadPoolExecutor associations;
  private final ThreadPoolExecutor operations;
  private final ThreadPoolExecutor refusals;
  private final ThreadPoolExecutor aborts;
  private final ScheduledThreadPoolExecutor watchdog;
  private final ScheduledFuture<?> timers;
  private final Set<ServedAssociation> open = ConcurrentHashMap.newKeySet();

  /** Connections being answered with a rejection, and when they must be closed at the latest. */
  private final Map<Socket, Long> refusing = new ConcurrentHashMap<>();

  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private final Object admission = new Object();
  private final Map<InetAddress, Integer> perPeer = new HashMap<>();
  private int active;
  private volatile boolean closed;

  private DicomServer(Builder b) throws IOException {
    this.aeTitle = b.aeTitle;
    this.services = b.services;
    this.gate = b.gate;
    this.events = b.events;
    this.limits = b.limits;
    this.serverSocket =
        b.serverSockets.createServerSocket(b.bind.getPort(), b.backlog, b.bind.getAddress());
    String name = "ward-scp-" + serverSocket.getLocalPort();
    int max = limits.maxAssociations();
    this.associations = pool(max, new LinkedBlockingQueue<>(), name + "-association-");
    this.operations = pool(max, new LinkedBlockingQueue<>(), name + "-operation-");
    this.aborts = pool(1, new LinkedBlockingQueue<>(), name + "-abort-");
    this.refusals =
        new ThreadPoolExecutor(
            0,
            REFUSING_THREADS,
            KEEP_ALIVE_MILLIS,
            TimeUnit.MILLISECONDS,
            new SynchronousQueue<>(),
            threads(name + "-refusal-"));
    this.watchdog = new ScheduledThreadPoolExecutor(1, threads(name + "-watchdog-"));
    long tick = Math.max(20, Math.min(1_000, limits.association().idleMillis() / 4));
    this.timers =
        watchdog.scheduleWithFixedDelay(this::checkTimers, tick, tick, TimeUnit.MILLISECONDS);
    this.acceptor = new Thread(this::acceptLoop, name + "-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The address the server listens on (with the port chosen when 0 was asked for). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverSocket.getLocalSocketAddress();
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Connections admitted and not yet ended, from the association request to the close. */
  public int activeAssociations() {
    synchronized (admission) {
      return active;
    }
  }

  // ------------------------------------------------------------------ accepting

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = serverSocket.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        emit(new ServerEvent.Refused(null, "accept failed: " + e.getMessage()));
        pause(); // for example out of file descriptors: do not spin
        continue;
      }
      admit(s);
    }
  }

  private void admit(Socket s) {
    InetAddress address = s.getInetAddress();
    String over = null;
    synchronized (admission) {
      int fromPeer = perPeer.getOrDefault(address, 0);
      if (active >= limits.maxAssociations()) {
        over = "the server has its limit of " + limits.maxAssociations() + " associations open";
      } else if (fromPeer >= limits.maxAssociationsPerPeer()) {
        over = "the peer has its limit of " + limits.maxAssociationsPerPeer() + " open";
      } else {
        active++;
        perPeer.put(address, fromPeer + 1);
      }
    }
    if (over != null) {
      refuse(s, over);
      return;
    }
    ServedAssociation served = new ServedAssociation(ids.incrementAndGet(), this, s);
    open.add(served);
    try {
      associations.execute(served);
    } catch (RejectedExecutionException e) {
      Transport.closeQuietly(s, true);
      finished(served);
    }
  }

  /**
   * Answers a connection over the limits with A-ASSOCIATE-RJ (transient, presentation-related
   * service provider, local limit exceeded), after reading its request under ARTIM. When even the
   * threads for that are busy (a flood), the connection is closed unanswered.
   */
  private void refuse(Socket s, String why) {
    AssociationPolicy overLimit =
        new AssociationPolicy() {
          @Override
          public Pdu negotiate(Socket socket, Pdu.AssociateRq rq) {
            Pdu.AssociateRj rj =
                new Pdu.AssociateRj(
                    Pdu.AssociateRj.RESULT_TRANSIENT,
                    Pdu.AssociateRj.SOURCE_PROVIDER_PRESENTATION,
                    Pdu.AssociateRj.LOCAL_LIMIT_EXCEEDED);
            emit(
                new ServerEvent.Rejected(
                    Negotiator.peerOf(socket),
                    rq.callingAe(),
                    rq.calledAe(),
                    rj.result(),
                    rj.source(),
                    rj.reason(),
                    why));
            return rj;
          }

          @Override
          public void refused(Socket socket, String reason) {
            emit(new ServerEvent.Refused(Negotiator.peerOf(socket), reason + " (" + why + ")"));
          }
        };
    refusing.put(
        s,
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3L * limits.association().artimMillis()));
    try {
      refusals.execute(
          () -> {
            try {
              s.setTcpNoDelay(true);
              Association.accept(s, overLimit, limits.association());
            } catch (IOException e) {
              emit(new ServerEvent.Refused(Negotiator.peerOf(s), e.getMessage()));
            } finally {
              Transport.closeQuietly(s, false);
              refusing.remove(s);
            }
          });
    } catch (RejectedExecutionException e) {
      refusing.remove(s);
      Transport.closeQuietly(s, true);
      emit(new ServerEvent.Refused(Negotiator.peerOf(s), why + "; closed unanswered (flood)"));
    }
  }

  // ------------------------------------------------------------------ for the associations

  String aeTitle() {
    return aeTitle;
  }

  Services services() {
    return services;
  }

  AssociationGate gate() {
    return gate;
  }

  ServerLimits limits() {
    return limits;
  }

  ExecutorService operations() {
    return operations;
  }

  void emit(ServerEvent event) {
    try {
      events.on(event);
    } catch (RuntimeException ignored) {
      // a listener's failure is not the association's
    }
  }

  /** An association has ended: its slot is free. */
  void finished(ServedAssociation served) {
    if (!open.remove(served)) {
      return;
    }
    InetSocketAddress peer = served.peer();
    InetAddress address = peer == null ? null : peer.getAddress();
    synchronized (admission) {
      active--;
      perPeer.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
    }
  }

  /** Aborts an association from another thread, without waiting on it. */
  void abortLater(ServedAssociation served, String why) {
    try {
      aborts.execute(() -> served.abortNow(why));
    } catch (RejectedExecutionException e) {
      served.kill(why);
    }
  }

  private void checkTimers() {
    long now = System.nanoTime();
    refusing.forEach(
        (socket, deadline) -> {
          if (now - deadline > 0) {
            Transport.closeQuietly(socket, true); // a peer trickling bytes to hold the thread
          }
        });
    for (ServedAssociation s : open) {
      try {
        s.checkTimers(now);
      } catch (RuntimeException ignored) {
        // the watchdog must keep running
      }
    }
  }

  // ------------------------------------------------------------------ closing

  /**
   * Stops accepting, aborts every open association (A-ABORT where the connection allows it, a plain
   * close where it does not), and waits for all of the server's threads to end.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException ignored) {
      // closing
    }
    join(acceptor);
    for (ServedAssociation s : open) {
      abortLater(s, "aborted: the server is shutting down");
    }
    for (Socket s : refusing.keySet()) {
      Transport.closeQuietly(s, true);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MILLIS);
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      pause();
    }
    for (ServedAssociation s : open) {
      s.kill("aborted: the server is shutting down");
    }
    for (ThreadPoolExecutor pool : new ThreadPoolExecutor[] {associations, operations, refusals}) {
      pool.shutdown();
    }
    awaitTermination(associations);
    awaitTermination(operations);
    awaitTermination(refusals);
    aborts.shutdown();
    awaitTermination(aborts);
    timers.cancel(false);
    watchdog.shutdownNow();
    awaitTermination(watchdog);
    for (Thread t : threads) {
      join(t);
    }
    threads.clear();
  }

  private static void awaitTermination(ExecutorService pool) {
    try {
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static void join(Thread t) {
    try {
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ThreadPoolExecutor pool(int size, LinkedBlockingQueue<Runnable> queue, String prefix) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            size, size, KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS, queue, threads(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Names the server's threads and keeps them, so that close() can join them. */
  private ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      threads.removeIf(old -> !old.isAlive());
      threads.add(t);
      return t;
    };
  }

  // ------------------------------------------------------------------ building

  /** Configures and starts a server. AE title, address, gate and services are required. */
  public static final class Builder {
    private String aeTitle;
    private InetSocketAddress bind;
    private ServerSocketFactory serverSockets = ServerSocketFactory.getDefault();
    private int backlog = 50;
    private AssociationGate gate;
    private Services services;
    private ServerLimits limits = ServerLimits.DEFAULT;
    private ServerEvents events = ServerEvents.NONE;

    private Builder() {}

    /** The AE title peers must call (1 to 16 characters, no backslash or control characters). */
    public Builder aeTitle(String ae) {
      if (ae == null || ae.isBlank() || ae.strip().length() > 16 || !ae.equals(ae.strip())) {
        throw new IllegalArgumentException("an AE title has 1 to 16 significant characters");
      }
      for (int i = 0; i < ae.length(); i++) {
        char c = ae.charAt(i);
        if (c < 0x20 || c >= 0x7F || c == '\\') {
          throw new IllegalArgumentException("AE title with an invalid character");
        }
      }
      this.aeTitle = ae;
      return this;
    }

    public Builder bind(InetSocketAddress address) {
      this.bind = Objects.requireNonNull(address);
      return this;
    }

    /** Makes the listening socket: {@code SSLServerSocketFactory}-based for TLS. */
    public Builder serverSockets(ServerSocketFactory factory) {
      this.serverSockets = Objects.requireNonNull(factory);
      return this;
    }

    public Builder backlog(int backlog) {
      this.backlog = backlog;
      return this;
    }

    public Builder gate(AssociationGate gate) {
      this.gate = Objects.requireNonNull(gate);
      return this;
    }

    public Builder services(Services services) {
      this.services = Objects.requireNonNull(services);
      return this;
    }

    public Builder limits(ServerLimits limits) {
      this.limits = Objects.requireNonNull(limits);
      return this;
    }

    public Builder events(ServerEvents events) {
      this.events = Objects.requireNonNull(events);
      return this;
    }

    /** Binds and starts accepting. */
    public DicomServer start() throws IOException {
      if (aeTitle == null || bind == null || gate == null || services == null) {
        throw new IllegalStateException(
            "a server needs an AE title, an address, a gate and services");
      }
      return new DicomServer(this);
    }
  }
}
