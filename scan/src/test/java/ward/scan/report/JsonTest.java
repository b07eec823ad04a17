package ward.scan.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesAndReadsBack() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a \"quoted\" \\ line\nwith\ttab and \u0001 and é");
    m.put("n", 42L);
    m.put("d", 1.5);
    m.put("b", true);
    m.put("z", null);
    m.put("l", List.of(1L, "two", Map.of()));
    m.put("e", List.of());
    assertThat(Json.read(Json.write(m))).isEqualTo(m);
  }

  @Test
  void refusesWhatIsNotJson() {
    assertThatThrownBy(() -> Json.read("{\"a\":1,}")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> Json.read("[1] 2")).hasMessageContaining("after the value");
    assertThatThrownBy(() -> Json.read("\"open")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> Json.read("[".repeat(100) + "]".repeat(100)))
        .hasMessageContaining("deeply");
  }
}
