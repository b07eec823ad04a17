package ward.archive.audit;

/**
 * An active participant of an audited event (PS3.15 A.5.1 ActiveParticipant): a person, a DICOM
 * node or the archive itself.
 *
 * @param userId the user name, or for a process its identity (the archive's AE title)
 * @param aeTitles the AE titles it used, or null; written as {@code AETITLES=...} (PS3.15 A.5.2.2)
 * @param userName a readable name, or null
 * @param requestor whether this participant asked for the event (UserIsRequestor)
 * @param address its network address (IP address or host name), or null
 * @param role its role in the event, or null
 */
public record Participant(
    String userId, String aeTitles, String userName, boolean requestor, String address, Role role) {

  /** PS3.16 CID 402 "Audit Active Participant Role ID Code". */
  public enum Role {
    APPLICATION("110150", "Application"),
    APPLICATION_LAUNCHER("110151", "Application Launcher"),
    DESTINATION("110152", "Destination Role ID"),
    SOURCE("110153", "Source Role ID"),
    DESTINATION_MEDIA("110154", "Destination Media"),
    SOURCE_MEDIA("110155", "Source Media");

    final String code;
    final String meaning;

    Role(String code, String meaning) {
      this.code = code;
      this.meaning = meaning;
    }
  }

  public Participant {
    if (userId == null || userId.isEmpty()) {
      throw new IllegalArgumentException("an active participant has a user ID");
    }
  }

  /** Whoever asked: a user or entity, from an address, with the AE title it called from if any. */
  public static Participant requestor(String name, String callingAe, String address) {
    return new Participant(name, callingAe, null, true, address, null);
  }

  /** The same participant in a role. */
  public Participant as(Role r) {
    return new Participant(userId, aeTitles, userName, requestor, address, r);
  }

  /** The same participant, not the requestor. */
  public Participant notRequestor() {
    return new Participant(userId, aeTitles, userName, false, address, role);
  }

  /** Whether this participant is a machine address (written as NetworkAccessPointTypeCode 2). */
  boolean addressIsIp() {
    return address != null
        && (address.indexOf(':') >= 0
            || address.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
  }
}
