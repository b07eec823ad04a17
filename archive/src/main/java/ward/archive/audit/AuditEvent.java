package ward.archive.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The security-relevant events the archive audits, one record per DICOM audit message (PS3.15
 * A.5.3). The {@link AuditTrail} stamps the time, adds the archive as audit source, encodes the
 * message ({@link AuditMessage}) and appends it to the chain.
 */
public sealed interface AuditEvent {

  /** How the event ended. */
  Outcome outcome();

  /** Every active participant, the requestor (if any) first. */
  List<Participant> participants();

  /** The studies (and their patients) the event concerns; empty when none. */
  List<AuditedStudy> studies();

  /** Who asked for the event: the requestor, else the first participant. */
  default Participant requestor() {
    for (Participant p : participants()) {
      if (p.requestor()) {
        return p;
      }
    }
    return participants().get(0);
  }

  /** PS3.15 A.5.1 EventActionCode. */
  enum ActionCode {
    CREATE("C"),
    READ("R"),
    UPDATE("U"),
    DELETE("D"),
    EXECUTE("E");

    final String code;

    ActionCode(String code) {
      this.code = code;
    }
  }

  /**
   * PS3.15 A.5.3.1 Application Activity: the archive started or stopped.
   *
   * @param launcher who started or stopped it (the operating system user), or null
   */
  record ApplicationActivity(
      boolean start, Outcome outcome, Participant application, Participant launcher)
      implements AuditEvent {
    public ApplicationActivity {
      Objects.requireNonNull(application);
    }

    @Override
    public List<Participant> participants() {
      return launcher == null
          ? List.of(application.as(Participant.Role.APPLICATION))
          : List.of(
              launcher.as(Participant.Role.APPLICATION_LAUNCHER),
              application.notRequestor().as(Participant.Role.APPLICATION));
    }

    @Override
    public List<AuditedStudy> studies() {
      return List.of();
    }
  }

  /**
   * PS3.15 A.5.3.12 User Authentication: a login or logout, over DICOM or HTTPS.
   *
   * @param user who tried (the name they gave, or the calling AE title), with their address
   * @param node the archive, which authenticated them
   * @param description why it failed, in words, or null
   */
  record UserAuthentication(
      boolean login, Outcome outcome, Participant user, Participant node, String description)
      implements AuditEvent {
    public UserAuthentication {
      Objects.requireNonNull(user);
      Objects.requireNonNull(node);
    }

    @Override
    public List<Participant> participants() {
      return List.of(user, node.notRequestor());
    }

    @Override
    public List<AuditedStudy> studies() {
      return List.of();
    }
  }

  /**
   * PS3.15 A.5.3.10 Query: a C-FIND or QIDO-RS request.
   *
   * @param sopClassUid the information model queried (for QIDO-RS, Study Root Find)
   * @param query the query as text (the identifier's keys as DICOM JSON, or the QIDO-RS query
   *     string); written base64 in ParticipantObjectQuery
   * @param studies studies the query names by their UIDs or patient ID, if any
   */
  record Query(
      Outcome outcome,
      Participant requestor,
      Participant responder,
      String sopClassUid,
      String query,
      List<AuditedStudy> studies)
      implements AuditEvent {
    public Query {
      Objects.requireNonNull(requestor);
      Objects.requireNonNull(responder);
      Objects.requireNonNull(sopClassUid);
      query = query == null ? "" : query;
      studies = List.copyOf(studies);
    }

    @Override
    public List<Participant> participants() {
      return List.of(
          requestor.as(Participant.Role.SOURCE),
          responder.notRequestor().as(Participant.Role.DESTINATION));
    }
  }

  /**
   * PS3.15 A.5.3.6 DICOM Instances Accessed: instances read (WADO-RS metadata, rendered images),
   * created, changed or deleted inside the archive.
   */
  record InstancesAccessed(
      ActionCode action, Outcome outcome, Participant requestor, List<AuditedStudy> studies)
      implements AuditEvent {
    public InstancesAccessed {
      Objects.requireNonNull(action);
      Objects.requireNonNull(requestor);
      studies = List.copyOf(studies);
    }

    @Override
    public List<Participant> participants() {
      return List.of(requestor);
    }
  }

  /**
   * PS3.15 A.5.3.3 Begin Transferring DICOM Instances: a C-GET or C-MOVE about to send.
   *
   * @param requestedBy who asked for the transfer when neither source nor destination did, or null
   */
  record BeginTransferring(
      Outcome outcome,
      Participant source,
      Participant destination,
      Participant requestedBy,
      List<AuditedStudy> studies)
      implements AuditEvent {
    public BeginTransferring {
      Objects.requireNonNull(source);
      Objects.requireNonNull(destination);
      studies = List.copyOf(studies);
    }

    @Override
    public List<Participant> participants() {
      return transferParticipants(source, destination, requestedBy);
    }
  }

  /**
   * PS3.15 A.5.3.7 DICOM Instances Transferred: instances received (CREATE: C-STORE, STOW-RS) or
   * sent (READ: C-GET, C-MOVE, WADO-RS, WADO-URI).
   */
  record InstancesTransferred(
      ActionCode action,
      Outcome outcome,
      Participant source,
      Participant destination,
      Participant requestedBy,
      List<AuditedStudy> studies)
      implements AuditEvent {
    public InstancesTransferred {
      Objects.requireNonNull(action);
      Objects.requireNonNull(source);
      Objects.requireNonNull(destination);
      studies = List.copyOf(studies);
    }

    @Override
    public List<Participant> participants() {
      return transferParticipants(source, destination, requestedBy);
    }
  }

  /**
   * PS3.15 A.5.3.4 Data Export: instances written to media or handed outside the archive's control.
   *
   * @param media the destination media (role Destination Media)
   */
  record DataExport(
      Outcome outcome, Participant requestor, Participant media, List<AuditedStudy> studies)
      implements AuditEvent {
    public DataExport {
      Objects.requireNonNull(requestor);
      Objects.requireNonNull(media);
      studies = List.copyOf(studies);
    }

    @Override
    public List<Participant> participants() {
      return List.of(requestor, media.notRequestor().as(Participant.Role.DESTINATION_MEDIA));
    }
  }

  /** PS3.15 A.5.3.8 DICOM Study Deleted. */
  record StudyDeleted(Outcome outcome, Participant requestor, List<AuditedStudy> studies)
      implements AuditEvent {
    public StudyDeleted {
      Objects.requireNonNull(requestor);
      studies = List.copyOf(studies);
    }

    @Override
    public List<Participant> participants() {
      return List.of(requestor);
    }
  }

  /**
   * PS3.15 A.5.3.11 Security Alert: something that threatens security was detected or changed.
   *
   * @param reporter who detected it (usually the archive itself)
   * @param performer who caused it (a caller), or null when not known
   * @param reason what happened, in words (no secrets, no patient names)
   * @param subject what it concerns (a SOP Instance UID, a user name, a setting), or null
   * @param studies the studies it concerns, if any
   */
  record SecurityAlert(
      AlertType type,
      Outcome outcome,
      Participant reporter,
      Participant performer,
      String reason,
      String subject,
      List<AuditedStudy> studies)
      implements AuditEvent {
    public SecurityAlert {
      Objects.requireNonNull(type);
      Objects.requireNonNull(reporter);
      Objects.requireNonNull(reason);
      studies = List.copyOf(studies);
    }

    @Override
    public List<Participant> participants() {
      return performer == null ? List.of(reporter) : List.of(performer, reporter.notRequestor());
    }
  }

  /** PS3.16 CID 403 "Security Alert Type Code" (the ones the archive raises). */
  enum AlertType {
    NODE_AUTHENTICATION("110126", "Node Authentication"),
    NETWORK_CONFIGURATION("110128", "Network Configuration"),
    SECURITY_CONFIGURATION("110129", "Security Configuration"),
    SOFTWARE_CONFIGURATION("110131", "Software Configuration"),
    USE_OF_RESTRICTED_FUNCTION("110132", "Use of Restricted Function"),
    AUDIT_RECORDING_STOPPED("110133", "Audit Recording Stopped"),
    AUDIT_RECORDING_STARTED("110134", "Audit Recording Started"),
    OBJECT_SECURITY_ATTRIBUTES_CHANGED("110135", "Object Security Attributes Changed"),
    SECURITY_ROLES_CHANGED("110136", "Security Roles Changed"),
    USER_SECURITY_ATTRIBUTES_CHANGED("110137", "User security Attributes Changed");

    final String code;
    final String meaning;

    AlertType(String code, String meaning) {
      this.code = code;
      this.meaning = meaning;
    }
  }

  private static List<Participant> transferParticipants(
      Participant source, Participant destination, Participant requestor) {
    List<Participant> p = new ArrayList<>(3);
    if (requestor != null) {
      p.add(requestor);
    }
    p.add((requestor != null ? source.notRequestor() : source).as(Participant.Role.SOURCE));
    p.add(
        (requestor != null ? destination.notRequestor() : destination)
            .as(Participant.Role.DESTINATION));
    return p;
  }
}
