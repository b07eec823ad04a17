package ward.archive.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import ward.dicom.json.DicomJsonException;
import ward.dicom.json.JsonLimits;
import ward.dicom.json.JsonParser;
import ward.dicom.json.JsonValue;

/**
 * The JSON body of an administration or portal request, parsed once at the edge with the project's
 * bounded parser: at most {@value #MAX_CHARS} characters, three levels, {@value #MAX_VALUES}
 * values. Members are taken by type; a member of the wrong type, an unknown member or a value out
 * of bounds is a 400 with the member's name.
 */
final class AdminBody {
  static final int MAX_CHARS = 16 * 1024;
  private static final int MAX_VALUES = 1024;
  private static final JsonLimits LIMITS = new JsonLimits(MAX_CHARS, 3, 12 * 1024, 16, MAX_VALUES);

  private final Map<String, JsonValue> members;

  private AdminBody(Map<String, JsonValue> members) {
    this.members = members;
  }

  /**
   * The request's body, which must be {@code application/json} (so another site's plain HTML form
   * cannot post it) and a JSON object with no members but {@code allowed}.
   */
  static AdminBody of(Context ctx, Set<String> allowed) throws WebException {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new WebException(415, "the body must be application/json");
    }
    long length = ctx.contentLength();
    if (length > MAX_CHARS) {
      throw new WebException(413, "the body is larger than " + MAX_CHARS + " bytes");
    }
    String text = ctx.body();
    if (text.length() > MAX_CHARS) {
      throw new WebException(413, "the body is larger than " + MAX_CHARS + " bytes");
    }
    return parse(text, allowed);
  }

  static AdminBody parse(String text, Set<String> allowed) throws WebException {
    JsonValue value;
    try {
      value = JsonParser.parse(text, LIMITS);
    } catch (DicomJsonException e) {
      throw WebException.badRequest("the body is not valid JSON: " + e.getMessage());
    }
    if (!(value instanceof JsonValue.JsonObject object)) {
      throw WebException.badRequest("the body must be a JSON object");
    }
    for (String name : object.members().keySet()) {
      if (!allowed.contains(name)) {
        throw WebException.badRequest("unknown member '" + clip(name) + "'");
      }
    }
    return new AdminBody(object.members());
  }

  /** A string member of 1 to {@code max} characters, or null when absent and not required. */
  String string(String name, int max, boolean required) throws WebException {
    JsonValue v = members.get(name);
    if (v == null || v instanceof JsonValue.JsonNull) {
      if (required) {
        throw WebException.badRequest("'" + name + "' is required");
      }
      return null;
    }
    if (!(v instanceof JsonValue.JsonString s)) {
      throw WebException.badRequest("'" + name + "' must be a string");
    }
    if (s.value().isEmpty() && required) {
      throw WebException.badRequest("'" + name + "' is required");
    }
    if (s.value().length() > max) {
      throw WebException.badRequest("'" + name + "' has at most " + max + " characters");
    }
    return s.value();
  }

  /** An array of strings (empty when absent), each of 1 to {@code max} characters. */
  List<String> strings(String name, int max) throws WebException {
    JsonValue v = members.get(name);
    if (v == null || v instanceof JsonValue.JsonNull) {
      return List.of();
    }
    if (!(v instanceof JsonValue.JsonArray a)) {
      throw WebException.badRequest("'" + name + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>(a.values().size());
    for (JsonValue e : a.values()) {
      if (!(e instanceof JsonValue.JsonString s) || s.value().isEmpty()) {
        throw WebException.badRequest("'" + name + "' must be an array of non-empty strings");
      }
      if (s.value().length() > max) {
        throw WebException.badRequest("each of '" + name + "' has at most " + max + " characters");
      }
      out.add(s.value());
    }
    return out;
  }

  /** An object member's own members, or null when absent. */
  AdminBody object(String name) throws WebException {
    JsonValue v = members.get(name);
    if (v == null || v instanceof JsonValue.JsonNull) {
      return null;
    }
    if (!(v instanceof JsonValue.JsonObject o)) {
      throw WebException.badRequest("'" + name + "' must be an object");
    }
    return new AdminBody(o.members());
  }

  /** An integer member in {@code [min, max]}. */
  int integer(String name, int min, int max) throws WebException {
    JsonValue v = members.get(name);
    if (!(v instanceof JsonValue.JsonNumber n)) {
      throw WebException.badRequest("'" + name + "' must be a number");
    }
    return RequestValues.integer(n.text(), "'" + name + "'", min, max);
  }

  private static String clip(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    StringBuilder b = new StringBuilder();
    for (char c : t.toCharArray()) {
      b.append(c < 0x20 || c == 0x7F ? '?' : c);
    }
    return b.toString();
  }
}
