package ward.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The UIDs registered in PS3.6 Annex A, read once from {@code uids.tsv}, which
 * tools/generate-dictionary.py generates. {@link UID} names them as constants.
 */
public final class UidDictionary {

  private UidDictionary() {}

  /** The registered UID, or null when PS3.6 does not list it. */
  public static UidEntry lookup(String uid) {
    return uid == null ? null : Holder.UIDS.get(uid);
  }

  /** The name of a registered UID, or the UID itself when it is not registered or unnamed. */
  public static String nameOf(String uid) {
    UidEntry entry = lookup(uid);
    return entry == null || entry.name().isEmpty() ? uid : entry.name();
  }

  /** Whether PS3.6 lists the UID as a transfer syntax (retired ones included). */
  public static boolean isTransferSyntax(String uid) {
    UidEntry entry = lookup(uid);
    return entry != null && entry.isTransferSyntax();
  }

  /**
   * The non-retired Storage SOP classes (PS3.4 Annex B): SOP classes whose PS3.6 name ends in
   * "Storage", sorted by UID.
   */
  public static java.util.List<String> storageSopClasses() {
    return Holder.UIDS.values().stream()
        .filter(e -> "SOP Class".equals(e.type()) && !e.retired() && e.name().endsWith("Storage"))
        .map(UidEntry::uid)
        .sorted()
        .toList();
  }

  /** Loads the registry on first use; the JVM makes that thread-safe (JLS 12.4.2). */
  private static final class Holder {
    static final Map<String, UidEntry> UIDS = load();
  }

  /** Lines of uid, keyword, name, type and R for retired ones. */
  private static Map<String, UidEntry> load() {
    Map<String, UidEntry> uids = new HashMap<>();
    try (InputStream in = UidDictionary.class.getResourceAsStream("uids.tsv")) {
      if (in == null) {
        throw new IllegalStateException("uids.tsv is missing from the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 5) {
          throw new IllegalStateException("bad line in uids.tsv: " + line);
        }
        uids.put(f[0], new UidEntry(f[0], f[1], f[2], f[3], f[4].equals("R")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(uids);
  }
}
