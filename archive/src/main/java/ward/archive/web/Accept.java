package ward.archive.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import ward.archive.web.multipart.MediaType;

/**
 * The media ranges of an Accept header (RFC 9110 12.5.1), most preferred first, and the checks
 * DICOMweb responses need (PS3.18 8.7). A missing header accepts anything; ranges with q=0 are
 * dropped.
 */
final class Accept {
  private static final int MAX_HEADER = 4096;
  private static final int MAX_RANGES = 32;

  private final List<MediaType> ranges;

  private Accept(List<MediaType> ranges) {
    this.ranges = ranges;
  }

  /**
   * Parses a header; null or blank accepts anything.
   *
   * @throws WebException 400 for a header that cannot be parsed
   */
  static Accept parse(String header) throws WebException {
    if (header == null || header.isBlank()) {
      return new Accept(List.of(MediaType.parse("*/*")));
    }
    if (header.length() > MAX_HEADER) {
      throw WebException.badRequest("the Accept header is too long");
    }
    List<MediaType> ranges = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (String item : splitOutsideQuotes(header)) {
      if (item.isBlank()) {
        continue;
      }
      MediaType range;
      try {
        range = MediaType.parse(item.strip());
      } catch (IllegalArgumentException e) {
        throw WebException.badRequest("the Accept header cannot be parsed: " + e.getMessage());
      }
      double q = quality(range.parameter("q"));
      if (q > 0) {
        ranges.add(range);
        weights.add(q);
      }
      if (ranges.size() > MAX_RANGES) {
        throw WebException.badRequest("the Accept header has too many media ranges");
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing((Integer i) -> -weights.get(i)));
    List<MediaType> sorted = new ArrayList<>();
    for (int i : order) {
      sorted.add(ranges.get(i));
    }
    return new Accept(List.copyOf(sorted));
  }

  private static double quality(String q) throws WebException {
    if (q == null) {
      return 1;
    }
    try {
      double v = Double.parseDouble(q);
      if (v < 0 || v > 1) {
        throw WebException.badRequest("a q value must be from 0 to 1");
      }
      return v;
    } catch (NumberFormatException e) {
      throw WebException.badRequest("a q value must be a number");
    }
  }

  /** Splits at commas that are not inside a quoted string. */
  private static List<String> splitOutsideQuotes(String header) {
    List<String> items = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted && i + 1 < header.length()) {
        item.append(c);
        c = header.charAt(++i);
      } else if (c == ',' && !quoted) {
        items.add(item.toString());
        item.setLength(0);
        continue;
      }
      item.append(c);
    }
    items.add(item.toString());
    return items;
  }

  /** The ranges, most preferred first. */
  List<MediaType> ranges() {
    return ranges;
  }

  /** Whether a single-part response of {@code type} (e.g. application/dicom+json) is accepted. */
  boolean accepts(String type) {
    for (MediaType r : ranges) {
      if (matches(r, type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a {@code multipart/related} response is accepted whose parts are {@code partType} in
   * {@code transferSyntax}. A range without a transfer-syntax parameter, or with "*", takes the
   * syntax the object is stored in (Ward does not transcode).
   */
  boolean acceptsMultipart(String partType, String transferSyntax) {
    for (MediaType r : ranges) {
      if (r.is("*/*")) {
        return true;
      }
      if (!r.is("multipart/related") && !r.is("multipart/*")) {
        continue;
      }
      String type = r.parameter("type");
      if (type != null) {
        MediaType wanted;
        try {
          wanted = MediaType.parse(type);
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (!matches(wanted, partType)) {
          continue;
        }
      }
      String ts = r.parameter("transfer-syntax");
      if (ts == null || ts.equals("*") || ts.equals(transferSyntax)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code range} (which may be type/* or *&#47;*) covers {@code type}. */
  static boolean matches(MediaType range, String type) {
    if (range.is("*/*") || range.is(type)) {
      return true;
    }
    int slash = type.indexOf('/');
    return range.subtype().equals("*") && range.type().equalsIgnoreCase(type.substring(0, slash));
  }
}
