package ward.bench.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import ward.dicom.DataSet;
import ward.dicom.Tags;

class QueryShapeTest {

  @Test
  void findKeysCarryTheMatchingValueAndEmptyReturnKeys() {
    DataSet keys = QueryShape.PATIENT_NAME.findKeys("Ke*");
    assertThat(keys.getString(Tags.PatientName)).isEqualTo("Ke*");
    assertThat(keys.contains(Tags.NumberOfStudyRelatedInstances)).isTrue();
    assertThat(keys.getString(Tags.PatientID, "")).isEmpty();
    assertThat(QueryShape.STUDY_DATE.findKeys("20170101-20170131").getString(Tags.StudyDate))
        .isEqualTo("20170101-20170131");
  }

  @Test
  void qidoQueriesAreUrlEncoded() {
    assertThat(QueryShape.PATIENT_NAME.qidoQuery("Ke*")).isEqualTo("PatientName=Ke*");
    assertThat(QueryShape.PATIENT_ID.qidoQuery("SYN 1&2")).isEqualTo("PatientID=SYN+1%262");
    assertThat(QueryShape.of("study-date")).isEqualTo(QueryShape.STUDY_DATE);
  }

  @Test
  void countsOneStudyPerStudyInstanceUidInDicomJson() {
    String two =
        "[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2\"]}},"
            + "{\"0020000d\":{\"vr\":\"UI\",\"Value\":[\"1.3\"]}}]";
    assertThat(QidoSession.countStudies(two)).isEqualTo(2);
    assertThat(QidoSession.countStudies("[]")).isZero();
  }
}
