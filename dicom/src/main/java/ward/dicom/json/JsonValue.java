package ward.dicom.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON value (RFC 8259), with the offset in chars at which it starts in its input, so that
 * errors found later can name where they are. Produced by {@link JsonParser}.
 */
public sealed interface JsonValue
    permits JsonValue.JsonObject,
        JsonValue.JsonArray,
        JsonValue.JsonString,
        JsonValue.JsonNumber,
        JsonValue.JsonBoolean,
        JsonValue.JsonNull {

  /** Offset of the value's first char in the input. */
  long offset();

  /** The JSON type's name, for messages: "object", "array", "string", "number", ... */
  String typeName();

  /** An object; members keep their order, and names are unique. */
  record JsonObject(long offset, Map<String, JsonValue> members) implements JsonValue {
    public JsonObject {
      members =
          members.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    public JsonValue get(String name) {
      return members.get(name);
    }

    @Override
    public String typeName() {
      return "object";
    }
  }

  record JsonArray(long offset, List<JsonValue> values) implements JsonValue {
    public JsonArray {
      values = List.copyOf(values);
    }

    @Override
    public String typeName() {
      return "array";
    }
  }

  record JsonString(long offset, String value) implements JsonValue {
    @Override
    public String typeName() {
      return "string";
    }
  }

  /**
   * A number, as its literal text (which {@link JsonParser} checked against RFC 8259's grammar).
   */
  record JsonNumber(long offset, String text) implements JsonValue {
    @Override
    public String typeName() {
      return "number";
    }
  }

  record JsonBoolean(long offset, boolean value) implements JsonValue {
    @Override
    public String typeName() {
      return "boolean";
    }
  }

  record JsonNull(long offset) implements JsonValue {
    @Override
    public String typeName() {
      return "null";
    }
  }
}
