package ward.scan.target;

/** What a port is probed for. */
public enum Protocol {
  /** DICOM upper layer, plain or over TLS (PS3.8, PS3.15 B.1). */
  DICOM,
  /** HTTP or HTTPS: DICOMweb (PS3.18) and PACS web interfaces. */
  WEB
}
