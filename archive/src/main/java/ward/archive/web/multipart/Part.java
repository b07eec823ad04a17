package ward.archive.web.multipart;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * One part of a multipart body: its headers and its body, read from the request as the caller reads
 * it. The body is valid until the next part is asked for.
 *
 * @param number the part's position, from 1
 * @param headers header values by lower-case name, unfolded and trimmed
 * @param body the part's bytes, ending before the next boundary
 */
public record Part(int number, Map<String, String> headers, InputStream body) {

  public Part {
    headers = Map.copyOf(headers);
  }

  /** A header's value, or null; names are case-insensitive. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The part's Content-Type, or null when it has none. */
  public String contentType() {
    return header("content-type");
  }

  /** The part's Content-Location (PS3.18 8.6.1.2, bulk data by reference), or null. */
  public String contentLocation() {
    return header("content-location");
  }
}
