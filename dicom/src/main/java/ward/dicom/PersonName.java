package ward.dicom;

import java.util.Arrays;
import java.util.List;

/**
 * A person name (PS3.5 6.2.1): up to three component groups (alphabetic, ideographic, phonetic)
 * separated by '=', each with up to five components separated by '^': family name, given name,
 * middle name, prefix, suffix.
 */
public record PersonName(String alphabetic, String ideographic, String phonetic) {

  public PersonName {
    alphabetic = alphabetic == null ? "" : alphabetic;
    ideographic = ideographic == null ? "" : ideographic;
    phonetic = phonetic == null ? "" : phonetic;
  }

  /** Parses the decoded text of one value, for example {@code Yamada^Tarou=山田^太郎=やまだ^たろう}. */
  public static PersonName parse(String value) {
    String[] groups = value.split("=", -1);
    return new PersonName(
        groups[0], groups.length > 1 ? groups[1] : "", groups.length > 2 ? groups[2] : "");
  }

  /** The five components of the alphabetic group, missing ones empty. */
  public List<String> components() {
    return components(alphabetic);
  }

  public static List<String> components(String group) {
    String[] parts = Arrays.copyOf(group.split("\\^", -1), 5);
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null) {
        parts[i] = "";
      }
    }
    return List.of(parts);
  }

  public String familyName() {
    return components().get(0);
  }

  public String givenName() {
    return components().get(1);
  }

  public boolean isEmpty() {
    return alphabetic.isEmpty() && ideographic.isEmpty() && phonetic.isEmpty();
  }

  /** The encoded form, without trailing empty groups. */
  @Override
  public String toString() {
    if (!phonetic.isEmpty()) {
      return alphabetic + "=" + ideographic + "=" + phonetic;
    }
    if (!ideographic.isEmpty()) {
      return alphabetic + "=" + ideographic;
    }
    return alphabetic;
  }
}
