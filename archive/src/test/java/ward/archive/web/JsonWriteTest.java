package ward.archive.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ward.archive.auth.Role;
import ward.dicom.json.JsonLimits;
import ward.dicom.json.JsonParser;
import ward.dicom.json.JsonValue;

/** The administration API's answers: nested JSON that the project's strict parser reads back. */
class JsonWriteTest {

  @Test
  void writesNestedValuesInOrderAndEscapesWhatAValueHolds() throws Exception {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("roles", EnumSet.of(Role.READER, Role.ADMINISTRATOR));
    inner.put("none", null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "a\"b\\c\n\u0001</script>\u2028");
    m.put("count", 3L);
    m.put("ok", true);
    m.put("inner", inner);
    m.put("list", List.of(1, "two", List.of()));
    m.put("raw", new Json.Raw("{\"x\":1}"));

    String json = Json.write(m);

    assertThat(json)
        .isEqualTo(
            "{\"name\":\"a\\\"b\\\\c\\n\\u0001</script>\\u2028\",\"count\":3,\"ok\":true,"
                + "\"inner\":{\"roles\":[\"ADMINISTRATOR\",\"READER\"],\"none\":null},"
                + "\"list\":[1,\"two\",[]],\"raw\":{\"x\":1}}");
    JsonValue back = JsonParser.parse(json, JsonLimits.DEFAULT);
    assertThat(((JsonValue.JsonString) ((JsonValue.JsonObject) back).members().get("name")).value())
        .isEqualTo("a\"b\\c\n\u0001</script>\u2028");
  }
}
