package ward.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ward.archive.audit.AuditEvent;
import ward.archive.audit.AuditSource;
import ward.archive.audit.AuditTrail;
import ward.archive.audit.AuditedStudy;
import ward.archive.audit.Outcome;
import ward.archive.audit.Participant;
import ward.archive.audit.SigningKey;
import ward.archive.audit.SyslogForwarder;
import ward.archive.auth.ApplicationEntities;
import ward.archive.auth.Authorizer;
import ward.archive.auth.DicomAuthenticator;
import ward.archive.auth.Lockout;
import ward.archive.auth.PasswordHasher;
import ward.archive.auth.ProvisioningInbox;
import ward.archive.auth.SetupToken;
import ward.archive.auth.Tokens;
import ward.archive.auth.Users;
import ward.archive.config.ArchiveConfig;
import ward.archive.db.Database;
import ward.archive.dimse.ArchiveServices;
import ward.archive.index.IndexException;
import ward.archive.index.JdbcIndex;
import ward.archive.ingest.Ingest;
import ward.archive.ingest.IngestEvents;
import ward.archive.ingest.Minimization;
import ward.archive.ingest.Pseudonyms;
import ward.archive.ingest.Quarantine;
import ward.archive.ingest.Safeguards;
import ward.archive.integrity.IntegrityCheck;
import ward.archive.keys.DataKeys;
import ward.archive.keys.KeyRing;
import ward.archive.lifecycle.DeletionRequests;
import ward.archive.pki.CertificateAuthority;
import ward.archive.posture.PostureScans;
import ward.archive.storage.BlobStore;
import ward.archive.storage.EncryptedBlobStore;
import ward.archive.storage.FileBlobStore;
import ward.archive.web.SystemStatus;
import ward.archive.web.WebAdministration;
import ward.archive.web.WebArchive;
import ward.archive.web.WebEvent;
import ward.archive.web.WebServer;
import ward.archive.web.WebSettings;
import ward.net.server.DicomServer;
import ward.net.server.MoveDestinations;
import ward.net.server.ServerLimits;
import ward.net.tls.ClientAuth;
import ward.net.tls.TlsProfile;

/**
 * The archive, wired by hand: this is the composition root that {@code ward serve} runs. Reading
 * {@link #start} top to bottom names every part and every listener.
 */
final class Archive implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("ward.archive");

  private final Database database;
  private final DicomServer dicom;
  private final DicomServer plaintext;
  private final WebServer web;
  private final InetSocketAddress dicomAddress;
  private final ScheduledExecutorService chores;
  private final AuditTrail audit;
  private final SyslogForwarder syslog;
  private final PostureScans posture;

  private Archive(
      Database database,
      DicomServer dicom,
      DicomServer plaintext,
      WebServer web,
      InetSocketAddress dicomAddress,
      ScheduledExecutorService chores,
      AuditTrail audit,
      SyslogForwarder syslog,
      PostureScans posture) {
    this.posture = posture;
    this.audit = audit;
    this.syslog = syslog;
    this.database = database;
    this.dicom = dicom;
    this.plaintext = plaintext;
    this.web = web;
    this.dicomAddress = dicomAddress;
    this.chores = chores;
  }

  /** The parts of the data directory. */
  static Path indexDir(Path data) {
    return data.resolve("index");
  }

  static Path blobDir(Path data) {
    return data.resolve("objects");
  }

  static Path tlsDir(Path data) {
    return data.resolve("tls");
  }

  static Path keysDir(Path data) {
    return data.resolve("keys");
  }

  /**
   * The data directory's key ring. When an index exists but the key directory holds no index key,
   * nothing is created: either the keys were not restored with the data, or the index predates
   * encryption at rest; either way the index is refused rather than opened or replaced.
   */
  static KeyRing keys(Path data) throws IOException {
    Path index = indexDir(data);
    if (Files.exists(index.resolve("ward.mv.db")) && !KeyRing.holdsIndexKey(keysDir(data))) {
      throw new IOException(
          index
              + " holds an index, but "
              + keysDir(data)
              + " has no index key: restore the keys directory from its backup (an index made"
              + " without encryption at rest is not opened: start from a new data directory)");
    }
    return KeyRing.open(keysDir(data));
  }

  /** Opens the encrypted index with the key ring's index key. */
  static Database openIndex(Path data, KeyRing keys) throws IOException {
    Path index = indexDir(data);
    return Database.embedded(index, keys.indexKey());
  }

  /** The audit signing key's directory (owner only). */
  static Path auditDir(Path data) {
    return data.resolve("audit");
  }

  /** How many audit records between signed checkpoints (one is also made at every stop). */
  static final int CHECKPOINT_EVERY = 1000;

  /** The audit trail over an open database, with the signing key of the data directory. */
  static AuditTrail auditTrail(ArchiveConfig config, Database database, Clock clock, boolean spool)
      throws IOException, GeneralSecurityException {
    Path dir = auditDir(config.dataDir());
    Files.createDirectories(dir);
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(
          dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
    String address =
        config.bindAddress().equals("0.0.0.0") || config.bindAddress().equals("::")
            ? null
            : config.bindAddress();
    return new AuditTrail(
        database.writes(),
        new AuditSource(config.aeTitle(), null, address),
        SigningKey.loadOrCreate(dir),
        clock,
        CHECKPOINT_EVERY,
        spool);
  }

  static Archive start(ArchiveConfig config, PrintWriter out)
      throws IOException, GeneralSecurityException {
    Clock clock = Clock.systemUTC();
    Instant startedAt = clock.instant();
    Path data = Files.createDirectories(config.dataDir());

    // Storage and index, encrypted at rest under the data directory's keys
    KeyRing keys = keys(data);
    Database database = openIndex(data, keys);
    try {
      BlobStore blobs =
          new EncryptedBlobStore(
              new FileBlobStore(blobDir(data), (long) config.storageReserveMb() << 20),
              new DataKeys(database.writes(), keys));
      JdbcIndex index = new JdbcIndex(database.writes());

      // Audit trail (PS3.15 A.5): hash-chained in the database, signed checkpoints
      AuditTrail audit = auditTrail(config, database, clock, config.auditSyslog() != null);
      SyslogForwarder syslog = null;
      if (config.auditSyslog() != null) {
        // RFC 5425: records wait in the database's spool until the collector has them
        syslog =
            new SyslogForwarder(
                    database.dataSource(), config.auditSyslog(), config.aeTitle(), 1000, 60_000)
                .start();
        audit.onSpooled(syslog::wake);
      }
      audit.record(
          new AuditEvent.ApplicationActivity(
              true, Outcome.SUCCESS, audit.source().participant(), launcher()));

      // Ingest, with objects that carry an executable in their preamble quarantined (or zeroed)
      // and identifiers the archive does not need (SSNs) removed or pseudonymized
      Ingest ingest =
          new Ingest(
              blobs,
              index,
              config.duplicates(),
              new Safeguards(
                  config.executablePreambles(),
                  new Quarantine(database.dataSource(), blobs, clock),
                  new Minimization(config.nationalIdPattern()),
                  new Pseudonyms(database.dataSource(), keys, clock),
                  new AuditedIngestEvents(audit)),
              clock,
              database.writes());

      // Identity and access
      Lockout lockout =
          new Lockout(
              config.loginMaxFailures(),
              config.loginMaxFailures() * 4,
              Duration.ofMinutes(config.lockoutMinutes()));
      Users users = new Users(database.dataSource(), new PasswordHasher(), lockout, clock);
      Tokens tokens = new Tokens(database.dataSource(), users, clock);
      SetupToken setup = new SetupToken(database.dataSource(), users, clock);
      ApplicationEntities entities = new ApplicationEntities(database.dataSource(), clock);
      Authorizer authorizer = new Authorizer();

      // TLS: the archive's own CA and server certificate unless the configuration names others
      CertificateAuthority ca = CertificateAuthority.initialize(tlsDir(data), List.of(), clock);
      Path key = config.tlsKey() != null ? config.tlsKey() : ca.serverKeyFile();
      Path chain = config.tlsChain() != null ? config.tlsChain() : ca.serverChainFile();
      TlsProfile tls =
          TlsProfile.builder()
              .keyAndChain(key, chain)
              .trustedCertificates(ca.caCertificateFile())
              .clientAuth(ClientAuth.OPTIONAL)
              .build();

      // DICOM
      ArchiveServices services =
          new ArchiveServices(
              ingest, index, blobs, authorizer, config.aeTitle(), config.maxMatches(), audit);
      DicomAuthenticator gate = new DicomAuthenticator(entities, users, o -> decided(o, audit));
      MoveDestinations destinations =
          (aeTitle, request) ->
              entities
                  .moveDestination(aeTitle)
                  .map(d -> new MoveDestinations.Destination(aeTitle, d.host(), d.port()));
      ServerLimits limits =
          ServerLimits.DEFAULT.withAssociations(
              config.maxAssociations(), config.maxAssociationsPerAddress());
      InetAddress bind = InetAddress.getByName(config.bindAddress());
      DicomServer dicom =
          DicomServer.builder()
              .aeTitle(config.aeTitle())
              .bind(new InetSocketAddress(bind, config.dicomPort()))
              .serverSockets(tls.serverSocketFactory())
              .gate(gate)
              .services(services.all(destinations))
              .limits(limits)
              .start();
      DicomServer plaintext = null;
      if (config.plaintextPort() > 0) {
        plaintext =
            DicomServer.builder()
                .aeTitle(config.aeTitle())
                .bind(new InetSocketAddress(bind, config.plaintextPort()))
                .gate(gate)
                .services(services.storeOnly())
                .limits(limits)
                .start();
      }
      // The administration API and the patient portal: status, deletion requests, and the security
      // posture (ward scan of the archive's own listeners on loopback, on a worker of its own)
      Map<String, Integer> ports = new LinkedHashMap<>();
      ports.put("dicomTls", dicom.localAddress().getPort());
      if (plaintext != null) {
        ports.put("dicomPlaintext", plaintext.localAddress().getPort());
      }
      ports.put("https", config.httpsPort());
      SystemStatus system =
          new SystemStatus(
              Main.class.getPackage().getImplementationVersion(),
              startedAt,
              clock,
              config,
              ports,
              database.dataSource(),
              keys,
              syslog == null ? null : syslog::spooled);
      PostureScans posture =
          new PostureScans(
              new ScanPosture(
                  config.bindAddress(),
                  config.aeTitle(),
                  List.copyOf(ports.values()),
                  ca.caCertificateFile()),
              POSTURE_TIMEOUT,
              clock);
      WebAdministration administration =
          new WebAdministration(
              users,
              entities,
              new DeletionRequests(database.dataSource(), clock),
              system,
              ca.caCertificateFile(),
              posture);

      // HTTPS: DICOMweb, the API
      WebServer web;
      try {
        web =
            WebServer.start(
                new WebSettings(
                    config.bindAddress(),
                    config.httpsPort(),
                    key,
                    chain,
                    WebSettings.DEFAULT_MAX_STOW_BYTES,
                    WebSettings.DEFAULT_MAX_REQUEST_BYTES,
                    null,
                    config.sessionMinutes() * 60,
                    config.ohifDir()),
                new WebArchive(
                    index,
                    blobs,
                    ingest,
                    new WebIdentity(
                        users,
                        tokens,
                        setup,
                        Duration.ofMinutes(config.sessionMinutes()),
                        clock,
                        audit),
                    authorizer,
                    event -> refused(event, audit),
                    audit,
                    administration));
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        posture.close();
        dicom.close();
        if (plaintext != null) {
          plaintext.close();
        }
        throw e;
      }

      // Provisioning requests from 'ward user add' while the archive runs
      ProvisioningInbox inbox = new ProvisioningInbox(data);
      ScheduledExecutorService chores =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "ward-chores");
                t.setDaemon(true);
                return t;
              });
      chores.scheduleWithFixedDelay(
          () -> {
            try {
              inbox.process(users, (ok, answer) -> provisioned(ok, answer, audit));
            } catch (IOException | RuntimeException e) {
              LOG.warn("provisioning inbox: {}", e.toString());
            }
          },
          0,
          300,
          TimeUnit.MILLISECONDS);
      // Integrity: a rolling re-check of stored objects against the digests recorded at ingest
      IntegrityCheck integrity = new IntegrityCheck(index, blobs);
      chores.scheduleWithFixedDelay(
          () -> checkIntegrity(integrity, config.integrityBatch(), audit, system),
          config.integrityIntervalMinutes(),
          config.integrityIntervalMinutes(),
          TimeUnit.MINUTES);
      // The audit trail's look-ups by study and patient, written once the trail is quiet
      chores.scheduleWithFixedDelay(
          () -> {
            try {
              audit.indexStudiesWhenQuiet(Duration.ofMillis(500), 2000);
            } catch (RuntimeException e) {
              LOG.warn("audit look-ups: {}", e.toString());
            }
          },
          1,
          1,
          TimeUnit.SECONDS);
      // A signed checkpoint of the audit chain every ten minutes (when records were added)
      chores.scheduleWithFixedDelay(
          () -> {
            try {
              audit.checkpoint();
            } catch (RuntimeException e) {
              LOG.error("audit checkpoint: {}", e.toString());
            }
          },
          10,
          10,
          TimeUnit.MINUTES);
      Archive archive =
          new Archive(
              database,
              dicom,
              plaintext,
              web,
              dicom.localAddress(),
              chores,
              audit,
              syslog,
              posture);
      out.println(
          "ward: DICOM over TLS on "
              + hostPort(archive.dicomAddress)
              + " as "
              + config.aeTitle()
              + (plaintext == null
                  ? ""
                  : "; plaintext DICOM (registered legacy devices, store only) on "
                      + hostPort(plaintext.localAddress())));
      out.println(
          "ward: HTTPS on "
              + config.bindAddress()
              + ":"
              + web.port()
              + " (the web interface at /, DICOMweb under /dicomweb, the API under /api"
              + (config.ohifDir() == null ? "" : ", the OHIF Viewer at /ohif/")
              + ")");
      out.println("ward: clients trust the archive's CA: " + ca.caCertificateFile());
      Optional<String> token = setup.issueIfNeeded();
      token.ifPresent(
          t ->
              out.println(
                  "ward: no administrator yet. One-time setup token (valid 24 h): "
                      + t
                      + "\nward: create the first administrator with it (POST /api/setup on the"
                      + " HTTPS port), or on this machine with: ward user add NAME --role"
                      + " ADMINISTRATOR --password-file FILE --data "
                      + data));
      out.flush();
      return archive;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** The longest a posture self-scan may take. */
  static final Duration POSTURE_TIMEOUT = Duration.ofMinutes(2);

  private static void checkIntegrity(
      IntegrityCheck integrity, int batch, AuditTrail audit, SystemStatus system) {
    try {
      IntegrityCheck.Report r =
          integrity.next(
              batch,
              f -> {
                if (!f.intact()) {
                  LOG.error(
                      "integrity: {} {} (study {}, object {}): {}",
                      f.verdict(),
                      f.instance().sopInstanceUid(),
                      f.instance().studyInstanceUid(),
                      f.instance().blob(),
                      f.detail());
                  alertIntegrity(audit, f);
                }
              });
      system.integrityChecked(r);
      LOG.info(
          "integrity: {} objects re-checked, {} with problems", r.checked(), r.problems().size());
    } catch (IndexException | RuntimeException e) {
      LOG.warn("integrity check: {}", e.toString());
    }
  }

  /** A stored object that failed its integrity check: a Security Alert (PS3.15 A.5.3.11). */
  static void alertIntegrity(AuditTrail audit, IntegrityCheck.Finding f) {
    audit.alert(
        AuditEvent.AlertType.OBJECT_SECURITY_ATTRIBUTES_CHANGED,
        null,
        "integrity check: stored object " + f.verdict() + ": " + f.detail(),
        "urn:oid:" + f.instance().sopInstanceUid(),
        List.of(AuditedStudy.of(f.instance().studyInstanceUid(), f.instance().patientId())));
  }

  /**
   * Ingest's security events: logged, and audited as Security Alerts (PS3.15 A.5.3.11) that name
   * the sender and the instance, never the values removed.
   */
  private static final class AuditedIngestEvents implements IngestEvents {
    private final AuditTrail audit;

    AuditedIngestEvents(AuditTrail audit) {
      this.audit = audit;
    }

    @Override
    public void executablePreamble(ExecutablePreamble e) {
      audit.alert(
          AuditEvent.AlertType.USE_OF_RESTRICTED_FUNCTION,
          Participant.requestor(e.source(), null, null),
          "a Part 10 upload whose preamble holds a "
              + e.preamble().description()
              + (e.refused()
                  ? ": refused"
                      + (e.quarantined() == null ? "" : ", quarantined as " + e.quarantined())
                  : ": stored with the preamble zeroed"),
          "urn:oid:" + e.sopInstanceUid(),
          List.of());
      LOG.error(
          "security alert: {} sent SOP instance {} whose Part 10 preamble holds a {}; {}",
          e.source(),
          e.sopInstanceUid(),
          e.preamble().description(),
          e.refused()
              ? "refused" + (e.quarantined() == null ? "" : ", quarantined as " + e.quarantined())
              : "stored with the preamble zeroed");
    }

    @Override
    public void minimized(Minimized e) {
      List<String> attributes = new ArrayList<>();
      e.changes().forEach(c -> attributes.add(c.attribute() + " " + c.action()));
      audit.alert(
          AuditEvent.AlertType.OBJECT_SECURITY_ATTRIBUTES_CHANGED,
          Participant.requestor(e.source(), null, null),
          "national identifiers removed at ingest: " + String.join("; ", attributes),
          "urn:oid:" + e.sopInstanceUid(),
          List.of(AuditedStudy.of(e.studyInstanceUid(), e.patientId())));
      LOG.warn(
          "minimization: SOP instance {} from {} stored without national identifiers: {}",
          e.sopInstanceUid(),
          e.source(),
          e.changes());
    }
  }

  /** A 'ward user add' carried out while running: a Security Alert (A.5.3.11). */
  private static void provisioned(boolean ok, String answer, AuditTrail audit) {
    audit.record(
        new AuditEvent.SecurityAlert(
            AuditEvent.AlertType.USER_SECURITY_ATTRIBUTES_CHANGED,
            ok ? Outcome.SUCCESS : Outcome.MINOR_FAILURE,
            audit.source().participant(),
            Participant.requestor("local administrator (provisioning inbox)", null, null),
            answer,
            null,
            List.of()));
  }

  /** Who started the archive: the operating system user (PS3.15 A.5.3.1 Application Launcher). */
  private static Participant launcher() {
    String user = System.getProperty("user.name");
    return user == null || user.isEmpty() ? null : Participant.requestor(user, null, null);
  }

  /** Every association decision: logged, and audited as a User Authentication (A.5.3.12). */
  private static void decided(DicomAuthenticator.Outcome o, AuditTrail audit) {
    logAssociation(o);
    String address =
        o.peer() == null || o.peer().getAddress() == null
            ? null
            : o.peer().getAddress().getHostAddress();
    String who = o.accepted() ? o.principal().name() : o.callingAe();
    audit.record(
        new AuditEvent.UserAuthentication(
            true,
            o.accepted() ? Outcome.SUCCESS : Outcome.MINOR_FAILURE,
            Participant.requestor(
                who == null || who.isEmpty() ? "unknown" : who, o.callingAe(), address),
            audit.source().participant(),
            o.reason()));
  }

  /**
   * Refusals at the HTTPS gate: a request without valid credentials is a failed User
   * Authentication; a principal asking for what its roles do not grant is a Security Alert (Use of
   * Restricted Function). Refused logins are audited where they are decided ({@link WebIdentity}).
   */
  private static void refused(WebEvent event, AuditTrail audit) {
    logWeb(event);
    if (event instanceof WebEvent.Unauthenticated u) {
      audit.record(
          new AuditEvent.UserAuthentication(
              true,
              Outcome.MINOR_FAILURE,
              Participant.requestor("unknown", null, u.remoteAddress()),
              audit.source().participant(),
              u.method() + " " + u.path() + ": " + u.why()));
    } else if (event instanceof WebEvent.Forbidden f) {
      audit.record(
          new AuditEvent.SecurityAlert(
              AuditEvent.AlertType.USE_OF_RESTRICTED_FUNCTION,
              Outcome.MINOR_FAILURE,
              audit.source().participant(),
              Participant.requestor(f.principal().name(), null, f.remoteAddress()),
              f.principal().name() + " may not " + f.action() + ": " + f.method() + " " + f.path(),
              null,
              List.of()));
    }
  }

  private static void logAssociation(DicomAuthenticator.Outcome o) {
    if (o.accepted()) {
      LOG.info(
          "association from {} ({}) to {} accepted for {}{}",
          o.callingAe(),
          o.peer(),
          o.calledAe(),
          o.principal().name(),
          o.tls() ? "" : " over plaintext");
    } else {
      LOG.warn(
          "association from {} ({}) to {} refused: {}",
          o.callingAe(),
          o.peer(),
          o.calledAe(),
          o.reason());
    }
  }

  private static void logWeb(WebEvent event) {
    LOG.warn("HTTPS request refused: {}", event);
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  InetSocketAddress dicomAddress() {
    return dicomAddress;
  }

  @Override
  public void close() {
    chores.shutdownNow();
    posture.close();
    web.close();
    dicom.close();
    if (plaintext != null) {
      plaintext.close();
    }
    try {
      audit.record(
          new AuditEvent.ApplicationActivity(
              false, Outcome.SUCCESS, audit.source().participant(), launcher()));
      audit.checkpoint();
    } catch (RuntimeException e) {
      LOG.error("the audit trail could not record the stop: {}", e.toString());
    }
    if (syslog != null) {
      syslog.close();
    }
    database.close();
  }
}
