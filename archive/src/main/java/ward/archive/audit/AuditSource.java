package ward.archive.audit;

/**
 * The archive as the source of its audit messages (PS3.15 A.5.1 AuditSourceIdentification): the
 * audit source type is 4, "Application Server process tier".
 *
 * @param id the AuditSourceID: the archive's AE title, or its host name
 * @param siteId the AuditEnterpriseSiteID, or null
 * @param address the archive's own network address or host name, for its own participation
 */
public record AuditSource(String id, String siteId, String address) {
  public AuditSource {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("an audit source has an ID");
    }
  }

  /** The archive as an active participant: its AE title, not the requestor. */
  public Participant participant() {
    return new Participant(id, id, null, false, address, null);
  }
}
