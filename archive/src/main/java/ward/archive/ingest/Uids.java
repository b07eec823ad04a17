package ward.archive.ingest;

import java.util.regex.Pattern;

/** UID syntax (PS3.5 9.1): digits and dots, no empty or zero-led components, 64 characters. */
final class Uids {
  private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

  private Uids() {}

  static boolean valid(String uid) {
    return uid != null && uid.length() <= 64 && UID.matcher(uid).matches();
  }
}
