package ward.archive.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/** The XML of every event kind against the structure PS3.15 A.5.1 requires. */
class AuditMessageTest {
  static final AuditSource SOURCE = new AuditSource("WARD", "Site", "archive.example");
  static final Participant ALICE = Participant.requestor("alice", "WS1", "127.0.0.2");
  static final List<AuditedStudy> STUDIES =
      List.of(
          new AuditedStudy(
              "1.2.3.4", "PID<&>\"1\"", Map.of("1.2.840.10008.5.1.4.1.1.2", 2, "1.2.3.9", 1)),
          AuditedStudy.of("1.2.3.5", "PID<&>\"1\""));

  static final List<AuditEvent> EVENTS =
      List.of(
          new AuditEvent.ApplicationActivity(true, Outcome.SUCCESS, SOURCE.participant(), null),
          new AuditEvent.ApplicationActivity(
              false,
              Outcome.SUCCESS,
              SOURCE.participant(),
              Participant.requestor("root", null, null)),
          new AuditEvent.UserAuthentication(
              true, Outcome.MINOR_FAILURE, ALICE, SOURCE.participant(), "wrong password\nline 2"),
          new AuditEvent.Query(
              Outcome.SUCCESS,
              ALICE,
              SOURCE.participant(),
              "1.2.840.10008.5.1.4.1.2.2.1",
              "PatientID=PID1",
              STUDIES),
          new AuditEvent.InstancesAccessed(
              AuditEvent.ActionCode.READ, Outcome.SUCCESS, ALICE, STUDIES),
          new AuditEvent.BeginTransferring(
              Outcome.SUCCESS,
              SOURCE.participant(),
              Participant.requestor("WS2", "WS2", "10.0.0.1"),
              ALICE,
              STUDIES),
          new AuditEvent.InstancesTransferred(
              AuditEvent.ActionCode.CREATE,
              Outcome.SUCCESS,
              ALICE,
              SOURCE.participant(),
              null,
              STUDIES),
          new AuditEvent.DataExport(
              Outcome.SUCCESS,
              ALICE,
              new Participant("media", null, null, false, null, null),
              STUDIES),
          new AuditEvent.StudyDeleted(Outcome.SUCCESS, ALICE, STUDIES),
          new AuditEvent.SecurityAlert(
              AuditEvent.AlertType.USE_OF_RESTRICTED_FUNCTION,
              Outcome.SERIOUS_FAILURE,
              SOURCE.participant(),
              ALICE,
              "executable preamble quarantined",
              "urn:oid:1.2.3.4.5",
              STUDIES));

  static final Map<Class<?>, String> EVENT_IDS =
      Map.of(
          AuditEvent.ApplicationActivity.class, "110100",
          AuditEvent.UserAuthentication.class, "110114",
          AuditEvent.Query.class, "110112",
          AuditEvent.InstancesAccessed.class, "110103",
          AuditEvent.BeginTransferring.class, "110102",
          AuditEvent.InstancesTransferred.class, "110104",
          AuditEvent.DataExport.class, "110106",
          AuditEvent.StudyDeleted.class, "110105",
          AuditEvent.SecurityAlert.class, "110113");

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  static List<Element> children(Element e) {
    List<Element> l = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        l.add(c);
      }
    }
    return l;
  }

  static void assertCoded(Element e) {
    assertThat(e.getAttribute("csd-code")).as(e.getTagName() + " csd-code").isNotEmpty();
    assertThat(e.getAttribute("codeSystemName")).as(e.getTagName()).isNotEmpty();
    assertThat(e.getAttribute("originalText")).as(e.getTagName()).isNotEmpty();
  }

  @Test
  void everyEventKindIsAWellFormedMessageWithTheRequiredParts() throws Exception {
    assertThat(EVENTS.stream().map(Object::getClass).distinct()).hasSize(9);
    for (AuditEvent event : EVENTS) {
      String xml = AuditMessage.encode(event, Instant.parse("2031-01-02T03:04:05.678Z"), SOURCE);
      assertThat(xml).as("one line").doesNotContain("\n");
      Element root = parse(xml).getDocumentElement();
      assertThat(root.getTagName()).isEqualTo("AuditMessage");
      List<Element> parts = children(root);
      // PS3.15 A.5.1: EventIdentification, ActiveParticipant+, AuditSourceIdentification,
      // ParticipantObjectIdentification*
      assertThat(parts.get(0).getTagName()).isEqualTo("EventIdentification");
      int i = 1;
      while (parts.get(i).getTagName().equals("ActiveParticipant")) {
        Element p = parts.get(i++);
        assertThat(p.getAttribute("UserID")).isNotEmpty();
        assertThat(p.getAttribute("UserIsRequestor")).isIn("true", "false");
        if (p.hasAttribute("NetworkAccessPointID")) {
          assertThat(p.getAttribute("NetworkAccessPointTypeCode")).isIn("1", "2");
        }
        for (Element role : children(p)) {
          assertThat(role.getTagName()).isEqualTo("RoleIDCode");
          assertCoded(role);
        }
      }
      assertThat(i).as("at least one active participant").isGreaterThan(1);
      assertThat(parts.get(i).getTagName()).isEqualTo("AuditSourceIdentification");
      assertThat(parts.get(i).getAttribute("AuditSourceID")).isEqualTo("WARD");
      for (Element o : parts.subList(i + 1, parts.size())) {
        assertThat(o.getTagName()).isEqualTo("ParticipantObjectIdentification");
        assertThat(o.getAttribute("ParticipantObjectID")).isNotEmpty();
        assertThat(o.getAttribute("ParticipantObjectTypeCode")).isIn("1", "2", "3", "4");
        Element idType = children(o).get(0);
        assertThat(idType.getTagName()).isEqualTo("ParticipantObjectIDTypeCode");
        assertCoded(idType);
      }

      Element ident = parts.get(0);
      assertThat(ident.getAttribute("EventActionCode")).isIn("C", "R", "U", "D", "E");
      assertThat(OffsetDateTime.parse(ident.getAttribute("EventDateTime")).toInstant())
          .isEqualTo(Instant.parse("2031-01-02T03:04:05.678Z"));
      assertThat(ident.getAttribute("EventOutcomeIndicator"))
          .isEqualTo(Integer.toString(event.outcome().code()));
      Element eventId = children(ident).get(0);
      assertThat(eventId.getTagName()).isEqualTo("EventID");
      assertCoded(eventId);
      assertThat(eventId.getAttribute("csd-code")).isEqualTo(EVENT_IDS.get(event.getClass()));
      assertThat(eventId.getAttribute("codeSystemName")).isEqualTo("DCM");
      assertThat(Set.of("EventID", "EventTypeCode", "EventOutcomeDescription"))
          .containsAll(children(ident).stream().map(Element::getTagName).toList());
    }
  }

  @Test
  void studiesAndTheirPatientsAreParticipantObjects() throws Exception {
    String xml =
        AuditMessage.encode(
            new AuditEvent.StudyDeleted(Outcome.SUCCESS, ALICE, STUDIES), Instant.now(), SOURCE);
    List<Element> objects =
        children(parse(xml).getDocumentElement()).stream()
            .filter(e -> e.getTagName().equals("ParticipantObjectIdentification"))
            .toList();
    assertThat(objects)
        .extracting(e -> e.getAttribute("ParticipantObjectID"))
        .containsExactly("1.2.3.4", "1.2.3.5", "PID<&>\"1\"");
    Element study = objects.get(0);
    assertThat(children(study).get(0).getAttribute("csd-code")).isEqualTo("110180");
    assertThat(children(study).subList(1, 3))
        .extracting(e -> e.getAttribute("UID") + "=" + e.getAttribute("NumberOfInstances"))
        .containsExactly("1.2.3.9=1", "1.2.840.10008.5.1.4.1.1.2=2");
    Element patient = objects.get(2);
    assertThat(patient.getAttribute("ParticipantObjectTypeCode")).isEqualTo("1");
    assertThat(patient.getAttribute("ParticipantObjectTypeCodeRole")).isEqualTo("1");
    assertThat(children(patient).get(0).getAttribute("originalText")).isEqualTo("Patient Number");
  }

  @Test
  void aQueryCarriesTheQueryBase64AndTheRequestorsAddress() throws Exception {
    String xml = AuditMessage.encode(EVENTS.get(3), Instant.now(), SOURCE);
    Element root = parse(xml).getDocumentElement();
    Element requestor = children(root).get(1);
    assertThat(requestor.getAttribute("UserID")).isEqualTo("alice");
    assertThat(requestor.getAttribute("AlternativeUserID")).isEqualTo("AETITLES=WS1");
    assertThat(requestor.getAttribute("NetworkAccessPointID")).isEqualTo("127.0.0.2");
    assertThat(requestor.getAttribute("NetworkAccessPointTypeCode")).isEqualTo("2");
    String query = root.getElementsByTagName("ParticipantObjectQuery").item(0).getTextContent();
    assertThat(new String(Base64.getDecoder().decode(query), StandardCharsets.UTF_8))
        .isEqualTo("PatientID=PID1");
  }

  @Test
  void controlCharactersAndLineEndsCannotBreakTheMessage() throws Exception {
    String xml = AuditMessage.encode(EVENTS.get(2), Instant.now(), SOURCE);
    Element ident = children(parse(xml).getDocumentElement()).get(0);
    assertThat(ident.getElementsByTagName("EventOutcomeDescription").item(0).getTextContent())
        .isEqualTo("wrong password\nline 2");
    String hostile =
        AuditMessage.encode(
            new AuditEvent.UserAuthentication(
                true,
                Outcome.MINOR_FAILURE,
                Participant.requestor("x\u0000\u0007\"/><Evil/>", null, null),
                SOURCE.participant(),
                null),
            Instant.now(),
            SOURCE);
    assertThat(parse(hostile).getElementsByTagName("Evil").getLength()).isZero();
  }
}
