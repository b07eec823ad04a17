package ward.net.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import ward.dicom.DataSet;
import ward.dicom.UID;
import ward.net.Association;
import ward.net.Commands;
import ward.net.DimseMessage;
import ward.net.Negotiation;
import ward.net.pdu.Pdu;
import ward.net.pdu.UserInformation;

/**
 * The service class user side of DIMSE-C (PS3.7 9.1, 9.3; PS3.4 A, B, C): opens associations to one
 * peer and runs C-ECHO, C-STORE, C-FIND, C-GET and C-MOVE over them. Each operation opens its own
 * association(s) and releases them when done; a client holds no connection between calls and may be
 * used from several threads.
 */
public final class DicomClient {

  /** The transfer syntaxes proposed for commands whose data sets are small (queries, echo). */
  static final List<String> UNCOMPRESSED =
      List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);

  private final Peer peer;
  private final ClientSettings settings;

  public DicomClient(Peer peer, ClientSettings settings) {
    this.peer = peer;
    this.settings = settings;
  }

  public Peer peer() {
    return peer;
  }

  public ClientSettings settings() {
    return settings;
  }

  /**
   * Connects and requests an association proposing {@code contexts} (abstract syntax → transfer
   * syntaxes, in order) with the given SCP/SCU role selections.
   *
   * @throws ward.net.AssociationRejectedException when the peer rejects
   * @throws ward.net.AssociationAbortedException when it aborts or does not answer in time
   * @throws IOException when the connection or the TLS handshake fails
   */
  public Association open(
      List<Map.Entry<String, List<String>>> contexts, List<UserInformation.RoleSelection> roles)
      throws IOException {
    Pdu.AssociateRq rq =
        Negotiation.request(
            peer.calledAe(),
            settings.callingAe(),
            contexts,
            settings.maxPduLength(),
            settings.identity());
    if (!roles.isEmpty()) {
      rq =
          new Pdu.AssociateRq(
              rq.protocolVersion(),
              rq.calledAe(),
              rq.callingAe(),
              rq.applicationContext(),
              rq.presentationContexts(),
              rq.userInformation().withRoles(roles));
    }
    int connectMillis = (int) settings.connectTimeout().toMillis();
    Association.Limits limits =
        new Association.Limits(
            settings.maxPduLength(),
            connectMillis,
            (int) settings.readTimeout().toMillis(),
            Association.Limits.DEFAULT.maxAssociatePdu());
    Socket socket = connect(connectMillis);
    try {
      return Association.request(socket, rq, limits);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  private Socket connect(int timeoutMillis) throws IOException {
    Socket socket;
    try {
      socket = settings.socketFactory().createSocket();
    } catch (SocketException unsupported) {
      // A factory without unconnected sockets: connect through it, without a connect timeout.
      return settings.socketFactory().createSocket(peer.host(), peer.port());
    }
    try {
      socket.setTcpNoDelay(true);
      // An unresolved host name keeps its name for TLS server name indication and host checks.
      socket.connect(new InetSocketAddress(peer.host(), peer.port()), timeoutMillis);
      if (socket instanceof SSLSocket ssl) {
        socket.setSoTimeout(timeoutMillis);
        try {
          ssl.startHandshake();
        } catch (SocketTimeoutException e) {
          throw new SSLException("TLS handshake with " + peer + " timed out", e);
        }
      }
      return socket;
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already failing
    }
  }

  // ------------------------------------------------------------------ C-ECHO

  /**
   * Verifies the peer (PS3.4 A): one C-ECHO on a new association.
   *
   * @throws DimseStatusException when the peer answers with a failure status
   */
  public void echo() throws IOException {
    try (Association a = open(List.of(Map.entry(UID.Verification, UNCOMPRESSED)), List.of())) {
      int pc = Responses.requireContext(a, UID.Verification);
      int id = a.nextMessageId();
      a.send(pc, Commands.request(Commands.C_ECHO_RQ, id, UID.Verification, false).build(), null);
      DimseMessage rsp = Responses.expect(a, Commands.C_ECHO_RSP, id);
      Responses.drain(rsp);
      int status = rsp.status();
      if (Status.kindOf(status) != Status.Kind.SUCCESS) {
        throw new DimseStatusException("C-ECHO", status, Responses.errorComment(rsp));
      }
    }
  }

  // ------------------------------------------------------------------ C-STORE

  /**
   * Sends the instances of {@code job} over {@code parallel} associations that share one queue,
   * each file's data set streamed from disk.
   *
   * @param listener told of each file's outcome as it comes, from the sending threads
   * @return every file's outcome and the throughput; failures to connect are in the outcomes
   * @throws IOException only when no association could be opened at all
   */
  public StoreReport store(StoreJob job, int parallel, StoreListener listener) throws IOException {
    return new StorageScu(this, job, listener).run(parallel);
  }

  // ------------------------------------------------------------------ C-FIND

  /**
   * Queries the peer (PS3.4 C.4.1): every match is handed to {@code handler} as it arrives; when
   * the handler returns false, a C-CANCEL-RQ is sent and no further match is handed over.
   *
   * @param keys the matching and return keys; the Query/Retrieve Level is set from {@code level}
   */
  public QueryResult find(QueryModel model, QueryLevel level, DataSet keys, MatchHandler handler)
      throws IOException {
    return QueryScu.find(this, model, level, keys, handler);
  }

  // ------------------------------------------------------------------ C-GET, C-MOVE

  /**
   * Retrieves instances over this association (PS3.4 C.4.3): proposes the storage SOP classes of
   * {@link StorageSopClasses#COMMON} and {@code moreSopClasses} with this side as SCP, answers each
   * C-STORE sub-operation after handing its data set to {@code sink}.
   */
  public RetrieveResult get(
      QueryModel model,
      QueryLevel level,
      DataSet keys,
      List<String> moreSopClasses,
      InstanceSink sink)
      throws IOException {
    return RetrieveScu.get(this, model, level, keys, moreSopClasses, sink);
  }

  /** Asks the peer to send instances to {@code destinationAe} (PS3.4 C.4.2). */
  public RetrieveResult move(QueryModel model, QueryLevel level, DataSet keys, String destinationAe)
      throws IOException {
    Peer.checkAeTitle(destinationAe, "move destination");
    return RetrieveScu.move(this, model, level, keys, destinationAe);
  }
}
