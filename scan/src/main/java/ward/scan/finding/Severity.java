package ward.scan.finding;

/**
 * How bad a finding is, worst first. Critical: images retrievable or storable without
 * authentication. High: patient data readable by query. Medium: any AE accepted, plaintext DICOM,
 * weak TLS, an open web interface. Low: hardened but reachable. Info: facts without a risk.
 */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW,
  INFO;

  /** True when this is at least as bad as {@code other}. */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Severity parse(String label) {
    return valueOf(label.toUpperCase(java.util.Locale.ROOT));
  }
}
