package ward.archive.dimse;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import ward.archive.audit.AuditEvent;
import ward.archive.audit.AuditTrail;
import ward.archive.audit.AuditedStudy;
import ward.archive.audit.Outcome;
import ward.archive.audit.Participant;
import ward.archive.auth.Action;
import ward.archive.auth.Authorizer;
import ward.archive.auth.Principal;
import ward.archive.auth.Resource;
import ward.archive.index.Index;
import ward.archive.index.IndexException;
import ward.archive.index.IndexQuery;
import ward.archive.index.InstanceSelector;
import ward.archive.index.Level;
import ward.archive.index.QueryModel;
import ward.archive.index.StoredInstance;
import ward.archive.index.StudyScope;
import ward.archive.ingest.Ingest;
import ward.archive.ingest.IngestException;
import ward.archive.ingest.Stored;
import ward.archive.storage.BlobStore;
import ward.dicom.DataSet;
import ward.dicom.Part10Head;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.UidDictionary;
import ward.dicom.VR;
import ward.dicom.json.DicomJson;
import ward.net.server.DimseException;
import ward.net.server.DimseRequest;
import ward.net.server.Instance;
import ward.net.server.Matches;
import ward.net.server.MoveDestinations;
import ward.net.server.Services;
import ward.net.server.Status;
import ward.net.server.StoreRequest;

/**
 * The archive's DIMSE services: C-ECHO, C-STORE into the ingest pipeline, C-FIND over the index
 * (Patient Root and Study Root), C-GET and C-MOVE from the blob store. Every handler asks the
 * authorizer with the association's principal before doing anything, and tells the audit trail what
 * it did (PS3.15 A.5.3): instances received, queries with the studies they matched, transfers begun
 * and completed, refusals.
 */
public final class ArchiveServices {

  /** PS3.7 C.4: "Duplicate SOP Instance". */
  static final int DUPLICATE_SOP_INSTANCE = 0x0111;

  private final Ingest ingest;
  private final Index index;
  private final BlobStore blobs;
  private final DimseAccess access;
  private final String aeTitle;
  private final int maxMatches;
  private final AuditTrail audit;

  /**
   * @param aeTitle this archive's AE title, returned as Retrieve AE Title
   * @param maxMatches the most C-FIND matches returned for one request
   */
  public ArchiveServices(
      Ingest ingest,
      Index index,
      BlobStore blobs,
      Authorizer authorizer,
      String aeTitle,
      int maxMatches,
      AuditTrail audit) {
    this.ingest = ingest;
    this.index = index;
    this.blobs = blobs;
    this.audit = audit;
    this.access = new DimseAccess(authorizer, audit);
    this.aeTitle = aeTitle;
    this.maxMatches = maxMatches;
  }

  /** Every service, for the TLS listener. */
  public Services all(MoveDestinations destinations) {
    Services.Builder b =
        Services.builder()
            .echo()
            .store(UidDictionary.storageSopClasses(), Ingest.TRANSFER_SYNTAXES, this::store);
    for (String model :
        List.of(
            UID.PatientRootQueryRetrieveInformationModelFind,
            UID.StudyRootQueryRetrieveInformationModelFind)) {
      b.find(model, this::find);
    }
    for (String model :
        List.of(
            UID.PatientRootQueryRetrieveInformationModelGet,
            UID.StudyRootQueryRetrieveInformationModelGet)) {
      b.get(model, this::retrieve);
    }
    for (String model :
        List.of(
            UID.PatientRootQueryRetrieveInformationModelMove,
            UID.StudyRootQueryRetrieveInformationModelMove)) {
      b.move(model, this::retrieve, destinations);
    }
    return b.build();
  }

  /** Echo and store only: what a registered legacy device may use over plaintext. */
  public Services storeOnly() {
    return Services.builder()
        .echo()
        .store(UidDictionary.storageSopClasses(), Ingest.TRANSFER_SYNTAXES, this::store)
        .build();
  }

  private Status store(StoreRequest request, InputStream dataSet) throws DimseException {
    Principal who = access.require(request.association(), Action.STORE, Resource.ARCHIVE);
    Participant caller = DimseAccess.participant(request.association(), who);
    try {
      // The instance's audit record commits with its index entry: none is stored unrecorded.
      Stored stored =
          ingest.storeDataSet(
              request.sopClassUid(),
              request.sopInstanceUid(),
              request.transferSyntaxUid(),
              dataSet,
              who.name(),
              s -> received(caller, Outcome.SUCCESS, AuditedStudy.of(List.of(s.instance()))));
      // PS3.4 B.2.3: coercion of data elements (national identifiers removed)
      return stored.coerced()
          ? Status.of(Status.COERCION_OF_DATA_ELEMENTS, "national identifiers removed")
          : Status.OK;
    } catch (IngestException e) {
      try {
        received(caller, Outcome.MINOR_FAILURE, List.of());
      } catch (RuntimeException auditFailed) {
        // The disk that refused the instance may refuse its audit record too: the client still
        // learns why its instance was not stored.
        e.addSuppressed(auditFailed);
      }
      return Status.of(storeFailure(e.reason()), e.getMessage());
    }
  }

  /** PS3.15 A.5.3.7: instances received from the caller (action Create). */
  private void received(Participant caller, Outcome outcome, List<AuditedStudy> studies) {
    audit.received(caller, outcome, studies);
  }

  static int storeFailure(IngestException.Reason reason) {
    switch (reason) {
      case MALFORMED:
        return Status.UNABLE_TO_PROCESS;
      case INVALID:
      case MISMATCH:
        return Status.DOES_NOT_MATCH_SOP_CLASS;
      case DUPLICATE:
        return DUPLICATE_SOP_INSTANCE;
      case QUARANTINED:
        return DimseAccess.NOT_AUTHORIZED;
      case STORAGE_FAILURE:
      default:
        return Status.OUT_OF_RESOURCES;
    }
  }

  private Matches find(DimseRequest request, DataSet identifier) throws DimseException {
    Principal who = access.require(request.association(), Action.QUERY, Resource.ARCHIVE);
    QueryModel model = Identifiers.model(request.sopClassUid());
    Level level = Identifiers.level(identifier);
    StudyScope scope = access.authorizer().studyScope(who, Action.QUERY);
    DataSet keys = identifier.toBuilder().remove(Tags.QueryRetrieveLevel).build();
    Participant caller = DimseAccess.participant(request.association(), who);
    List<DataSet> found;
    try {
      found = index.find(new IndexQuery(model, level, keys, false, scope, 0, maxMatches));
    } catch (IndexException e) {
      queried(caller, request, identifier, Outcome.SERIOUS_FAILURE, List.of());
      throw new DimseException(Status.of(Status.OUT_OF_RESOURCES, "the index failed"));
    } catch (IllegalArgumentException e) {
      queried(caller, request, identifier, Outcome.MINOR_FAILURE, List.of());
      throw new DimseException(Status.of(Status.DOES_NOT_MATCH_SOP_CLASS, e.getMessage()));
    }
    queried(caller, request, identifier, Outcome.SUCCESS, found);
    String levelName = level.name();
    return Matches.of(
        found.stream()
            .map(
                m ->
                    m.toBuilder()
                        .setString(Tags.QueryRetrieveLevel, VR.CS, levelName)
                        .setString(Tags.RetrieveAETitle, VR.AE, aeTitle)
                        .build()));
  }

  /** PS3.15 A.5.3.10, with the studies the query matched (the disclosure). */
  private void queried(
      Participant caller,
      DimseRequest request,
      DataSet identifier,
      Outcome outcome,
      List<DataSet> found) {
    audit.record(
        new AuditEvent.Query(
            outcome,
            caller,
            audit.source().participant(),
            request.sopClassUid(),
            DicomJson.toJson(identifier),
            AuditedStudy.ofMatches(index, found, MAX_AUDITED_STUDIES)));
  }

  /** The most studies one query's audit record names. */
  static final int MAX_AUDITED_STUDIES = 1000;

  private List<Instance> retrieve(DimseRequest request, DataSet identifier) throws DimseException {
    Principal who = access.require(request.association(), Action.RETRIEVE, Resource.ARCHIVE);
    Identifiers.model(request.sopClassUid());
    Level level = Identifiers.level(identifier);
    InstanceSelector selector =
        new InstanceSelector(
            level,
            Identifiers.value(identifier, Tags.PatientID),
            Identifiers.uids(identifier, Tags.StudyInstanceUID),
            Identifiers.uids(identifier, Tags.SeriesInstanceUID),
            Identifiers.uids(identifier, Tags.SOPInstanceUID),
            access.authorizer().studyScope(who, Action.RETRIEVE));
    requireUniqueKey(selector);
    List<StoredInstance> found;
    try {
      found = index.instances(selector);
    } catch (IndexException e) {
      throw new DimseException(Status.of(Status.UNABLE_TO_CALCULATE_MATCHES, "the index failed"));
    } catch (IllegalArgumentException e) {
      throw new DimseException(Status.of(Status.DOES_NOT_MATCH_SOP_CLASS, e.getMessage()));
    }
    Participant caller = DimseAccess.participant(request.association(), who);
    Participant destination =
        request.moveDestination() == null
            ? caller
            : new Participant(
                request.moveDestination(), request.moveDestination(), null, false, null, null);
    Transfer transfer =
        new Transfer(
            audit,
            audit.source().participant(),
            destination,
            request.moveDestination() == null ? null : caller,
            found);
    transfer.begin();
    return found.stream()
        .map(
            i ->
                new Instance(
                    i.sopClassUid(),
                    i.sopInstanceUid(),
                    i.transferSyntaxUid(),
                    () -> transfer.sent(open(i))))
        .toList();
  }

  /** PS3.4 C.4.2.2.1: a retrieve names the unique key of its level. */
  private static void requireUniqueKey(InstanceSelector s) throws DimseException {
    boolean present =
        switch (s.level()) {
          case PATIENT -> s.patientId() != null;
          case STUDY -> !s.studyInstanceUids().isEmpty();
          case SERIES -> !s.seriesInstanceUids().isEmpty();
          case IMAGE -> !s.sopInstanceUids().isEmpty();
        };
    if (!present) {
      throw new DimseException(
          Status.of(
              Status.DOES_NOT_MATCH_SOP_CLASS, "the identifier lacks the unique key of its level"));
    }
  }

  /** The stored object's data set, after its preamble and file meta information. */
  private InputStream open(StoredInstance instance) throws IOException {
    InputStream in = blobs.open(instance.blob());
    try {
      return Part10Head.read(in).dataSet(in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }
}
