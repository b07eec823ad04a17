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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import ward.archive.pki.CertificateAuthority;
import ward.archive.storage.BlobStore;
import ward.archive.storage.EncryptedBlobStore;
import ward.archive.storage.FileBlobStore;
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

  private Archive(
      Database database,
      DicomServer dicom,
      DicomServer plaintext,
      WebServer web,
      InetSocketAddress dicomAddress,
      ScheduledExecutorService chores) {
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
   * Opens the data directory's key ring and, with its index key, the encrypted index. A database
   * made without encryption at rest is refused rather than used as it is.
   */
  static Database openIndex(Path data, KeyRing keys) throws IOException {
    Path index = indexDir(data);
    if (Files.exists(index.resolve("ward.mv.db")) && !KeyRing.holdsIndexKey(keysDir(data))) {
      throw new IOException(
          index
              + " holds an index made without encryption at rest; Ward no longer opens one:"
              + " start from a new data directory and store the instances again");
    }
    return Database.embedded(index, keys.indexKey());
  }

  static Archive start(ArchiveConfig config, PrintWriter out)
      throws IOException, GeneralSecurityException {
    Clock clock = Clock.systemUTC();
    Path data = Files.createDirectories(config.dataDir());

    // Storage and index, encrypted at rest under the data directory's keys
    KeyRing keys = KeyRing.open(keysDir(data));
    Database database = openIndex(data, keys);
    try {
      BlobStore blobs =
          new EncryptedBlobStore(
              new FileBlobStore(blobDir(data)), new DataKeys(database.dataSource(), keys));
      JdbcIndex index = new JdbcIndex(database.dataSource());
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
                  new LoggedIngestEvents()),
              clock);

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
              ingest, index, blobs, authorizer, config.aeTitle(), config.maxMatches());
      DicomAuthenticator gate = new DicomAuthenticator(entities, users, Archive::logAssociation);
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
                    config.sessionMinutes() * 60),
                new WebArchive(
                    index,
                    blobs,
                    ingest,
                    new WebIdentity(
                        users, tokens, setup, Duration.ofMinutes(config.sessionMinutes()), clock),
                    authorizer,
                    Archive::logWeb));
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
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
              inbox.process(users);
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
          () -> checkIntegrity(integrity, config.integrityBatch()),
          config.integrityIntervalMinutes(),
          config.integrityIntervalMinutes(),
          TimeUnit.MINUTES);
      Archive archive = new Archive(database, dicom, plaintext, web, dicom.localAddress(), chores);
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
              + " (DICOMweb under /dicomweb, the API under /api)");
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

  private static void checkIntegrity(IntegrityCheck integrity, int batch) {
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
                }
              });
      LOG.info(
          "integrity: {} objects re-checked, {} with problems", r.checked(), r.problems().size());
    } catch (IndexException | RuntimeException e) {
      LOG.warn("integrity check: {}", e.toString());
    }
  }

  /** Ingest's security events, logged (no values of removed identifiers). */
  private static final class LoggedIngestEvents implements IngestEvents {
    @Override
    public void executablePreamble(ExecutablePreamble e) {
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
      LOG.warn(
          "minimization: SOP instance {} from {} stored without national identifiers: {}",
          e.sopInstanceUid(),
          e.source(),
          e.changes());
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
    web.close();
    dicom.close();
    if (plaintext != null) {
      plaintext.close();
    }
    database.close();
  }
}
