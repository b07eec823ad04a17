package ward.net.identity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, bounded JSON parser (RFC 8259) for JWT headers and claims sets: objects become {@link
 * Map}s, arrays {@link List}s, numbers {@link BigDecimal}s, {@code null} the {@link #NULL} marker.
 * Duplicate member names, trailing text, nesting deeper than {@link #MAX_DEPTH} and numbers longer
 * than {@link #MAX_NUMBER_CHARS} are refused, so two parsers can never read one token differently.
 */
final class JsonParser {

  /** JSON {@code null}. */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  static final int MAX_DEPTH = 16;
  static final int MAX_NUMBER_CHARS = 64;

  private final String s;
  private int pos;

  private JsonParser(String s) {
    this.s = s;
  }

  /** A malformed document; the message says where, never what the text was. */
  static final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    JsonException(String message) {
      super(message);
    }
  }

  /** Parses a document whose top level must be an object. */
  static Map<String, Object> parseObject(String text) throws JsonException {
    JsonParser p = new JsonParser(text);
    p.space();
    if (p.peek() != '{') {
      throw new JsonException("not a JSON object");
    }
    Object v = p.value(0);
    p.space();
    if (p.pos != text.length()) {
      throw new JsonException("trailing characters at " + p.pos);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    return m;
  }

  private int peek() {
    return pos < s.length() ? s.charAt(pos) : -1;
  }

  private void space() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private JsonException error(String what) {
    return new JsonException(what + " at " + pos);
  }

  private void expect(char c) throws JsonException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private Object value(int depth) throws JsonException {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    space();
    int c = peek();
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> {
        literal("true");
        yield true;
      }
      case 'f' -> {
        literal("false");
        yield false;
      }
      case 'n' -> {
        literal("null");
        yield NULL;
      }
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error(c < 0 ? "unexpected end" : "unexpected character");
      }
    };
  }

  private void literal(String word) throws JsonException {
    if (!s.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
  }

  private Map<String, Object> object(int depth) throws JsonException {
    expect('{');
    Map<String, Object> m = new LinkedHashMap<>();
    space();
    if (peek() == '}') {
      pos++;
      return m;
    }
    while (true) {
      space();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String name = string();
      space();
      expect(':');
      Object v = value(depth + 1);
      if (m.putIfAbsent(name, v) != null) {
        throw error("duplicate member name");
      }
      space();
      if (peek() == ',') {
        pos++;
      } else {
        expect('}');
        return m;
      }
    }
  }

  private List<Object> array(int depth) throws JsonException {
    expect('[');
    List<Object> list = new ArrayList<>();
    space();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      list.add(value(depth + 1));
      space();
      if (peek() == ',') {
        pos++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String string() throws JsonException {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (pos >= s.length()) {
        throw error("unterminated escape");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> b.append(hex4());
        default -> throw error("invalid escape");
      }
    }
  }

  private char hex4() throws JsonException {
    if (pos + 4 > s.length()) {
      throw error("truncated \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(s.charAt(pos++), 16);
      if (d < 0) {
        throw error("invalid \\u escape");
      }
      v = v * 16 + d;
    }
    return (char) v;
  }

  private BigDecimal number() throws JsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (digits() == 0) {
      throw error("invalid number");
    }
    if (peek() == '.') {
      pos++;
      if (digits() == 0) {
        throw error("invalid number");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (digits() == 0) {
        throw error("invalid number");
      }
    }
    if (pos - start > MAX_NUMBER_CHARS) {
      throw error("number longer than " + MAX_NUMBER_CHARS + " characters");
    }
    BigDecimal n;
    try {
      n = new BigDecimal(s.substring(start, pos));
    } catch (NumberFormatException e) {
      throw error("number out of range");
    }
    // An exponent such as 1e999999999 is cheap to hold but not to compare or print.
    if (Math.abs((long) n.scale()) > 1000) {
      throw error("number out of range");
    }
    return n;
  }

  private int digits() {
    int n = 0;
    while (peek() >= '0' && peek() <= '9') {
      pos++;
      n++;
    }
    return n;
  }
}
