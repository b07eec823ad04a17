package ward.archive.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import ward.archive.auth.Users;
import ward.archive.config.ArchiveConfig;
import ward.archive.index.IndexException;
import ward.archive.index.Totals;
import ward.archive.integrity.IntegrityCheck;
import ward.archive.keys.KeyRing;
import ward.net.tls.Bcp195;

/**
 * What the archive knows cheaply about itself, for {@code GET /api/admin/status}, and the
 * security-relevant settings in force, for {@code GET /api/admin/policies}. Neither names a file of
 * the machine or holds a secret: key identifiers yes, keys never.
 */
public final class SystemStatus {
  private final String version;
  private final Instant startedAt;
  private final Clock clock;
  private final ArchiveConfig config;
  private final Map<String, Integer> ports;
  private final DataSource index;
  private final KeyRing keys;
  private final LongSupplier auditSpooled;
  private volatile Integrity integrity;

  /**
   * @param ports the listening ports by name ({@code dicomTls}, {@code dicomPlaintext}, {@code
   *     https}), as bound
   * @param index the database of the index, counted for the totals
   * @param keys the key ring, of which only the key identifiers are shown
   * @param auditSpooled how many audit records wait for the syslog collector, or null when the
   *     trail is not forwarded
   */
  public SystemStatus(
      String version,
      Instant startedAt,
      Clock clock,
      ArchiveConfig config,
      Map<String, Integer> ports,
      DataSource index,
      KeyRing keys,
      LongSupplier auditSpooled) {
    this.version = version == null ? "development" : version;
    this.startedAt = Objects.requireNonNull(startedAt);
    this.clock = Objects.requireNonNull(clock);
    this.config = Objects.requireNonNull(config);
    this.ports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    this.index = Objects.requireNonNull(index);
    this.keys = Objects.requireNonNull(keys);
    this.auditSpooled = auditSpooled;
  }

  /** The last scheduled integrity check, and the problems found since the start. */
  private record Integrity(Instant at, long checked, int problems, long problemsSinceStart) {}

  /** Told after each scheduled integrity check. */
  public void integrityChecked(IntegrityCheck.Report report) {
    synchronized (this) {
      Integrity before = integrity;
      integrity =
          new Integrity(
              clock.instant(),
              report.checked(),
              report.problems().size(),
              (before == null ? 0 : before.problemsSinceStart()) + report.problems().size());
    }
  }

  Map<String, Object> status() throws IndexException {
    Instant now = clock.instant();
    Totals totals = Totals.of(index);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", version);
    m.put("startedAt", startedAt.toString());
    m.put("uptimeSeconds", Duration.between(startedAt, now).toSeconds());
    m.put("patients", totals.patients());
    m.put("studies", totals.studies());
    m.put("series", totals.series());
    m.put("instances", totals.instances());
    m.put("storedBytes", totals.storedBytes());
    m.put("diskFreeBytes", diskFree(config.dataDir()));
    m.put("ports", new LinkedHashMap<>(ports));
    Map<String, Object> i = new LinkedHashMap<>();
    Integrity last = integrity;
    i.put("intervalMinutes", config.integrityIntervalMinutes());
    i.put("batch", config.integrityBatch());
    i.put("lastCheckAt", last == null ? null : last.at().toString());
    i.put("lastChecked", last == null ? 0 : last.checked());
    i.put("lastProblems", last == null ? 0 : last.problems());
    i.put("problemsSinceStart", last == null ? 0 : last.problemsSinceStart());
    m.put("integrity", i);
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("hashChained", true);
    a.put(
        "forwardedTo",
        config.auditSyslog() == null
            ? null
            : config.auditSyslog().host() + ":" + config.auditSyslog().port());
    a.put("waitingForCollector", auditSpooled == null ? null : auditSpooled.getAsLong());
    m.put("audit", a);
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("encryptionAtRest", true);
    k.put("keyEncryptionKeys", keys.ids());
    k.put("activeKeyEncryptionKey", keys.active().id());
    m.put("keys", k);
    return m;
  }

  Map<String, Object> policies() {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> tls = new LinkedHashMap<>();
    tls.put("profile", "BCP 195 (PS3.15 B.9, B.10)");
    tls.put("protocols", Bcp195.PROTOCOLS);
    tls.put("cipherSuites", Bcp195.CIPHER_SUITES);
    tls.put("clientCertificates", "optional; registered fingerprints only");
    tls.put("ownCertificateAuthority", config.tlsKey() == null);
    m.put("tls", tls);
    Map<String, Object> dicom = new LinkedHashMap<>();
    dicom.put("aeTitle", config.aeTitle());
    dicom.put("bindAddress", config.bindAddress());
    dicom.put("tlsPort", config.dicomPort());
    dicom.put(
        "plaintextPort",
        config.plaintextPort() > 0 ? config.plaintextPort() : null); // legacy: echo and store
    dicom.put(
        "plaintextServices", config.plaintextPort() > 0 ? List.of("ECHO", "STORE") : List.of());
    dicom.put("anonymousAssociations", false);
    dicom.put("maxAssociations", config.maxAssociations());
    dicom.put("maxAssociationsPerAddress", config.maxAssociationsPerAddress());
    dicom.put("maxMatches", config.maxMatches());
    m.put("dicom", dicom);
    Map<String, Object> accounts = new LinkedHashMap<>();
    accounts.put("passwordHash", "Argon2id");
    accounts.put("passwordMinLength", Users.MIN_PASSWORD_LENGTH);
    accounts.put("passwordMaxLength", Users.MAX_PASSWORD_LENGTH);
    accounts.put("loginMaxFailures", config.loginMaxFailures());
    accounts.put("lockoutMinutes", config.lockoutMinutes());
    accounts.put("sessionMinutes", config.sessionMinutes());
    accounts.put("defaultPasswords", false);
    m.put("accounts", accounts);
    Map<String, Object> ingest = new LinkedHashMap<>();
    ingest.put("duplicates", config.duplicates().name());
    ingest.put("executablePreambles", config.executablePreambles().name());
    ingest.put("socialSecurityNumbersRemoved", true);
    ingest.put("siteNationalIdPattern", config.nationalIdPattern() != null);
    m.put("ingest", ingest);
    Map<String, Object> storage = new LinkedHashMap<>();
    storage.put("encryptionAtRest", "per-object keys (AES-GCM), wrapped by key-encryption keys");
    storage.put("integrityIntervalMinutes", config.integrityIntervalMinutes());
    storage.put("integrityBatch", config.integrityBatch());
    m.put("storage", storage);
    Map<String, Object> audit = new LinkedHashMap<>();
    audit.put("format", "DICOM audit messages (PS3.15 A.5), hash-chained, signed checkpoints");
    audit.put(
        "syslog",
        config.auditSyslog() == null
            ? null
            : "TLS (RFC 5425) to "
                + config.auditSyslog().host()
                + ":"
                + config.auditSyslog().port());
    m.put("audit", audit);
    Map<String, Object> deletion = new LinkedHashMap<>();
    deletion.put("patientRequests", "an administrator approves or rejects each one");
    deletion.put("deletionDestroysKeys", true);
    m.put("deletion", deletion);
    return m;
  }

  private static Long diskFree(Path dir) {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return null;
    }
  }
}
