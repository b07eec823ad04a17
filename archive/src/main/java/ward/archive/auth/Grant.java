package ward.archive.auth;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One rule of per-study access: the studies of a referring physician, of an issuer of patient ID,
 * of an institution, or one study shared explicitly. Values are checked here, at the edge.
 */
public record Grant(Kind kind, String value) {
  private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

  public enum Kind {
    REFERRING_PHYSICIAN,
    ISSUER_OF_PATIENT_ID,
    INSTITUTION,
    STUDY
  }

  public Grant {
    if (kind == null || value == null || value.isBlank()) {
      throw new IllegalArgumentException("a grant has a kind and a value");
    }
    value = value.strip();
    switch (kind) {
      case STUDY -> {
        if (value.length() > 64 || !UID.matcher(value).matches()) {
          throw new IllegalArgumentException("not a Study Instance UID: " + value);
        }
      }
      case INSTITUTION -> {
        if (value.length() > 64 || value.contains("\\")) {
          throw new IllegalArgumentException("not an institution name: " + value);
        }
        value = value.toUpperCase(Locale.ROOT);
      }
      case ISSUER_OF_PATIENT_ID -> {
        if (value.length() > 64 || value.contains("\\")) {
          throw new IllegalArgumentException("not an issuer of patient ID: " + value);
        }
      }
      case REFERRING_PHYSICIAN -> {
        if (value.length() > 256 || value.contains("\\")) {
          throw new IllegalArgumentException("not a person name: " + value);
        }
        value = value.toUpperCase(Locale.ROOT);
      }
    }
  }
}
