package ward.archive.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The VOI functions of PS3.3 C.11.2.1.2 and the DICOMweb window parameter. */
class WindowTest {

  @Test
  void linearFollowsTheStandardsHalfUnitOffsets() {
    // C.11.2.1.2.1 with center 2048, width 4096: x <= 0 is black, x > 4095 white.
    Window w = new Window(2048, 4096, VoiFunction.LINEAR);
    assertThat(w.apply(0)).isZero();
    assertThat(w.apply(4096)).isEqualTo(1);
    assertThat(w.apply(2047.5)).isCloseTo(0.5, within(1e-12));
    assertThat(w.apply(1)).isCloseTo(0.5 + (1 - 2047.5) / 4095, within(1e-12));
    // Width 1 is a threshold at center - 0.5.
    Window t = new Window(100, 1, VoiFunction.LINEAR);
    assertThat(t.apply(99.5)).isZero();
    assertThat(t.apply(99.6)).isEqualTo(1);
  }

  @Test
  void linearExactHasNoOffsets() {
    Window w = new Window(100, 50, VoiFunction.LINEAR_EXACT);
    assertThat(w.apply(75)).isZero();
    assertThat(w.apply(100)).isEqualTo(0.5);
    assertThat(w.apply(112.5)).isEqualTo(0.75);
    assertThat(w.apply(125)).isEqualTo(1);
    assertThat(w.apply(125.01)).isEqualTo(1);
  }

  @Test
  void sigmoidIsHalfAtTheCenterAndSymmetric() {
    Window w = new Window(40, 400, VoiFunction.SIGMOID);
    assertThat(w.apply(40)).isEqualTo(0.5);
    assertThat(w.apply(240)).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-12));
    assertThat(w.apply(240) + w.apply(-160)).isCloseTo(1, within(1e-12));
  }

  @Test
  void parsesTheDicomWebWindowParameter() {
    assertThat(Window.parse("40,400")).isEqualTo(new Window(40, 400, VoiFunction.LINEAR));
    assertThat(Window.parse(" -600.5 , 1200,SIGMOID"))
        .isEqualTo(new Window(-600.5, 1200, VoiFunction.SIGMOID));
    assertThat(Window.parse("10,0.5,linear-exact").function()).isEqualTo(VoiFunction.LINEAR_EXACT);
    assertThat(Window.parse("10,0.5,LINEAR_EXACT").function()).isEqualTo(VoiFunction.LINEAR_EXACT);
  }

  @Test
  void rejectsMalformedWindows() {
    for (String bad :
        new String[] {
          "40", "40,400,linear,x", "a,400", "40,", "40,0.5", "40,0,sigmoid", "40,400,cubic", "NaN,4"
        }) {
      assertThatThrownBy(() -> Window.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void parsesViewports() {
    assertThat(Viewport.parse("512,256")).isEqualTo(new Viewport(512, 256));
    for (String bad : new String[] {"512", "0,10", "a,b", "5000,10", "1,2,3"}) {
      assertThatThrownBy(() -> Viewport.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
