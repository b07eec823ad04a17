package ward.net.server;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.DicomWriter;
import ward.dicom.ReadOptions;
import ward.dicom.TransferSyntax;
import ward.dicom.VR;
import ward.net.Association;
import ward.net.AssociationAbortedException;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.Negotiation;
import ward.net.pdu.PresentationContext;

/**
 * Where the C-STORE sub-operations of a retrieve go: back over the caller's association (C-GET) or
 * over a new association to the move destination (C-MOVE). An instance is sent only over a context
 * that accepted its transfer syntax, or, for the uncompressed and deflated syntaxes, re-encoded to
 * the one the context accepted; otherwise its sub-operation fails.
 */
sealed interface SubOperations extends Closeable
    permits SubOperations.OnAssociation, SubOperations.ToDestination {

  /**
   * Sends one instance and returns the status the storage SCP answered, or a failure status when it
   * could not be sent.
   *
   * @throws IOException when the association carrying the sub-operations is lost
   */
  Status store(Instance instance) throws IOException;

  @Override
  void close();

  /** C-GET: sub-operations on the caller's association, over contexts it took the SCP role for. */
  final class OnAssociation implements SubOperations {
    private final ServedAssociation conn;
    private final Association a;
    private final Operation op;

    OnAssociation(ServedAssociation conn, Association a, Operation op) {
      this.conn = conn;
      this.a = a;
      this.op = op;
    }

    @Override
    public Status store(Instance instance) throws IOException {
      if (!ServedAssociation.requestorMayBeScp(a, instance.sopClassUid())) {
        return Status.of(Status.SOP_CLASS_NOT_SUPPORTED, "no SCP role for the SOP class");
      }
      int pc = contextFor(a, instance);
      if (pc < 0) {
        return Status.of(Status.SOP_CLASS_NOT_SUPPORTED, "no context for the transfer syntax");
      }
      try (Prepared data = Prepared.of(conn, instance, a.transferSyntaxOf(pc))) {
        if (data == null) {
          return Status.of(Status.UNABLE_TO_PROCESS, "the instance could not be read");
        }
        int messageId = a.nextMessageId();
        op.await(messageId);
        conn.send(a, pc, storeRequest(messageId, instance, op, null), data);
      }
      DimseMessage rsp = conn.awaitSubResponse(op);
      return Status.of(rsp.status(), rsp.command().getString(Commands.ERROR_COMMENT));
    }

    @Override
    public void close() {
      // the caller's association stays open
    }
  }

  /** C-MOVE: sub-operations on an association this server requests from the destination. */
  final class ToDestination implements SubOperations {
    private final ServedAssociation conn;
    private final Association sub;
    private final Operation op;
    private final String originatorAe;
    private boolean lost;

    private ToDestination(
        ServedAssociation conn, Association sub, Operation op, String originatorAe) {
      this.conn = conn;
      this.sub = sub;
      this.op = op;
      this.originatorAe = originatorAe;
    }

    /** Connects and negotiates a context per SOP class and transfer syntax among the instances. */
    static ToDestination open(
        ServedAssociation conn,
        MoveDestinations.Destination d,
        List<Instance> instances,
        String originatorAe,
        Operation op)
        throws IOException {
      ServerLimits limits = conn.limits();
      Socket socket = d.sockets().createSocket();
      conn.transport().trackSubSocket(socket);
      try {
        socket.connect(new InetSocketAddress(d.host(), d.port()), limits.connectTimeoutMillis());
        socket.setTcpNoDelay(true);
        Association sub =
            Association.request(
                socket,
                Negotiation.request(
                    d.aeTitle(),
                    conn.aeTitle(),
                    proposal(instances),
                    limits.association().receivePduLength(),
                    null),
                limits.association());
        return new ToDestination(conn, sub, op, originatorAe);
      } catch (IOException | RuntimeException e) {
        Transport.closeQuietly(socket, true);
        conn.transport().trackSubSocket(null);
        throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      }
    }

    @Override
    public Status store(Instance instance) throws IOException {
      int pc = contextFor(sub, instance);
      if (pc < 0) {
        return Status.of(Status.SOP_CLASS_NOT_SUPPORTED, "the destination has no context for it");
      }
      int messageId = sub.nextMessageId();
      try {
        try (Prepared data = Prepared.of(conn, instance, sub.transferSyntaxOf(pc))) {
          if (data == null) {
            return Status.of(Status.UNABLE_TO_PROCESS, "the instance could not be read");
          }
          conn.send(sub, pc, storeRequest(messageId, instance, op, originatorAe), data);
        }
        DimseMessage rsp = sub.receive();
        if (rsp == null) {
          throw new AssociationAbortedException("the destination released the association");
        }
        if (rsp.data() != null) {
          rsp.data().close();
        }
        if (rsp.commandField() != Commands.C_STORE_RSP
            || rsp.messageIdBeingRespondedTo() != messageId) {
          throw new AssociationAbortedException("the destination answered out of turn");
        }
        return Status.of(rsp.status(), rsp.command().getString(Commands.ERROR_COMMENT));
      } catch (IOException e) {
        lost = true;
        conn.transport().guarded(sub::abort);
        throw e;
      }
    }

    @Override
    public void close() {
      if (!lost) {
        conn.transport().guarded(sub::release);
      }
      Transport.closeQuietly(sub.socket(), false);
      conn.transport().trackSubSocket(null);
    }

    /**
     * For each SOP class: one context offering the uncompressed syntaxes (the instances' own first)
     * when any of its instances is uncompressed, and one context per other syntax.
     */
    static List<Map.Entry<String, List<String>>> proposal(List<Instance> instances) {
      Map<String, Set<String>> byClass = new LinkedHashMap<>();
      for (Instance i : instances) {
        byClass
            .computeIfAbsent(i.sopClassUid(), k -> new LinkedHashSet<>())
            .add(i.transferSyntaxUid());
      }
      List<Map.Entry<String, List<String>>> contexts = new ArrayList<>();
      for (Map.Entry<String, Set<String>> e : byClass.entrySet()) {
        Set<String> uncompressed = new LinkedHashSet<>();
        for (String ts : e.getValue()) {
          if (TransferSyntax.isNative(ts)) {
            uncompressed.add(ts);
          } else {
            contexts.add(Map.entry(e.getKey(), List.of(ts)));
          }
        }
        if (!uncompressed.isEmpty()) {
          uncompressed.addAll(Services.UNCOMPRESSED);
          contexts.add(Map.entry(e.getKey(), List.copyOf(uncompressed)));
        }
      }
      // At most 128 contexts (PS3.8 9.3.2.2): instances beyond them fail for want of a context.
      return contexts.size() > 128 ? contexts.subList(0, 128) : contexts;
    }
  }

  /** The C-STORE-RQ of a sub-operation (PS3.7 9.3.1.1). */
  private static DataSet storeRequest(
      int messageId, Instance instance, Operation op, String originatorAe) {
    DataSet.Builder b =
        Commands.request(Commands.C_STORE_RQ, messageId, instance.sopClassUid(), true)
            .setString(Commands.AFFECTED_SOP_INSTANCE_UID, VR.UI, instance.sopInstanceUid())
            .setInts(Commands.PRIORITY, VR.US, op.request.priority());
    if (originatorAe != null) {
      b.setString(Commands.MOVE_ORIGINATOR_AE_TITLE, VR.AE, originatorAe)
          .setInts(Commands.MOVE_ORIGINATOR_MESSAGE_ID, VR.US, op.messageId());
    }
    return b.build();
  }

  /**
   * An accepted context of the instance's SOP class in its transfer syntax, else one in an
   * uncompressed syntax it can be re-encoded to; -1 when there is none.
   */
  private static int contextFor(Association x, Instance instance) {
    int exact = x.contextFor(instance.sopClassUid(), instance.transferSyntaxUid());
    if (exact > 0 || !TransferSyntax.isNative(instance.transferSyntaxUid())) {
      return exact;
    }
    for (PresentationContext.Result r : x.results()) {
      if (r.accepted()
          && instance.sopClassUid().equals(x.abstractSyntaxOf(r.id()))
          && TransferSyntax.isNative(r.transferSyntax())) {
        return r.id();
      }
    }
    return -1;
  }

  /**
   * An instance's data set ready to send in a context's transfer syntax: its stream opened (copied
   * as it is), or, when it has to be re-encoded, read into memory first so that a bad instance
   * fails before any byte of it is sent.
   */
  final class Prepared implements Association.DataWriter, Closeable {
    private final InputStream stream;
    private final DataSet dataSet;
    private final TransferSyntax target;

    private Prepared(InputStream stream, DataSet dataSet, TransferSyntax target) {
      this.stream = stream;
      this.dataSet = dataSet;
      this.target = target;
    }

    /** Null, with the failure reported, when the instance cannot be opened or decoded. */
    static Prepared of(ServedAssociation conn, Instance instance, String contextTs) {
      try {
        InputStream in = instance.source().open();
        if (contextTs.equals(instance.transferSyntaxUid())) {
          return new Prepared(in, null, null);
        }
        try (in) {
          DataSet ds =
              DicomReader.read(
                      in,
                      ReadOptions.DEFAULT.withRawTransferSyntax(
                          TransferSyntax.of(instance.transferSyntaxUid())))
                  .dataSet();
          return new Prepared(null, ds, TransferSyntax.of(contextTs));
        }
      } catch (IOException | RuntimeException e) {
        conn.handlerFailed("retrieve source", e);
        return null;
      }
    }

    @Override
    public void writeTo(OutputStream out, String transferSyntaxUid) throws IOException {
      if (stream != null) {
        stream.transferTo(out);
      } else {
        DicomWriter.writeDataSet(out, dataSet, target);
      }
    }

    @Override
    public void close() {
      if (stream != null) {
        try {
          stream.close();
        } catch (IOException ignored) {
          // read-only source
        }
      }
    }
  }
}
