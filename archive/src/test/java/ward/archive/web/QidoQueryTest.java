package ward.archive.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ward.archive.index.Level;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.VR;

class QidoQueryTest {

  private static QidoQuery parse(Level level, String... nameValue) throws WebException {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      params.computeIfAbsent(nameValue[i], k -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
    }
    return QidoQuery.parse(params, level, false, Map.of());
  }

  @Test
  void takesMatchingKeysByKeywordAndByTag() throws WebException {
    DataSet keys =
        parse(Level.STUDY, "PatientName", "Doe*", "00100020", "WARD-1", "StudyDate", "2024-")
            .keys();

    assertThat(keys.getString(Tags.PatientName)).isEqualTo("Doe*");
    assertThat(keys.get(Tags.PatientName).vr()).isEqualTo(VR.PN);
    assertThat(keys.getString(Tags.PatientID)).isEqualTo("WARD-1");
    assertThat(keys.getString(Tags.StudyDate)).isEqualTo("2024-");
  }

  @Test
  void addsTheDefaultReturnKeysOfTheLevelAsEmptyElements() throws WebException {
    DataSet study = parse(Level.STUDY).keys();
    DataSet instance = parse(Level.IMAGE).keys();

    assertThat(study.get(Tags.ModalitiesInStudy).isEmpty()).isTrue();
    assertThat(study.contains(Tags.SOPInstanceUID)).isFalse();
    assertThat(instance.get(Tags.NumberOfFrames).isEmpty()).isTrue();
    assertThat(instance.contains(Tags.StudyDate)).isFalse();
  }

  @Test
  void readsIncludefieldListsAndAll() throws WebException {
    QidoQuery q =
        parse(Level.STUDY, "includefield", "StudyDescription,00081080", "includefield", "all");

    assertThat(q.all()).isTrue();
    assertThat(q.keys().contains(Tags.StudyDescription)).isTrue();
    assertThat(q.keys().contains(Tags.AdmittingDiagnosesDescription)).isTrue();
  }

  @Test
  void takesUidListsSeparatedByCommas() throws WebException {
    DataSet keys = parse(Level.STUDY, "StudyInstanceUID", "1.2.3,1.2.4").keys();

    assertThat(keys.getStrings(Tags.StudyInstanceUID)).containsExactly("1.2.3", "1.2.4");
  }

  @Test
  void pathUidsCannotBeOverriddenByParameters() throws WebException {
    QidoQuery q =
        QidoQuery.parse(
            Map.of("StudyInstanceUID", List.of("9.9.9")),
            Level.SERIES,
            false,
            Map.of(Tags.StudyInstanceUID, "1.2.3"));

    assertThat(q.keys().getString(Tags.StudyInstanceUID)).isEqualTo("1.2.3");
  }

  @Test
  void readsLimitOffsetAndFuzzyMatching() throws WebException {
    QidoQuery q = parse(Level.STUDY, "limit", "25", "offset", "50", "fuzzymatching", "true");

    assertThat(q.limit()).isEqualTo(25);
    assertThat(q.offset()).isEqualTo(50);
    assertThat(q.warnFuzzy()).isTrue();
    assertThat(parse(Level.STUDY).limit()).isEqualTo(QidoQuery.DEFAULT_LIMIT);
  }

  @Test
  void refusesWhatItCannotAnswerWithTheReason() {
    assertRefused("unknown attribute", "PatientNmae", "x");
    assertRefused("within sequences", "00400275.00400009", "x");
    assertRefused("cannot be queried", "00090010", "x");
    assertRefused("is not a valid UID", "SeriesInstanceUID", "1.2.*");
    assertRefused("from 1 to 10000", "limit", "10001");
    assertRefused("from 0 to", "offset", "-1");
    assertRefused("true or false", "fuzzymatching", "maybe");
    assertRefused("control character", "PatientName", "Doe\r\nX-Evil: 1");
    assertRefused("not supported", "PixelData", "x");
    assertThatThrownBy(() -> parse(Level.STUDY, "PatientID", "a", "PatientID", "b"))
        .isInstanceOf(WebException.class)
        .hasMessageContaining("more than once");
  }

  private static void assertRefused(String reason, String name, String value) {
    assertThatThrownBy(() -> parse(Level.STUDY, name, value))
        .isInstanceOfSatisfying(WebException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining(
            reason.equals("unknown attribute") ? "not a known attribute" : reason);
  }
}
