package ward.archive.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ward.dicom.DataSet;
import ward.dicom.Element;
import ward.dicom.ElementDictionary;
import ward.dicom.Tag;
import ward.dicom.Tags;
import ward.dicom.VR;
import ward.dicom.Value;

/**
 * Builds the data set of one match (PS3.4 C.4.1.2.3): the requested return keys the match's level
 * and the levels above hold (zero-length when the match has no value; keys of lower levels are left
 * out), every recorded attribute when all are asked for, the unique keys of the level and above,
 * and the level's computed counts (those of the levels above, and a study's lists of modalities and
 * SOP classes, only when asked for).
 *
 * <p>The stored attributes come back from JSON with UTF-8 text, so a match whose text is all ASCII
 * needs no Specific Character Set and any other gets "ISO_IR 192".
 */
final class MatchBuilder {
  private static final int[] UNIQUE_KEYS = {
    Tags.PatientID, Tags.StudyInstanceUID, Tags.SeriesInstanceUID, Tags.SOPInstanceUID
  };

  private final Level level;
  private final boolean all;
  private final List<Element> requested = new ArrayList<>();

  MatchBuilder(Level level, DataSet keys, boolean allAttributes) {
    this.level = level;
    this.all = allAttributes;
    if (keys != null) {
      for (Element e : keys) {
        if (!LevelAttributes.isControl(e.tag()) && holds(e.tag())) {
          requested.add(e);
        }
      }
    }
  }

  /** Whether a match at this level holds an attribute: it belongs to this level or one above. */
  private boolean holds(int tag) {
    return LevelAttributes.levelOf(tag).compareTo(level) <= 0;
  }

  /**
   * Whether the matches need a list computed per study (Modalities in Study, SOP Classes in Study):
   * only when it is asked for, or all attributes are. Each is read from the series or instance rows
   * of every matched study, which costs a wide query more than the rest of its answer.
   */
  boolean needs(int studyList) {
    if (level.compareTo(Level.STUDY) < 0) {
      return false;
    }
    return all || requested.stream().anyMatch(e -> e.tag() == studyList);
  }

  /**
   * The match's data set.
   *
   * @param attributes the recorded attributes of each level down to the match's
   * @param computed the computed attributes of those levels
   */
  DataSet build(Map<Level, DataSet> attributes, DataSet computed) {
    DataSet.Builder b = DataSet.builder();
    if (all) {
      for (DataSet ds : attributes.values()) {
        for (Element e : ds) {
          if (!LevelAttributes.isControl(e.tag())) {
            b.add(e);
          }
        }
      }
      for (Element e : computed) {
        b.add(e);
      }
    }
    for (Element key : requested) {
      Element value = lookup(key.tag(), attributes, computed);
      b.add(value != null ? value : empty(key.tag(), key.vr()));
    }
    for (int tag : UNIQUE_KEYS) {
      if (holds(tag)) {
        Element value = lookup(tag, attributes, computed);
        b.add(value != null ? value : empty(tag, ElementDictionary.vrOf(tag)));
      }
    }
    for (Element e : computed) {
      // the level's counts always; a study's lists were computed only when asked for
      if (LevelAttributes.levelOf(e.tag()) == level) {
        b.add(e);
      }
    }
    DataSet match = b.build();
    if (!isAscii(match)) {
      match = match.toBuilder().setString(Tag.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 192").build();
    }
    return match;
  }

  private static Element empty(int tag, VR vr) {
    return new Element(tag, vr, vr == VR.SQ ? new Value.Sequence(List.of()) : Value.EMPTY);
  }

  private static Element lookup(int tag, Map<Level, DataSet> attributes, DataSet computed) {
    if (LevelAttributes.isComputed(tag)) {
      return computed.get(tag);
    }
    DataSet ds = attributes.get(LevelAttributes.levelOf(tag));
    return ds == null ? null : ds.get(tag);
  }

  /** Whether every text value of a character-set VR, in items too, is ASCII. */
  static boolean isAscii(DataSet ds) {
    for (Element e : ds) {
      if (e.value() instanceof Value.Sequence s) {
        for (DataSet item : s.items()) {
          if (!isAscii(item)) {
            return false;
          }
        }
      } else if (e.vr().usesSpecificCharacterSet() && e.value() instanceof Value.Bytes v) {
        for (byte x : v.bytes()) {
          if (x < 0) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
