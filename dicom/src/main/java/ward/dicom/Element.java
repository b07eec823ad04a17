package ward.dicom;

/** A data element: tag, VR and value. */
public record Element(int tag, VR vr, Value value) {
  public Element {
    if (vr == null || value == null) {
      throw new IllegalArgumentException(
          "element " + Tag.toString(tag) + " needs a VR and a value");
    }
  }

  public boolean isEmpty() {
    if (value instanceof Value.Sequence s) {
      return s.items().isEmpty();
    }
    return value instanceof Value.Binary b && b.length() == 0;
  }

  @Override
  public String toString() {
    return Tag.toString(tag) + " " + vr + " " + value;
  }
}
