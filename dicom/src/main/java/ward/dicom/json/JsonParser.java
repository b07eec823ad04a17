package ward.dicom.json;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ward.dicom.json.JsonValue.JsonArray;
import ward.dicom.json.JsonValue.JsonBoolean;
import ward.dicom.json.JsonValue.JsonNull;
import ward.dicom.json.JsonValue.JsonNumber;
import ward.dicom.json.JsonValue.JsonObject;
import ward.dicom.json.JsonValue.JsonString;

/**
 * A strict JSON parser (RFC 8259) for input that may be hostile. It accepts exactly the JSON
 * grammar: no comments, no trailing commas, no single quotes, no NaN, no leading zeros, no control
 * characters in strings, no unpaired surrogates, no duplicate names in an object, nothing after the
 * value but whitespace. A leading byte order mark is ignored (RFC 8259 8.1 allows it).
 *
 * <p>Every {@link JsonLimits limit} is checked as the input is read, before the memory it guards is
 * spent. Nesting recurses one frame per level and is refused beyond {@link JsonLimits#maxDepth()},
 * so no input can overflow the stack. Every problem is a {@link DicomJsonException} with the offset
 * of the char where it was found.
 */
public final class JsonParser {
  private static final int BUFFER = 8192;

  private final Reader in;
  private final JsonLimits limits;
  private final char[] buf = new char[BUFFER];
  private int pos;
  private int lim;

  /** Offset in the input of buf[0]. */
  private long base;

  private boolean eof;
  private long values;
  private final StringBuilder text = new StringBuilder();

  private JsonParser(Reader in, JsonLimits limits) {
    this.in = in;
    this.limits = limits;
  }

  /** Parses one JSON value that makes up the whole input. */
  public static JsonValue parse(Reader in, JsonLimits limits) throws IOException {
    JsonParser p = new JsonParser(in, limits);
    if (p.peek() == '\uFEFF') {
      p.pos++;
    }
    JsonValue v = p.value(0);
    p.skipWhitespace();
    if (p.peek() != -1) {
      throw p.error("unexpected " + describe(p.peek()) + " after the JSON value");
    }
    return v;
  }

  /** Parses a string holding one JSON value. */
  public static JsonValue parse(String json, JsonLimits limits) throws DicomJsonException {
    if (json.length() > limits.maxInputChars()) {
      throw new DicomJsonException(
          limits.maxInputChars(), "input longer than " + limits.maxInputChars() + " chars");
    }
    try {
      return parse(new StringReader(json), limits);
    } catch (DicomJsonException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("a StringReader failed", e);
    }
  }

  private long offset() {
    return base + pos;
  }

  private DicomJsonException error(String reason) {
    return new DicomJsonException(offset(), reason);
  }

  /** The next char without consuming it, or -1 at the end of the input. */
  private int peek() throws IOException {
    if (pos < lim) {
      return buf[pos];
    }
    if (eof) {
      return -1;
    }
    base += lim;
    pos = 0;
    lim = 0;
    int n = in.read(buf, 0, BUFFER);
    if (n <= 0) {
      eof = true;
      return -1;
    }
    lim = n;
    if (base + lim > limits.maxInputChars()) {
      throw new DicomJsonException(
          limits.maxInputChars(), "input longer than " + limits.maxInputChars() + " chars");
    }
    return buf[pos];
  }

  private int next() throws IOException {
    int c = peek();
    if (c != -1) {
      pos++;
    }
    return c;
  }

  private void skipWhitespace() throws IOException {
    while (true) {
      int c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else {
        return;
      }
    }
  }

  private void countValue() throws DicomJsonException {
    if (++values > limits.maxValues()) {
      throw error("more than " + limits.maxValues() + " JSON values");
    }
  }

  private JsonValue value(int depth) throws IOException {
    skipWhitespace();
    int c = peek();
    long start = offset();
    countValue();
    return switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> new JsonString(start, string());
      case 't' -> literal("true", new JsonBoolean(start, true));
      case 'f' -> literal("false", new JsonBoolean(start, false));
      case 'n' -> literal("null", new JsonNull(start));
      case -1 -> throw error("input ends where a value should start");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield new JsonNumber(start, number());
        }
        throw error("unexpected " + describe(c) + " where a value should start");
      }
    };
  }

  private void checkDepth(int depth) throws DicomJsonException {
    if (depth > limits.maxDepth()) {
      throw error("arrays and objects nested deeper than " + limits.maxDepth());
    }
  }

  private JsonObject object(int depth) throws IOException {
    checkDepth(depth);
    long start = offset();
    pos++; // '{'
    Map<String, JsonValue> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return new JsonObject(start, members);
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a member name in quotes, found " + describe(peek()));
      }
      long nameOffset = offset();
      String name = string();
      skipWhitespace();
      if (peek() != ':') {
        throw error("expected ':' after member name \"" + shorten(name) + "\"");
      }
      pos++;
      JsonValue v = value(depth);
      if (members.putIfAbsent(name, v) != null) {
        throw new DicomJsonException(nameOffset, "duplicate member name \"" + shorten(name) + "\"");
      }
      skipWhitespace();
      int c = peek();
      if (c == ',') {
        pos++;
      } else if (c == '}') {
        pos++;
        return new JsonObject(start, members);
      } else {
        throw error("expected ',' or '}' in an object, found " + describe(c));
      }
    }
  }

  private JsonArray array(int depth) throws IOException {
    checkDepth(depth);
    long start = offset();
    pos++; // '['
    List<JsonValue> items = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return new JsonArray(start, items);
    }
    while (true) {
      items.add(value(depth));
      skipWhitespace();
      int c = peek();
      if (c == ',') {
        pos++;
      } else if (c == ']') {
        pos++;
        return new JsonArray(start, items);
      } else {
        throw error("expected ',' or ']' in an array, found " + describe(c));
      }
    }
  }

  private JsonValue literal(String word, JsonValue v) throws IOException {
    for (int i = 0; i < word.length(); i++) {
      if (peek() != word.charAt(i)) {
        throw error("invalid literal: expected '" + word + "'");
      }
      pos++;
    }
    return v;
  }

  /** Reads a string from its opening quote; the text is unescaped and its surrogates checked. */
  private String string() throws IOException {
    long start = offset();
    pos++; // '"'
    StringBuilder sb = text;
    sb.setLength(0);
    int max = limits.maxStringChars();
    while (true) {
      // copy runs of plain chars from the buffer at once
      int runStart = pos;
      while (pos < lim) {
        char c = buf[pos];
        if (c == '"' || c == '\\' || c < 0x20) {
          break;
        }
        pos++;
      }
      if (pos > runStart) {
        if (sb.length() + (pos - runStart) > max) {
          throw new DicomJsonException(start, "string longer than " + max + " chars");
        }
        sb.append(buf, runStart, pos - runStart);
      }
      int c = peek();
      if (c == -1) {
        throw new DicomJsonException(start, "unterminated string");
      }
      if (c == '"') {
        pos++;
        break;
      }
      if (c == '\\') {
        pos++;
        sb.append(escape());
      } else if (c < 0x20) {
        throw error(String.format("control character U+%04X in a string must be escaped", c));
      } else {
        continue; // the buffer was refilled: copy the next run
      }
      if (sb.length() > max) {
        throw new DicomJsonException(start, "string longer than " + max + " chars");
      }
    }
    checkSurrogates(sb, start);
    return sb.toString();
  }

  private char escape() throws IOException {
    int c = next();
    return switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '/' -> '/';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> {
        int v = 0;
        for (int i = 0; i < 4; i++) {
          int h = Character.digit(peekOrFail(), 16);
          if (h < 0) {
            throw error("invalid \\u escape: four hex digits expected");
          }
          pos++;
          v = (v << 4) | h;
        }
        yield (char) v;
      }
      case -1 -> throw error("input ends inside an escape");
      default -> {
        pos--;
        throw error("invalid escape \\" + (char) c);
      }
    };
  }

  private int peekOrFail() throws IOException {
    int c = peek();
    if (c == -1) {
      throw error("input ends inside an escape");
    }
    return c;
  }

  private static void checkSurrogates(CharSequence s, long start) throws DicomJsonException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        throw new DicomJsonException(start, "unpaired surrogate in a string");
      }
      if (Character.isLowSurrogate(c)) {
        throw new DicomJsonException(start, "unpaired surrogate in a string");
      }
    }
  }

  /** Reads a number literal and checks it against the grammar of RFC 8259 section 6. */
  private String number() throws IOException {
    long start = offset();
    StringBuilder sb = text;
    sb.setLength(0);
    while (true) {
      int c = peek();
      if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
        if (sb.length() == limits.maxNumberChars()) {
          throw new DicomJsonException(
              start, "number longer than " + limits.maxNumberChars() + " chars");
        }
        sb.append((char) c);
        pos++;
      } else {
        break;
      }
    }
    String s = sb.toString();
    if (!isJsonNumber(s)) {
      throw new DicomJsonException(start, "invalid number '" + s + "'");
    }
    return s;
  }

  /** True when {@code s} is a number as RFC 8259 section 6 defines it. */
  static boolean isJsonNumber(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    if (i >= n) {
      return false;
    }
    if (s.charAt(i) == '0') {
      i++;
    } else if (s.charAt(i) >= '1' && s.charAt(i) <= '9') {
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    } else {
      return false;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      int digits = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == digits) {
        return false;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int digits = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == digits) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String describe(int c) {
    if (c == -1) {
      return "end of input";
    }
    if (c >= 0x20 && c < 0x7F) {
      return "'" + (char) c + "'";
    }
    return String.format("U+%04X", c);
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
