package ward.scan.web;

/** Counts the elements of a JSON array (RFC 8259) without keeping them. */
final class JsonArrays {
  private JsonArrays() {}

  /** The number of top-level elements of the array {@code text}; -1 when it is not one. */
  static int count(String text) {
    String s = text.strip();
    if (!s.startsWith("[")) {
      return -1;
    }
    int depth = 0;
    int elements = 0;
    boolean inString = false;
    boolean sawValue = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          inString = true;
          if (depth == 1) {
            sawValue = true;
          }
        }
        case '[', '{' -> {
          if (depth == 1) {
            sawValue = true;
          }
          depth++;
        }
        case ']', '}' -> {
          depth--;
          if (depth == 0) {
            return sawValue ? elements + 1 : 0;
          }
        }
        case ',' -> {
          if (depth == 1) {
            elements++;
          }
        }
        default -> {
          if (depth == 1 && !Character.isWhitespace(c)) {
            sawValue = true;
          }
        }
      }
    }
    return -1;
  }
}
