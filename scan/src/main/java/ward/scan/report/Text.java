package ward.scan.report;

/** Making strings that came from a target safe to show. */
public final class Text {
  private Text() {}

  /** Control characters (terminal escapes among them) replaced by '?'. */
  public static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) ? '?' : c);
    }
    return b.toString();
  }

  /** HTML text and attribute escaping (HTML 13.1.2.6): &amp; &lt; &gt; &quot; &#39;. */
  public static String html(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? '?' : c);
      }
    }
    return b.toString();
  }
}
