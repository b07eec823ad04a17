package ward.archive.config;

import java.nio.file.Path;
import ward.archive.audit.SyslogCollector;
import ward.archive.index.DuplicatePolicy;
import ward.archive.ingest.PreamblePolicy;

/**
 * The archive's configuration: data only, validated at start. Every field has a safe default; a
 * setting that would expose data does not exist.
 *
 * @param dataDir where everything the archive keeps lives
 * @param aeTitle the archive's AE title; associations calling another are rejected
 * @param bindAddress the address the listeners bind to
 * @param dicomPort DICOM over TLS
 * @param httpsPort HTTPS: DICOMweb, the REST API and the web interface
 * @param plaintextPort DICOM without TLS for registered legacy devices only (echo and store); 0
 *     keeps it closed
 * @param tlsKey a PEM private key to use instead of the archive's own CA-issued one, or null
 * @param tlsChain the PEM certificate chain for {@code tlsKey}, or null
 * @param duplicates what a second copy of a stored SOP instance does
 * @param maxMatches the most matches one C-FIND or QIDO-RS request returns
 * @param maxAssociations concurrent DICOM associations, in all
 * @param maxAssociationsPerAddress concurrent DICOM associations from one address
 * @param loginMaxFailures consecutive failed logins before an account is locked
 * @param lockoutMinutes how long a locked account stays locked
 * @param sessionMinutes how long a web session or issued token lasts
 * @param integrityIntervalMinutes how often the running archive re-checks a batch of stored objects
 *     against their recorded digests
 * @param integrityBatch how many objects each such check covers (a rolling pass over all)
 * @param executablePreambles what ingest does with an object whose preamble holds an executable
 * @param nationalIdPattern a site's national-ID pattern removed at ingest besides SSNs, or null
 * @param auditSyslog where the audit trail is forwarded (syslog over TLS), or null when it is not
 * @param storageReserveMb free space (MiB) on the objects' file system that ingest leaves alone:
 *     below it new instances are refused (out of resources) so the index can still commit
 * @param ohifDir an OHIF Viewer build served at {@code /ohif/}, or null
 */
public record ArchiveConfig(
    Path dataDir,
    String aeTitle,
    String bindAddress,
    int dicomPort,
    int httpsPort,
    int plaintextPort,
    Path tlsKey,
    Path tlsChain,
    DuplicatePolicy duplicates,
    int maxMatches,
    int maxAssociations,
    int maxAssociationsPerAddress,
    int loginMaxFailures,
    int lockoutMinutes,
    int sessionMinutes,
    int integrityIntervalMinutes,
    int integrityBatch,
    PreamblePolicy executablePreambles,
    java.util.regex.Pattern nationalIdPattern,
    SyslogCollector auditSyslog,
    int storageReserveMb,
    Path ohifDir) {

  /** The name of the configuration file in the data directory. */
  public static final String FILE_NAME = "ward.conf";

  public Path configFile() {
    return dataDir.resolve(FILE_NAME);
  }
}
