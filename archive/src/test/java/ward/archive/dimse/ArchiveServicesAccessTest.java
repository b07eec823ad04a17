package ward.archive.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.archive.audit.AuditRecord;
import ward.archive.audit.AuditSource;
import ward.archive.audit.AuditTrail;
import ward.archive.auth.Authorizer;
import ward.archive.auth.Principal;
import ward.archive.auth.Role;
import ward.archive.db.Database;
import ward.archive.index.DuplicatePolicy;
import ward.archive.index.JdbcIndex;
import ward.archive.ingest.Ingest;
import ward.archive.storage.FileBlobStore;
import ward.dicom.DataSet;
import ward.dicom.DicomWriter;
import ward.dicom.Tags;
import ward.dicom.TransferSyntax;
import ward.dicom.UID;
import ward.dicom.UidDictionary;
import ward.dicom.VR;
import ward.net.AssociationRejectedException;
import ward.net.client.ClientSettings;
import ward.net.client.DicomClient;
import ward.net.client.Peer;
import ward.net.client.QueryLevel;
import ward.net.client.QueryModel;
import ward.net.client.QueryResult;
import ward.net.client.RetrieveResult;
import ward.net.client.StoreJob;
import ward.net.client.StoreReport;
import ward.net.server.AssociationGate;
import ward.net.server.DicomServer;
import ward.net.server.MoveDestinations;
import ward.net.server.Services;

/**
 * Every DIMSE service the archive offers refuses a caller without credentials (at association) and
 * a caller whose roles lack the service's action (status 0124), and serves one whose roles have it.
 * The services are enumerated from what the archive registers, so a service added later without a
 * check fails here.
 */
class ArchiveServicesAccessTest {
  @TempDir static Path dir;
  static Database db;
  static DicomServer server;
  static Services services;
  static Path file;
  static AuditTrail audit;
  static final String STUDY = "2.25.1001";

  /** Calling AE title → the principal the gate gives it; any other title is rejected. */
  static final Map<String, Set<Role>> CALLERS =
      Map.of(
          "READER", Set.of(Role.READER),
          "UPLOADER", Set.of(Role.UPLOADER),
          "AUDITOR", Set.of(Role.AUDITOR),
          "ADMIN", Set.of(Role.ADMINISTRATOR));

  @BeforeAll
  static void start() throws Exception {
    db = Database.embedded(dir.resolve("index"));
    FileBlobStore blobs = new FileBlobStore(dir.resolve("objects"));
    JdbcIndex index = new JdbcIndex(db.dataSource());
    Ingest ingest = new Ingest(blobs, index, DuplicatePolicy.KEEP, Clock.systemUTC());
    DataSet ds =
        DataSet.builder()
            .setString(Tags.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
            .setString(Tags.SOPInstanceUID, VR.UI, "2.25.1001.1.1")
            .setString(Tags.StudyInstanceUID, VR.UI, STUDY)
            .setString(Tags.SeriesInstanceUID, VR.UI, "2.25.1001.1")
            .setString(Tags.PatientName, VR.PN, "Tester^Ada")
            .setString(Tags.PatientID, VR.LO, "SYN0042")
            .setString(Tags.Modality, VR.CS, "OT")
            .build();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DicomWriter.writeDataSet(body, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    ingest.storeDataSet(
        UID.SecondaryCaptureImageStorage,
        "2.25.1001.1.1",
        UID.ExplicitVRLittleEndian,
        new ByteArrayInputStream(body.toByteArray()),
        "setup");
    file = dir.resolve("instance.dcm");
    try (OutputStream out = Files.newOutputStream(file)) {
      DicomWriter.writeFile(
          out,
          DicomWriter.fileMetaFor(
              UID.SecondaryCaptureImageStorage, "2.25.1001.1.2", UID.ExplicitVRLittleEndian),
          ds.toBuilder().setString(Tags.SOPInstanceUID, VR.UI, "2.25.1001.1.2").build());
    }
    audit =
        new AuditTrail(
            db.dataSource(),
            new AuditSource("WARD", null, "127.0.0.1"),
            null,
            Clock.systemUTC(),
            1000,
            false);
    ArchiveServices archive =
        new ArchiveServices(ingest, index, blobs, new Authorizer(), "WARD", 100, audit);
    // one registered destination (nothing listens there: the refusals come before any connection)
    MoveDestinations destinations =
        (ae, request) ->
            ae.equals("READER")
                ? Optional.of(new MoveDestinations.Destination("READER", "127.0.0.1", 9))
                : Optional.empty();
    services = archive.all(destinations);
    AssociationGate gate =
        request -> {
          Set<Role> roles = CALLERS.get(request.callingAe());
          return roles == null
              ? AssociationGate.rejectCallingAe()
              : AssociationGate.accept(Principal.entity(request.callingAe(), roles));
        };
    server =
        DicomServer.builder()
            .aeTitle("WARD")
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .gate(gate)
            .services(services)
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    db.close();
  }

  static DicomClient as(String ae) {
    return new DicomClient(
        new Peer("WARD", "127.0.0.1", server.port()), ClientSettings.defaults().withCallingAe(ae));
  }

  static DataSet studyKeys() {
    return DataSet.builder().setString(Tags.StudyInstanceUID, VR.UI, STUDY).build();
  }

  /** What each registered abstract syntax is, so that every one is exercised below. */
  @Test
  void everyRegisteredServiceIsOneThisTestExercises() {
    List<String> unknown = new ArrayList<>();
    for (String syntax : services.abstractSyntaxes()) {
      boolean known =
          syntax.equals(UID.Verification)
              || UidDictionary.storageSopClasses().contains(syntax)
              || findModel(syntax) != null
              || retrieveModel(syntax) != null;
      if (!known) {
        unknown.add(syntax);
      }
    }
    assertThat(unknown).isEmpty();
  }

  static QueryModel findModel(String syntax) {
    for (QueryModel m : QueryModel.values()) {
      if (m.findSopClass().equals(syntax)) {
        return m;
      }
    }
    return null;
  }

  static QueryModel retrieveModel(String syntax) {
    for (QueryModel m : QueryModel.values()) {
      if (m.getSopClass().equals(syntax) || m.moveSopClass().equals(syntax)) {
        return m;
      }
    }
    return null;
  }

  @Test
  void callersWithoutCredentialsAreRejectedBeforeAnyService() {
    assertThatThrownBy(() -> as("STRANGER").echo())
        .isInstanceOf(AssociationRejectedException.class);
    assertThatThrownBy(
            () ->
                as("STRANGER")
                    .find(QueryModel.STUDY_ROOT, QueryLevel.STUDY, studyKeys(), m -> true))
        .isInstanceOf(AssociationRejectedException.class);
  }

  @Test
  void everyQueryAndRetrieveServiceRefusesRolesWithoutTheAction() throws IOException {
    for (String syntax : services.abstractSyntaxes()) {
      QueryModel find = findModel(syntax);
      if (find != null) {
        for (String ae : List.of("UPLOADER", "AUDITOR", "ADMIN")) {
          QueryResult r = as(ae).find(find, QueryLevel.STUDY, studyKeys(), m -> true);
          assertThat(r.status()).as(ae + " C-FIND " + find).isEqualTo(0x0124);
          assertThat(r.matches()).isZero();
        }
        QueryResult ok = as("READER").find(find, QueryLevel.STUDY, patientKeys(find), m -> true);
        assertThat(ok.status()).as("READER C-FIND " + find).isZero();
        assertThat(ok.matches()).isEqualTo(1);
      }
      QueryModel retrieve = retrieveModel(syntax);
      if (retrieve != null) {
        boolean get = retrieve.getSopClass().equals(syntax);
        for (String ae : List.of("UPLOADER", "AUDITOR", "ADMIN")) {
          RetrieveResult r =
              get
                  ? as(ae)
                      .get(
                          retrieve,
                          QueryLevel.STUDY,
                          patientKeys(retrieve),
                          List.of(),
                          (c, i, ts, in) -> 0)
                  : as(ae).move(retrieve, QueryLevel.STUDY, patientKeys(retrieve), "READER");
          assertThat(r.status())
              .as(ae + (get ? " C-GET " : " C-MOVE ") + retrieve)
              .isEqualTo(0x0124);
          assertThat(r.received() + r.completed()).isZero();
        }
        if (get) {
          RetrieveResult ok =
              as("READER")
                  .get(
                      retrieve,
                      QueryLevel.STUDY,
                      patientKeys(retrieve),
                      List.of(),
                      (c, i, ts, in) -> 0);
          assertThat(ok.status()).as("READER C-GET " + retrieve).isZero();
          assertThat(ok.received()).isEqualTo(1);
        }
      }
    }
    // Every refusal is a security alert; the reader's queries and retrieves name the study.
    List<AuditRecord> forStudy = audit.forStudy(STUDY, 10_000);
    assertThat(forStudy)
        .extracting(AuditRecord::event)
        .contains("Query", "Begin Transferring DICOM Instances", "DICOM Instances Transferred");
    assertThat(forStudy).allSatisfy(r -> assertThat(r.userId()).isEqualTo("READER"));
    assertThat(forStudy)
        .filteredOn(r -> r.event().equals("DICOM Instances Transferred"))
        .allSatisfy(r -> assertThat(r.address()).isEqualTo("127.0.0.1"));
    assertThat(audit.forPatient("SYN0042", 10_000)).isNotEmpty();
    assertThat(audit.verify().intact()).isTrue();
  }

  /** Patient Root asks for the patient ID above the study. */
  static DataSet patientKeys(QueryModel model) {
    return model == QueryModel.PATIENT_ROOT
        ? studyKeys().toBuilder().setString(Tags.PatientID, VR.LO, "SYN0042").build()
        : studyKeys();
  }

  @Test
  void storageRefusesRolesWithoutTheActionAndServesUploaders() throws IOException {
    StoreJob job = StoreJob.scan(List.of(file));
    for (String ae : List.of("READER", "AUDITOR", "ADMIN")) {
      StoreReport r = as(ae).store(job, 1, result -> {});
      assertThat(r.results())
          .singleElement()
          .satisfies(s -> assertThat(s.status()).as(ae).isEqualTo(0x0124));
    }
    StoreReport ok = as("UPLOADER").store(job, 1, result -> {});
    assertThat(ok.storedCount()).isEqualTo(1);
  }

  @Test
  void echoNeedsOnlyAnAuthenticatedCaller() throws IOException {
    for (String ae : CALLERS.keySet()) {
      as(ae).echo();
    }
  }
}
