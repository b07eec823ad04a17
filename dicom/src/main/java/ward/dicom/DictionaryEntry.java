package ward.dicom;

import java.util.List;

/**
 * One data element of the data dictionary (PS3.6 6), or one family of them for the repeating groups
 * and the generic group length and private creator elements.
 *
 * @param tag the tag, with zeros where a repeating family's tags vary (60xx,3000 is 0x60003000)
 * @param mask the bits of a tag that must equal those of {@code tag}; 0xFFFFFFFF for one element
 * @param vrs the VRs the element may have, in PS3.6's order; empty for the item and delimitation
 *     tags (FFFE,E000), (FFFE,E00D) and (FFFE,E0DD), which have none
 * @param vm the value multiplicity, as PS3.6 writes it ("1", "1-n", "2-2n")
 * @param keyword the keyword; empty for the few retired elements PS3.6 gives none
 * @param name the name, possibly empty for the same retired elements
 * @param retired whether PS3.6 marks the element retired
 */
public record DictionaryEntry(
    int tag, int mask, List<VR> vrs, String vm, String keyword, String name, boolean retired) {

  public DictionaryEntry {
    vrs = List.copyOf(vrs);
  }

  /** Whether a tag belongs to this entry. */
  public boolean matches(int candidate) {
    return (candidate & mask) == tag;
  }

  /**
   * The VR to decode the element with when the encoding does not say (implicit VR): the first VR
   * PS3.6 lists, except that "OB or OW" is OW (PS3.5 A.1); null for items and delimiters.
   */
  public VR vr() {
    if (vrs.isEmpty()) {
      return null;
    }
    VR first = vrs.get(0);
    return first == VR.OB && vrs.size() > 1 ? VR.OW : first;
  }
}
