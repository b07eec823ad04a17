package ward.archive.web.multipart;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A media type with parameters, as in a Content-Type header (RFC 9110 8.3.1): {@code type/subtype}
 * followed by {@code ; name=value} pairs whose values are tokens or quoted strings. Type, subtype
 * and parameter names are case-insensitive and kept in lower case; values are kept as sent, with
 * quotes and quoted-pair escapes removed.
 */
public record MediaType(String type, String subtype, Map<String, String> parameters) {
  private static final int MAX_LENGTH = 4096;

  public MediaType {
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * Parses a header value.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static MediaType parse(String header) {
    if (header == null) {
      throw new IllegalArgumentException("no Content-Type");
    }
    if (header.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a Content-Type longer than " + MAX_LENGTH + " characters");
    }
    Cursor c = new Cursor(header);
    c.spaces();
    String type = c.token("a media type");
    c.expect('/');
    String subtype = c.token("a media subtype");
    Map<String, String> params = new LinkedHashMap<>();
    while (true) {
      c.spaces();
      if (c.atEnd()) {
        break;
      }
      c.expect(';');
      c.spaces();
      if (c.atEnd() || c.peek() == ';') {
        continue; // an empty parameter, tolerated
      }
      String name = c.token("a parameter name").toLowerCase(Locale.ROOT);
      c.spaces();
      c.expect('=');
      c.spaces();
      String value = c.peek() == '"' ? c.quoted() : c.token("the value of " + name);
      if (c.peek() == '/' && !value.isEmpty()) {
        // A media type as an unquoted value ("type=application/octet-stream"): '/' is not a
        // token character, but DICOMweb clients (OHIF's among them) send it so; taken as meant.
        c.expect('/');
        value = value + "/" + c.token("the subtype in the value of " + name);
      }
      if (params.put(name, value) != null) {
        throw new IllegalArgumentException("parameter '" + name + "' appears twice");
      }
    }
    return new MediaType(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), params);
  }

  /** A parameter's value, or null. */
  public String parameter(String name) {
    return parameters.get(name.toLowerCase(Locale.ROOT));
  }

  /** True for {@code type/subtype}, compared without case. */
  public boolean is(String typeAndSubtype) {
    return (type + "/" + subtype).equalsIgnoreCase(typeAndSubtype);
  }

  /** Renders the header value, quoting a parameter value unless it is a token. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(type).append('/').append(subtype);
    parameters.forEach((k, v) -> b.append("; ").append(k).append('=').append(quoteIfNeeded(v)));
    return b.toString();
  }

  static String quoteIfNeeded(String v) {
    boolean token = !v.isEmpty();
    for (int i = 0; i < v.length() && token; i++) {
      token = isTokenChar(v.charAt(i));
    }
    if (token) {
      return v;
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (ch == '"' || ch == '\\') {
        b.append('\\');
      }
      b.append(ch);
    }
    return b.append('"').toString();
  }

  // RFC 9110 5.6.2: tchar.
  static boolean isTokenChar(char ch) {
    return (ch >= 'a' && ch <= 'z')
        || (ch >= 'A' && ch <= 'Z')
        || (ch >= '0' && ch <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(ch) >= 0;
  }

  private static final class Cursor {
    private final String s;
    private int i;

    Cursor(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return i >= s.length();
    }

    char peek() {
      return atEnd() ? 0 : s.charAt(i);
    }

    void spaces() {
      while (!atEnd() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    void expect(char ch) {
      if (peek() != ch) {
        throw new IllegalArgumentException(
            "expected '" + ch + "' at position " + i + " of the Content-Type '" + s + "'");
      }
      i++;
    }

    String token(String what) {
      int start = i;
      while (!atEnd() && isTokenChar(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw new IllegalArgumentException(
            "expected " + what + " at position " + start + " of the Content-Type '" + s + "'");
      }
      return s.substring(start, i);
    }

    // RFC 9110 5.6.4: quoted-string with quoted-pair.
    String quoted() {
      int start = i;
      i++;
      StringBuilder b = new StringBuilder();
      while (!atEnd()) {
        char ch = s.charAt(i++);
        if (ch == '"') {
          return b.toString();
        }
        if (ch == '\\' && !atEnd()) {
          ch = s.charAt(i++);
        }
        if ((ch < 0x20 && ch != '\t') || ch == 0x7F) {
          throw new IllegalArgumentException("a control character in a quoted parameter value");
        }
        b.append(ch);
      }
      throw new IllegalArgumentException(
          "the quoted string at position " + start + " of the Content-Type is not closed");
    }
  }
}
