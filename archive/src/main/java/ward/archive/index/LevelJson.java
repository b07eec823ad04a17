package ward.archive.index;

import ward.dicom.DataSet;
import ward.dicom.Element;
import ward.dicom.Tag;
import ward.dicom.Value;
import ward.dicom.json.DicomJson;
import ward.dicom.json.DicomJsonException;
import ward.dicom.json.JsonLimits;
import ward.dicom.json.JsonReadOptions;

/**
 * Each level's share of an instance's attributes ({@link LevelAttributes}), kept as DICOM JSON
 * (PS3.18 Annex F). JSON holds text as Unicode, so attributes read back carry UTF-8 text (and
 * "ISO_IR 192" when any is not ASCII) whatever character set they arrived in.
 */
final class LevelJson {
  private LevelJson() {}

  /**
   * The JSON is the index's own, so the limits only keep the parser's recursion bounded: the
   * reader's own limit on sequence depth (32) needs fewer than 128 levels of JSON.
   */
  private static final JsonReadOptions READ =
      JsonReadOptions.DEFAULT.withLimits(
          new JsonLimits(Long.MAX_VALUE, 512, Integer.MAX_VALUE, 64, Long.MAX_VALUE));

  /**
   * One level's share of an instance's attributes, without the character set's and the computed
   * attributes, pixel data and values not held in memory.
   */
  static String of(DataSet attributes, Level level) {
    DataSet.Builder b = DataSet.builder();
    Element charset = attributes.get(Tag.SPECIFIC_CHARACTER_SET);
    if (charset != null) {
      // the JSON writer decodes the text with the instance's character set
      b.add(charset);
    }
    for (Element e : attributes) {
      if (kept(e) && LevelAttributes.levelOf(e.tag()) == level) {
        b.add(e);
      }
    }
    return DicomJson.toJson(b.build());
  }

  private static boolean kept(Element e) {
    int tag = e.tag();
    return !LevelAttributes.isControl(tag)
        && !LevelAttributes.isComputed(tag)
        && tag != Tag.PIXEL_DATA
        && tag != Tag.FLOAT_PIXEL_DATA
        && tag != Tag.DOUBLE_FLOAT_PIXEL_DATA
        && (e.value() instanceof Value.Bytes || e.value() instanceof Value.Sequence);
  }

  /**
   * Checks that a level's JSON reads back before it is stored, so that no query ever meets
   * attributes it cannot answer from.
   *
   * @throws IllegalArgumentException when it does not
   */
  static void check(Level level, String json) {
    try {
      DicomJson.read(json, READ);
    } catch (DicomJsonException e) {
      throw new IllegalArgumentException(
          "the " + level + " attributes cannot be indexed: " + e.getMessage(), e);
    }
  }

  /** Reads a level's attributes back. */
  static DataSet read(String json) throws IndexException {
    try {
      return DicomJson.read(json, READ);
    } catch (DicomJsonException e) {
      throw new IndexException("stored attributes do not read back", e);
    }
  }
}
