package ward.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StudySpecTest {

  @Test
  void defaultIsTwoPatientsOfTwoSeriesOfTenSlices() {
    StudySpec d = StudySpec.DEFAULT;
    assertThat(d.instances()).isEqualTo(40);
    assertThat(d.series()).isEqualTo(4);
    assertThat(d.modality()).isEqualTo(Modality.CT);
    assertThat(d.small().rows()).isEqualTo(64);
    assertThat(d.small().columns()).isEqualTo(64);
  }

  @Test
  void refusesCountsOutOfRangeWithAReason() {
    assertThatThrownBy(() -> StudySpec.DEFAULT.withPatients(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("patients must be between 1 and 99999, not 0");
    assertThatThrownBy(() -> StudySpec.DEFAULT.withSeriesPerStudy(100))
        .hasMessage("series per study must be between 1 and 99, not 100");
    assertThatThrownBy(() -> StudySpec.DEFAULT.withMatrix(512, 5000))
        .hasMessage("columns must be between 1 and 4096, not 5000");
    assertThatThrownBy(() -> new StudySpec(99_999, 99, 99, 99_999, Modality.CT, 64, 64, 1))
        .hasMessage("at most 10000000 instances in all, not 98008039809801");
    assertThatThrownBy(() -> StudySpec.DEFAULT.withModality(null)).hasMessageContaining("CT or MR");
  }
}
