package ward.archive.web;

import java.util.LinkedHashMap;
import java.util.Map;
import ward.dicom.json.DicomJsonException;
import ward.dicom.json.JsonLimits;
import ward.dicom.json.JsonParser;
import ward.dicom.json.JsonValue;

/**
 * The little plain JSON the API speaks besides DICOM JSON: flat objects of strings and numbers,
 * written here and read with the project's strict, bounded parser.
 */
final class Json {
  /** Login and setup bodies are a few short strings. */
  private static final JsonLimits SMALL = new JsonLimits(16 * 1024, 2, 4096, 32, 64);

  private Json() {}

  /** JSON text written as it is: a nested object or array made by this class. */
  record Raw(String json) {}

  /** A JSON array of JSON texts. */
  static Raw array(java.util.List<String> elements) {
    return new Raw("[" + String.join(",", elements) + "]");
  }

  /**
   * An object; values are written as {@link #write} writes them (strings, numbers, booleans, null,
   * {@link Raw} JSON, nested maps and collections), members in the order given.
   */
  static String object(Map<String, ?> members) {
    return write(members);
  }

  /** {@code {"error": reason}}. */
  static String error(String reason) {
    return object(Map.of("error", reason));
  }

  /**
   * The string members of a flat JSON object; other members are refused.
   *
   * @throws WebException 400 when the text is not such an object
   */
  static Map<String, String> stringMembers(String text) throws WebException {
    JsonValue value;
    try {
      value = JsonParser.parse(text, SMALL);
    } catch (DicomJsonException e) {
      throw WebException.badRequest("the body is not valid JSON: " + e.getMessage());
    }
    if (!(value instanceof JsonValue.JsonObject object)) {
      throw WebException.badRequest("the body must be a JSON object");
    }
    Map<String, String> members = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : object.members().entrySet()) {
      if (!(e.getValue() instanceof JsonValue.JsonString s)) {
        throw WebException.badRequest("'" + e.getKey() + "' must be a string");
      }
      members.put(e.getKey(), s.value());
    }
    return members;
  }

  // ---------------------------------------------------------------- administration and portal

  /**
   * Any value as JSON: maps (members in their iteration order), collections, strings, numbers,
   * booleans, null and {@link Raw} JSON, nested as deep as given.
   */
  static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Raw raw) {
      b.append(raw.json());
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        quote(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof java.util.Collection<?> c) {
      b.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          b.append(',');
        }
        first = false;
        write(b, o);
      }
      b.append(']');
    } else {
      quote(b, String.valueOf(v));
    }
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
