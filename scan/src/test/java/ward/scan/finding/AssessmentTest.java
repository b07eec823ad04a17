package ward.scan.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static ward.scan.finding.Observations.endpoint;
import static ward.scan.finding.Observations.exposure;

import java.util.List;
import org.junit.jupiter.api.Test;
import ward.scan.tls.TlsObservation;
import ward.scan.web.WebObservation;

class AssessmentTest {

  @Test
  void storableOrRetrievableIsCritical() {
    EndpointReport r =
        Assessment.of(
            endpoint("pacs", 104), Observations.open(null, null, true, false), null, null);
    assertThat(r.worst()).isEqualTo(Severity.CRITICAL);
    assertThat(r.findings()).extracting(Finding::id).contains("dicom.store-open", "dicom.any-ae");
    assertThat(r.open()).isTrue();
  }

  @Test
  void readableByQueryIsHighAndCountsAreInTheEvidence() {
    EndpointReport r =
        Assessment.of(
            endpoint("pacs", 104),
            Observations.open(null, exposure(3, 6, true), false, false),
            null,
            null);
    assertThat(r.worst()).isEqualTo(Severity.HIGH);
    Finding f = r.findings().get(0);
    assertThat(f.id()).isEqualTo("dicom.query-open");
    assertThat(f.evidence()).contains("3 studies, 6 instances").contains("SSN-shaped values: yes");
  }

  @Test
  void anyAeWithoutDataIsMedium() {
    EndpointReport r =
        Assessment.of(
            endpoint("pacs", 104), Observations.open(null, null, false, false), null, null);
    assertThat(r.worst()).isEqualTo(Severity.MEDIUM);
    assertThat(r.findings())
        .extracting(Finding::id)
        .contains("dicom.any-ae", "dicom.plaintext", "dicom.storage-offered");
    assertThat(r.open()).isFalse();
  }

  @Test
  void refusingEveryoneIsLowAndTellsTheReasonsApart() {
    EndpointReport r = Assessment.of(endpoint("ward", 2762), Observations.hardened(), null, null);
    assertThat(r.worst()).isEqualTo(Severity.LOW);
    assertThat(r.findings().get(0).evidence())
        .contains("1 called AE titles rejected as not recognized")
        .contains("WARD: rejected");
  }

  @Test
  void weakTlsIsMediumAndAPrivateCaIsLow() {
    TlsObservation weak =
        new TlsObservation(
            List.of("TLSv1.1", "TLSv1.2"),
            List.of(),
            List.of("TLS_RSA_WITH_AES_128_CBC_SHA"),
            List.of("TLS_RSA_WITH_AES_128_CBC_SHA"),
            "CN=x",
            "CN=x",
            "2030-01-01T00:00:00Z",
            false,
            false,
            true,
            "RSA 2048",
            false);
    EndpointReport r = Assessment.of(endpoint("pacs", 2762), Observations.hardened(), weak, null);
    assertThat(r.findings())
        .extracting(Finding::id, Finding::severity)
        .contains(
            org.assertj.core.groups.Tuple.tuple("tls.old-protocol", Severity.MEDIUM),
            org.assertj.core.groups.Tuple.tuple("tls.weak-suites", Severity.MEDIUM),
            org.assertj.core.groups.Tuple.tuple("tls.untrusted", Severity.LOW));
  }

  @Test
  void openWebListingsAreHighAndAnOpenSystemPageMedium() {
    WebObservation w =
        new WebObservation(
            true,
            "http",
            "ORTHANC",
            List.of(
                new WebObservation.OpenEndpoint("/system", "orthanc-system", 200, -1, false),
                new WebObservation.OpenEndpoint("/patients", "orthanc-patients", 200, 2, true)),
            List.of(),
            List.of(),
            null);
    EndpointReport r = Assessment.of(endpoint("orthanc", 8042), null, null, w);
    assertThat(r.service()).isEqualTo("http");
    assertThat(r.findings())
        .extracting(Finding::id)
        .containsSequence("web.data-open", "web.interface-open");
    assertThat(r.worst()).isEqualTo(Severity.HIGH);
  }

  @Test
  void aggregatesInTheStudiesTerms() {
    List<EndpointReport> rs =
        List.of(
            Assessment.of(
                endpoint("a", 104),
                Observations.open(null, exposure(3, 6, false), false, false),
                null,
                null),
            Assessment.of(
                endpoint("b", 104),
                Observations.open(null, exposure(2, 10, false), false, false),
                null,
                null),
            Assessment.of(endpoint("c", 2762), Observations.hardened(), null, null));
    Aggregate a = Aggregate.of(rs);
    assertThat(a.systemsChecked()).isEqualTo(3);
    assertThat(a.systemsOpen()).isEqualTo(2);
    assertThat(a.studiesExposed()).isEqualTo(5);
    assertThat(a.imagesExposed()).isEqualTo(16);
    assertThat(a.worst()).isEqualTo(Severity.HIGH);
  }
}
