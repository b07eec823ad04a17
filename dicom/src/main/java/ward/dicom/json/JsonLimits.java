package ward.dicom.json;

/**
 * Bounds that keep hostile JSON from harming the process. Input beyond any of them is refused with
 * a {@link DicomJsonException} naming the limit.
 *
 * @param maxInputChars longest input, in chars
 * @param maxDepth deepest nesting of arrays and objects (a DICOM sequence nests three levels per
 *     item: element object, "Value" array, item object)
 * @param maxStringChars longest string, once unescaped (an "InlineBinary" is one string)
 * @param maxNumberChars longest number literal
 * @param maxValues most JSON values (objects, arrays, strings, numbers, literals) in one input
 */
public record JsonLimits(
    long maxInputChars, int maxDepth, int maxStringChars, int maxNumberChars, long maxValues) {

  /**
   * Limits for metadata received from clients: 64 Mi chars of input, 128 levels (about 40 levels of
   * sequences), strings of 64 Mi chars, numbers of 64 chars and two million values.
   */
  public static final JsonLimits DEFAULT = new JsonLimits(1L << 26, 128, 1 << 26, 64, 2_000_000);

  public JsonLimits {
    if (maxInputChars < 1
        || maxDepth < 1
        || maxStringChars < 0
        || maxNumberChars < 1
        || maxValues < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public JsonLimits withMaxInputChars(long v) {
    return new JsonLimits(v, maxDepth, maxStringChars, maxNumberChars, maxValues);
  }

  public JsonLimits withMaxDepth(int v) {
    return new JsonLimits(maxInputChars, v, maxStringChars, maxNumberChars, maxValues);
  }

  public JsonLimits withMaxStringChars(int v) {
    return new JsonLimits(maxInputChars, maxDepth, v, maxNumberChars, maxValues);
  }

  public JsonLimits withMaxNumberChars(int v) {
    return new JsonLimits(maxInputChars, maxDepth, maxStringChars, v, maxValues);
  }

  public JsonLimits withMaxValues(long v) {
    return new JsonLimits(maxInputChars, maxDepth, maxStringChars, maxNumberChars, v);
  }
}
