package ward.archive.posture;

/**
 * The archive's security posture as an outsider sees it: the exposure scanner ({@code ward scan})
 * run against this archive's own listeners on loopback, without credentials. The archive knows only
 * this interface; the command line implements it with the scanner, so the archive does not depend
 * on the scanner's module.
 */
@FunctionalInterface
public interface Posture {

  /**
   * Scans this archive's own DICOM, plaintext DICOM (when open) and HTTPS listeners on loopback.
   * Blocks until done; gives up (throwing {@link InterruptedException}) when interrupted.
   *
   * @return the scanner's report as JSON (format {@code ward-scan/1}); it holds no patient data
   */
  String scan() throws Exception;
}
