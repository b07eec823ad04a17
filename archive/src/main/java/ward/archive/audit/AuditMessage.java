package ward.archive.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The DICOM audit message XML of an event (PS3.15 A.5.1, the schema IHE ATNA also uses): one {@code
 * AuditMessage} element holding EventIdentification, the ActiveParticipants, the
 * AuditSourceIdentification and the ParticipantObjectIdentifications, in that order. Written on one
 * line (line ends in values become character references), so a syslog collector that stores one
 * message per line keeps it whole.
 */
public final class AuditMessage {
  private AuditMessage() {}

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  /** The coded values an event is identified by. */
  private record Identification(
      String id, String meaning, String action, String typeCode, String typeMeaning) {}

  /** The message for {@code event}, which happened at {@code time}, told by {@code source}. */
  public static String encode(AuditEvent event, Instant time, AuditSource source) {
    Identification ident = identification(event);
    StringBuilder x = new StringBuilder(1024);
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><AuditMessage>");
    // PS3.15 A.5.1 EventIdentification
    x.append("<EventIdentification");
    attr(x, "EventActionCode", ident.action());
    attr(x, "EventDateTime", TIME.format(time));
    attr(x, "EventOutcomeIndicator", Integer.toString(event.outcome().code()));
    x.append('>');
    code(x, "EventID", ident.id(), "DCM", ident.meaning());
    if (ident.typeCode() != null) {
      code(x, "EventTypeCode", ident.typeCode(), "DCM", ident.typeMeaning());
    }
    String description = outcomeDescription(event);
    if (description != null) {
      x.append("<EventOutcomeDescription>");
      text(x, description);
      x.append("</EventOutcomeDescription>");
    }
    x.append("</EventIdentification>");
    // ActiveParticipant, one or more
    for (Participant p : event.participants()) {
      participant(x, p);
    }
    // AuditSourceIdentification
    x.append("<AuditSourceIdentification");
    if (source.siteId() != null) {
      attr(x, "AuditEnterpriseSiteID", source.siteId());
    }
    attr(x, "AuditSourceID", source.id());
    x.append('>');
    code(x, "AuditSourceTypeCode", "4", "DCM", "Application Server process tier");
    x.append("</AuditSourceIdentification>");
    // ParticipantObjectIdentification: what the event concerned
    objects(x, event);
    x.append("</AuditMessage>");
    return x.toString();
  }

  /** The EventID's meaning: a short name of the kind of event, as the queries show it. */
  public static String eventName(AuditEvent event) {
    return identification(event).meaning();
  }

  private static Identification identification(AuditEvent event) {
    if (event instanceof AuditEvent.ApplicationActivity a) {
      return new Identification(
          "110100",
          "Application Activity",
          "E",
          a.start() ? "110120" : "110121",
          a.start() ? "Application Start" : "Application Stop");
    } else if (event instanceof AuditEvent.UserAuthentication u) {
      return new Identification(
          "110114",
          "User Authentication",
          "E",
          u.login() ? "110122" : "110123",
          u.login() ? "Login" : "Logout");
    } else if (event instanceof AuditEvent.Query) {
      return new Identification("110112", "Query", "E", null, null);
    } else if (event instanceof AuditEvent.InstancesAccessed a) {
      return new Identification("110103", "DICOM Instances Accessed", a.action().code, null, null);
    } else if (event instanceof AuditEvent.BeginTransferring) {
      return new Identification("110102", "Begin Transferring DICOM Instances", "E", null, null);
    } else if (event instanceof AuditEvent.InstancesTransferred t) {
      return new Identification(
          "110104", "DICOM Instances Transferred", t.action().code, null, null);
    } else if (event instanceof AuditEvent.DataExport) {
      return new Identification("110106", "Export", "R", null, null);
    } else if (event instanceof AuditEvent.StudyDeleted) {
      return new Identification("110105", "DICOM Study Deleted", "D", null, null);
    } else if (event instanceof AuditEvent.SecurityAlert s) {
      return new Identification("110113", "Security Alert", "E", s.type().code, s.type().meaning);
    }
    throw new IllegalArgumentException("not an audit event: " + event);
  }

  private static String outcomeDescription(AuditEvent event) {
    if (event instanceof AuditEvent.UserAuthentication u) {
      return u.description();
    }
    return event instanceof AuditEvent.SecurityAlert s ? s.reason() : null;
  }

  private static void participant(StringBuilder x, Participant p) {
    x.append("<ActiveParticipant");
    attr(x, "UserID", p.userId());
    if (p.aeTitles() != null) {
      attr(x, "AlternativeUserID", "AETITLES=" + p.aeTitles());
    }
    if (p.userName() != null) {
      attr(x, "UserName", p.userName());
    }
    attr(x, "UserIsRequestor", Boolean.toString(p.requestor()));
    if (p.address() != null) {
      attr(x, "NetworkAccessPointID", p.address());
      // 1: machine name, 2: IP address
      attr(x, "NetworkAccessPointTypeCode", p.addressIsIp() ? "2" : "1");
    }
    if (p.role() == null) {
      x.append("/>");
      return;
    }
    x.append('>');
    code(x, "RoleIDCode", p.role().code, "DCM", p.role().meaning);
    x.append("</ActiveParticipant>");
  }

  private static void objects(StringBuilder x, AuditEvent event) {
    if (event instanceof AuditEvent.Query q) {
      // PS3.15 A.5.3.10: the SOP class queried, with the query itself
      x.append("<ParticipantObjectIdentification");
      attr(x, "ParticipantObjectID", q.sopClassUid());
      attr(x, "ParticipantObjectTypeCode", "2");
      attr(x, "ParticipantObjectTypeCodeRole", "3");
      x.append('>');
      code(x, "ParticipantObjectIDTypeCode", "110181", "DCM", "SOP Class UID");
      x.append("<ParticipantObjectQuery>")
          .append(Base64.getEncoder().encodeToString(q.query().getBytes(StandardCharsets.UTF_8)))
          .append("</ParticipantObjectQuery>");
      x.append("</ParticipantObjectIdentification>");
    }
    if (event instanceof AuditEvent.SecurityAlert s && s.subject() != null) {
      // PS3.15 A.5.3.11: the alert subject, with the alert description
      x.append("<ParticipantObjectIdentification");
      attr(x, "ParticipantObjectID", s.subject());
      attr(x, "ParticipantObjectTypeCode", "2");
      attr(x, "ParticipantObjectTypeCodeRole", "13");
      x.append('>');
      code(x, "ParticipantObjectIDTypeCode", "12", "RFC-3881", "URI");
      x.append("<ParticipantObjectDetail");
      attr(x, "type", "Alert Description");
      attr(
          x,
          "value",
          Base64.getEncoder().encodeToString(s.reason().getBytes(StandardCharsets.UTF_8)));
      x.append("/>");
      x.append("</ParticipantObjectIdentification>");
    }
    Set<String> patients = new LinkedHashSet<>();
    for (AuditedStudy study : event.studies()) {
      // PS3.15 A.5.2: a study participant object, its SOP classes and instance counts
      x.append("<ParticipantObjectIdentification");
      attr(x, "ParticipantObjectID", study.studyInstanceUid());
      attr(x, "ParticipantObjectTypeCode", "2");
      attr(x, "ParticipantObjectTypeCodeRole", "3");
      x.append('>');
      code(x, "ParticipantObjectIDTypeCode", "110180", "DCM", "Study Instance UID");
      for (Map.Entry<String, Integer> c : study.sopClasses().entrySet()) {
        x.append("<SOPClass");
        attr(x, "UID", c.getKey());
        attr(x, "NumberOfInstances", Integer.toString(c.getValue()));
        x.append("/>");
      }
      x.append("</ParticipantObjectIdentification>");
      if (study.patientId() != null && !study.patientId().isEmpty()) {
        patients.add(study.patientId());
      }
    }
    for (String patient : patients) {
      // the patient: a person (1) in the patient role (1), identified by the patient number
      x.append("<ParticipantObjectIdentification");
      attr(x, "ParticipantObjectID", patient);
      attr(x, "ParticipantObjectTypeCode", "1");
      attr(x, "ParticipantObjectTypeCodeRole", "1");
      x.append('>');
      code(x, "ParticipantObjectIDTypeCode", "2", "RFC-3881", "Patient Number");
      x.append("</ParticipantObjectIdentification>");
    }
  }

  /** A coded value (PS3.15 A.5.1 CodedValueType). */
  private static void code(
      StringBuilder x, String element, String code, String system, String meaning) {
    x.append('<').append(element);
    attr(x, "csd-code", code);
    attr(x, "codeSystemName", system);
    attr(x, "originalText", meaning);
    x.append("/>");
  }

  private static void attr(StringBuilder x, String name, String value) {
    x.append(' ').append(name).append("=\"");
    text(x, value);
    x.append('"');
  }

  /** Escapes markup; drops characters XML 1.0 cannot hold. */
  static void text(StringBuilder x, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> x.append("&amp;");
        case '<' -> x.append("&lt;");
        case '>' -> x.append("&gt;");
        case '"' -> x.append("&quot;");
        case '\'' -> x.append("&apos;");
        case '\n' -> x.append("&#10;");
        case '\r' -> x.append("&#13;");
        case '\t' -> x.append("&#9;");
        default -> {
          if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) {
            if (Character.isHighSurrogate(c)) {
              if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                x.append(c).append(s.charAt(++i));
              }
            } else if (!Character.isLowSurrogate(c)) {
              x.append(c);
            }
          }
        }
      }
    }
  }
}
