package ward.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data dictionary of the public data elements (PS3.6 6 and 7), read once from {@code
 * elements.tsv}, which tools/generate-dictionary.py generates.
 *
 * <p>Beyond the listed elements it knows the repeating groups (60xx,3000 and the like), the group
 * length element (gggg,0000) of every group and the private creator elements (PS3.5 7.8.1). Other
 * private elements are unknown here. Lookups of single elements cost one hash probe.
 */
public final class ElementDictionary {

  private static final List<VR> UL_ONLY = List.of(VR.UL);
  private static final List<VR> LO_ONLY = List.of(VR.LO);

  private ElementDictionary() {}

  /**
   * The entry for a tag, or null for private elements other than private creators and for public
   * tags PS3.6 does not list.
   */
  public static DictionaryEntry lookup(int tag) {
    Data data = Holder.DATA;
    DictionaryEntry entry = data.elements.get(tag);
    if (entry != null) {
      return entry;
    }
    if (Tag.isGroupLength(tag)) {
      // PS3.5 7.2: retired everywhere but in groups 0000 and 0002, which PS3.6 lists.
      return new DictionaryEntry(tag, -1, UL_ONLY, "1", "GroupLength", "Group Length", true);
    }
    if (Tag.isPrivate(tag)) {
      return Tag.isPrivateCreator(tag)
          ? new DictionaryEntry(tag, -1, LO_ONLY, "1", "PrivateCreator", "Private Creator", false)
          : null;
    }
    for (Repeaters repeaters : data.repeaters) {
      entry = repeaters.entries.get(tag & repeaters.mask);
      if (entry != null) {
        return entry;
      }
    }
    return null;
  }

  /**
   * The VR to decode an element with when the transfer syntax does not say (implicit VR): {@link
   * VR#UN} for unknown elements, null for the item and delimitation tags, which have no VR. Of
   * several VRs it gives the first PS3.6 lists (US for "US or SS"), except OW for "OB or OW".
   */
  public static VR vrOf(int tag) {
    DictionaryEntry entry = lookup(tag);
    return entry == null ? VR.UN : entry.vr();
  }

  /** The keyword of an element, or null when it is unknown or has no keyword. */
  public static String keywordOf(int tag) {
    DictionaryEntry entry = lookup(tag);
    return entry == null || entry.keyword().isEmpty() ? null : entry.keyword();
  }

  /** The name of an element, or null when it is unknown or has no name. */
  public static String nameOf(int tag) {
    DictionaryEntry entry = lookup(tag);
    return entry == null || entry.name().isEmpty() ? null : entry.name();
  }

  /**
   * The tag of a keyword, or of eight hex digits such as "00100010"; -1 when it is neither. A
   * repeating element's keyword gives its first group: "OverlayData" is 0x60003000.
   */
  public static int tagOf(String keyword) {
    if (keyword == null) {
      return -1;
    }
    Integer tag = Holder.DATA.keywords.get(keyword);
    if (tag != null) {
      return tag;
    }
    return isHexTag(keyword) ? Integer.parseUnsignedInt(keyword, 16) : -1;
  }

  private static boolean isHexTag(String text) {
    if (text.length() != 8) {
      return false;
    }
    for (int i = 0; i < 8; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Loads the dictionary on first use; the JVM makes that thread-safe (JLS 12.4.2). */
  private static final class Holder {
    static final Data DATA = Data.load();
  }

  /** The elements of repeating groups that share one mask, by their masked tag. */
  private record Repeaters(int mask, TagTable entries) {}

  private record Data(TagTable elements, List<Repeaters> repeaters, Map<String, Integer> keywords) {

    static Data load() {
      List<DictionaryEntry> single = new ArrayList<>();
      Map<Integer, List<DictionaryEntry>> byMask = new HashMap<>();
      Map<String, Integer> keywords = new HashMap<>();
      try (InputStream in = ElementDictionary.class.getResourceAsStream("elements.tsv")) {
        if (in == null) {
          throw new IllegalStateException("elements.tsv is missing from the class path");
        }
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          DictionaryEntry entry = parse(line);
          if (entry.mask() == -1) {
            single.add(entry);
          } else {
            byMask.computeIfAbsent(entry.mask(), m -> new ArrayList<>()).add(entry);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      TagTable elements = new TagTable(single);
      for (DictionaryEntry entry : single) {
        keywords.put(entry.keyword(), entry.tag());
      }
      for (List<DictionaryEntry> family : byMask.values()) {
        for (DictionaryEntry entry : family) {
          keywords.put(entry.keyword(), first(entry, elements));
        }
      }
      keywords.remove("");
      List<Repeaters> repeaters = new ArrayList<>();
      byMask.forEach((mask, entries) -> repeaters.add(new Repeaters(mask, new TagTable(entries))));
      repeaters.sort(Comparator.comparingInt(r -> -Integer.bitCount(r.mask())));
      return new Data(elements, List.copyOf(repeaters), Map.copyOf(keywords));
    }

    /**
     * The first tag of a repeating family that is no listed element or group length: (0028,0400) is
     * Transform Label, so Rows For Nth Order Coefficients (0028,04x0) starts at (0028,0410).
     */
    private static int first(DictionaryEntry repeater, TagTable elements) {
      int step = Integer.lowestOneBit(~repeater.mask());
      int tag = repeater.tag();
      while ((elements.get(tag) != null || Tag.isGroupLength(tag))
          && repeater.matches(tag + step)) {
        tag += step;
      }
      return tag;
    }

    /** One line: tag (x for the digits a repeating group varies), VR, VM, keyword, name, R. */
    private static DictionaryEntry parse(String line) {
      String[] f = line.split("\t", -1);
      if (f.length != 6 || f[0].length() != 8) {
        throw new IllegalStateException("bad line in elements.tsv: " + line);
      }
      int tag = 0;
      int mask = 0;
      for (int i = 0; i < 8; i++) {
        char c = f[0].charAt(i);
        tag <<= 4;
        mask <<= 4;
        if (c != 'x') {
          tag |= Integer.parseInt(String.valueOf(c), 16);
          mask |= 0xF;
        }
      }
      if (f[0].startsWith("50xx") || f[0].startsWith("60xx")) {
        mask |= 0x00E10000; // PS3.5 7.6: only the even groups 00-1E repeat
      }
      List<VR> vrs = new ArrayList<>();
      if (!f[1].equals("NONE")) {
        for (String name : f[1].split("\\|", -1)) {
          VR vr = VR.ofName(name);
          if (vr == null) {
            throw new IllegalStateException("bad VR in elements.tsv: " + line);
          }
          vrs.add(vr);
        }
      }
      return new DictionaryEntry(tag, mask, vrs, f[2], f[3], f[4], f[5].equals("R"));
    }
  }

  /** An open-addressing hash table from tag to entry, so that lookups do not box the tag. */
  private static final class TagTable {
    private final int[] tags;
    private final DictionaryEntry[] entries;
    private final int shift;

    TagTable(List<DictionaryEntry> list) {
      int bits = 32 - Integer.numberOfLeadingZeros(Math.max(4, list.size() * 2 - 1));
      tags = new int[1 << bits];
      entries = new DictionaryEntry[1 << bits];
      shift = 32 - bits;
      for (DictionaryEntry entry : list) {
        int slot = slot(entry.tag());
        while (entries[slot] != null) {
          if (tags[slot] == entry.tag()) {
            throw new IllegalStateException("tag listed twice: " + Tag.toString(entry.tag()));
          }
          slot = (slot + 1) & (tags.length - 1);
        }
        tags[slot] = entry.tag();
        entries[slot] = entry;
      }
    }

    DictionaryEntry get(int tag) {
      for (int slot = slot(tag); entries[slot] != null; slot = (slot + 1) & (tags.length - 1)) {
        if (tags[slot] == tag) {
          return entries[slot];
        }
      }
      return null;
    }

    private int slot(int tag) {
      return (tag * 0x9E3779B9) >>> shift; // Fibonacci hashing
    }
  }
}
