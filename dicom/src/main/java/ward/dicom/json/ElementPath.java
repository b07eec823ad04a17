package ward.dicom.json;

import ward.dicom.Tag;

/**
 * Where an element is in a data set: its tag, and for an element of a sequence item, the path of
 * the sequence and the item's zero-based index.
 *
 * @param parent the sequence holding the item the element is in, or null at the top level
 * @param itemIndex the zero-based index of that item, or -1 at the top level
 * @param tag the element's tag
 */
public record ElementPath(ElementPath parent, int itemIndex, int tag) {

  public ElementPath {
    if ((parent == null) != (itemIndex < 0)) {
      throw new IllegalArgumentException("an item index goes with a parent sequence");
    }
  }

  /** An element of the top-level data set. */
  public static ElementPath of(int tag) {
    return new ElementPath(null, -1, tag);
  }

  /** An element of item {@code itemIndex} of this sequence. */
  public ElementPath child(int itemIndex, int tag) {
    if (itemIndex < 0) {
      throw new IllegalArgumentException("negative item index");
    }
    return new ElementPath(this, itemIndex, tag);
  }

  /** 0 for a top-level element, 1 for an element of an item of a top-level sequence, ... */
  public int depth() {
    return parent == null ? 0 : parent.depth() + 1;
  }

  /** Tags and item indexes separated by slashes, for example {@code 00540016/0/00181072}. */
  @Override
  public String toString() {
    return parent == null ? Tag.toHex(tag) : parent + "/" + itemIndex + "/" + Tag.toHex(tag);
  }
}
