package ward.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * An immutable data set (or sequence item): elements in ascending tag order, and the Specific
 * Character Set in force for its text — its own (0008,0005), or the one of the data set that
 * contains it.
 *
 * <p>Typed accessors decode values on demand; they return null (or an empty array) when the element
 * is absent or empty, and throw {@link IllegalArgumentException} when a value cannot be read as the
 * type asked for.
 */
public final class DataSet implements Iterable<Element> {

  public static final DataSet EMPTY =
      new DataSet(new int[0], new Element[0], SpecificCharacterSet.DEFAULT);

  private final int[] tags;
  private final Element[] elements;
  private final SpecificCharacterSet charset;

  private DataSet(int[] tags, Element[] elements, SpecificCharacterSet charset) {
    this.tags = tags;
    this.elements = elements;
    this.charset = charset;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this data set's elements, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (Element e : elements) {
      b.add(e);
    }
    return b;
  }

  public int size() {
    return elements.length;
  }

  public boolean isEmpty() {
    return elements.length == 0;
  }

  /** The character set that decodes this data set's text. */
  public SpecificCharacterSet charset() {
    return charset;
  }

  public List<Element> elements() {
    return new AbstractList<>() {
      @Override
      public Element get(int index) {
        return elements[index];
      }

      @Override
      public int size() {
        return elements.length;
      }
    };
  }

  @Override
  public Iterator<Element> iterator() {
    return elements().iterator();
  }

  public boolean contains(int tag) {
    return indexOf(tag) >= 0;
  }

  /** The element with this tag, or null. */
  public Element get(int tag) {
    int i = indexOf(tag);
    return i >= 0 ? elements[i] : null;
  }

  private int indexOf(int tag) {
    int lo = 0;
    int hi = tags.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Integer.compareUnsigned(tags[mid], tag);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  private byte[] bytesOf(int tag) {
    Element e = get(tag);
    if (e == null) {
      return null;
    }
    if (e.value() instanceof Value.Bytes b) {
      return b.bytes();
    }
    throw new IllegalArgumentException(
        Tag.toString(tag) + " holds " + e.value().getClass().getSimpleName() + ", not bytes");
  }

  /** The value bytes of an element held in memory (binary numbers little endian), or null. */
  public byte[] getBytes(int tag) {
    byte[] b = bytesOf(tag);
    return b == null ? null : b.clone();
  }

  /** All values of a text element, decoded and with insignificant padding removed. */
  public String[] getStrings(int tag) {
    Element e = get(tag);
    if (e == null) {
      return new String[0];
    }
    if (!e.vr().isText()) {
      return binaryAsStrings(e);
    }
    return TextValues.decode(bytesOf(tag), e.vr(), charset);
  }

  /** The first value of a text element, or null when it is absent or empty. */
  public String getString(int tag) {
    String[] values = getStrings(tag);
    return values.length == 0 || values[0].isEmpty() ? null : values[0];
  }

  public String getString(int tag, String defaultValue) {
    String s = getString(tag);
    return s == null ? defaultValue : s;
  }

  private String[] binaryAsStrings(Element e) {
    if (e.vr() == VR.AT) {
      return Arrays.stream(getTags(e.tag())).mapToObj(Tag::toHex).toArray(String[]::new);
    }
    if (e.vr().kind() == VR.Kind.BINARY_NUMBER) {
      if (e.vr() == VR.FL || e.vr() == VR.FD) {
        return Arrays.stream(getDoubles(e.tag())).mapToObj(Double::toString).toArray(String[]::new);
      }
      return Arrays.stream(getLongs(e.tag())).mapToObj(Long::toString).toArray(String[]::new);
    }
    throw new IllegalArgumentException(Tag.toString(e.tag()) + " " + e.vr() + " is not text");
  }

  /**
   * All values of a numeric element as longs: US, SS, UL, SL, SV, UV (UV above 2^63 wraps, use
   * {@link Long#toUnsignedString}) and IS.
   */
  public long[] getLongs(int tag) {
    Element e = get(tag);
    if (e == null) {
      return new long[0];
    }
    byte[] b = bytesOf(tag);
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    VR vr = e.vr();
    return switch (vr) {
      case US -> {
        long[] r = new long[b.length / 2];
        for (int i = 0; i < r.length; i++) {
          r[i] = buf.getShort(2 * i) & 0xFFFF;
        }
        yield r;
      }
      case SS -> {
        long[] r = new long[b.length / 2];
        for (int i = 0; i < r.length; i++) {
          r[i] = buf.getShort(2 * i);
        }
        yield r;
      }
      case UL -> {
        long[] r = new long[b.length / 4];
        for (int i = 0; i < r.length; i++) {
          r[i] = buf.getInt(4 * i) & 0xFFFFFFFFL;
        }
        yield r;
      }
      case SL -> {
        long[] r = new long[b.length / 4];
        for (int i = 0; i < r.length; i++) {
          r[i] = buf.getInt(4 * i);
        }
        yield r;
      }
      case SV, UV -> {
        long[] r = new long[b.length / 8];
        for (int i = 0; i < r.length; i++) {
          r[i] = buf.getLong(8 * i);
        }
        yield r;
      }
      case IS -> {
        String[] s = TextValues.decode(b, vr, charset);
        long[] r = new long[s.length];
        for (int i = 0; i < s.length; i++) {
          r[i] = TextValues.parseIntegerString(s[i], tag);
        }
        yield r;
      }
      default ->
          throw new IllegalArgumentException(Tag.toString(tag) + " " + vr + " is not an integer");
    };
  }

  /** All values as ints; throws when a value does not fit. */
  public int[] getInts(int tag) {
    long[] l = getLongs(tag);
    int[] r = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      r[i] = Math.toIntExact(l[i]);
    }
    return r;
  }

  /** The first integer value, or {@code defaultValue} when absent or empty. */
  public int getInt(int tag, int defaultValue) {
    long[] l = getLongs(tag);
    return l.length == 0 ? defaultValue : Math.toIntExact(l[0]);
  }

  /** All values of FL, FD, OF, OD, DS or IS elements, and of the integer VRs. */
  public double[] getDoubles(int tag) {
    Element e = get(tag);
    if (e == null) {
      return new double[0];
    }
    VR vr = e.vr();
    byte[] b = bytesOf(tag);
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    switch (vr) {
      case FL, OF -> {
        double[] r = new double[b.length / 4];
        for (int i = 0; i < r.length; i++) {
          r[i] = buf.getFloat(4 * i);
        }
        return r;
      }
      case FD, OD -> {
        double[] r = new double[b.length / 8];
        for (int i = 0; i < r.length; i++) {
          r[i] = buf.getDouble(8 * i);
        }
        return r;
      }
      case DS -> {
        String[] s = TextValues.decode(b, vr, charset);
        double[] r = new double[s.length];
        for (int i = 0; i < s.length; i++) {
          r[i] = TextValues.parseDecimalString(s[i], tag);
        }
        return r;
      }
      default -> {
        return Arrays.stream(getLongs(tag)).asDoubleStream().toArray();
      }
    }
  }

  /** Tags held by an AT element. */
  public int[] getTags(int tag) {
    byte[] b = bytesOf(tag);
    if (b == null) {
      return new int[0];
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int[] r = new int[b.length / 4];
    for (int i = 0; i < r.length; i++) {
      r[i] = ((buf.getShort(4 * i) & 0xFFFF) << 16) | (buf.getShort(4 * i + 2) & 0xFFFF);
    }
    return r;
  }

  /** The first value of a DA element; null when absent or empty. */
  public LocalDate getDate(int tag) {
    String s = getString(tag);
    return s == null ? null : DateTimeValues.parseDate(s, tag);
  }

  /** The first value of a TM element, with missing minutes or seconds taken as zero. */
  public LocalTime getTime(int tag) {
    String s = getString(tag);
    return s == null ? null : DateTimeValues.parseTime(s, tag);
  }

  /** The first value of a DT element. */
  public DateTimeValues.DateTime getDateTime(int tag) {
    String s = getString(tag);
    return s == null ? null : DateTimeValues.parseDateTime(s, tag);
  }

  /** The first value of a PN element. */
  public PersonName getPersonName(int tag) {
    String s = getString(tag);
    return s == null ? null : PersonName.parse(s);
  }

  /** The items of a sequence; empty when the element is absent or not a sequence. */
  public List<DataSet> getSequence(int tag) {
    Element e = get(tag);
    return e != null && e.value() instanceof Value.Sequence s ? s.items() : List.of();
  }

  /**
   * The private creator that reserves the block of a private tag (PS3.5 7.8.1), or null when the
   * tag is not a private data element or its creator is missing.
   */
  public String privateCreatorOf(int tag) {
    if (!Tag.isPrivate(tag) || (tag & 0xFFFF) < 0x1000) {
      return null;
    }
    int creatorTag = (tag & 0xFFFF0000) | ((tag >>> 8) & 0xFF);
    return getString(creatorTag);
  }

  /**
   * The tag of a private element given its creator, odd group and element offset (0x00-0xFF), or -1
   * when no block of that creator is reserved in the group.
   */
  public int privateTag(String creator, int group, int elementOffset) {
    for (int block = 0x10; block <= 0xFF; block++) {
      int creatorTag = (group << 16) | block;
      if (creator.equals(getString(creatorTag))) {
        return (group << 16) | (block << 8) | (elementOffset & 0xFF);
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataSet other && Arrays.equals(elements, other.elements);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(elements);
  }

  @Override
  public String toString() {
    return "DataSet" + elements();
  }

  /** Collects elements; the last element added for a tag wins. Not thread-safe. */
  public static final class Builder {
    private int[] tags = new int[16];
    private Element[] elements = new Element[16];
    private int size;
    private boolean sorted = true;
    private SpecificCharacterSet inherited = SpecificCharacterSet.DEFAULT;

    private Builder() {}

    /**
     * For an item: the character set of the enclosing data set, which encodes this builder's text
     * unless it sets its own (0008,0005), and which {@link #build()} gives the item.
     */
    public Builder inheritCharset(SpecificCharacterSet charset) {
      this.inherited = charset;
      return this;
    }

    public Builder add(Element e) {
      if (size > 0 && Integer.compareUnsigned(tags[size - 1], e.tag()) >= 0) {
        if (tags[size - 1] == e.tag()) {
          elements[size - 1] = e;
          return this;
        }
        sorted = false;
      }
      if (size == tags.length) {
        tags = Arrays.copyOf(tags, size * 2);
        elements = Arrays.copyOf(elements, size * 2);
      }
      tags[size] = e.tag();
      elements[size] = e;
      size++;
      return this;
    }

    public Builder add(int tag, VR vr, Value value) {
      return add(new Element(tag, vr, value));
    }

    public Builder remove(int tag) {
      normalize();
      int w = 0;
      for (int i = 0; i < size; i++) {
        if (tags[i] != tag) {
          tags[w] = tags[i];
          elements[w] = elements[i];
          w++;
        }
      }
      Arrays.fill(elements, w, size, null);
      size = w;
      return this;
    }

    public Element get(int tag) {
      normalize();
      for (int i = size - 1; i >= 0; i--) {
        if (tags[i] == tag) {
          return elements[i];
        }
      }
      return null;
    }

    /** Sets a text element, encoding the values with this builder's character set. */
    public Builder setString(int tag, VR vr, String... values) {
      byte[] encoded = TextValues.encode(values, vr, charset());
      return add(tag, vr, new Value.Bytes(encoded));
    }

    /** Sets a binary numeric element (US, SS, UL, SL, SV, UV) or IS. */
    public Builder setInts(int tag, VR vr, long... values) {
      if (vr == VR.IS) {
        return setString(
            tag, vr, Arrays.stream(values).mapToObj(Long::toString).toArray(String[]::new));
      }
      int unit =
          switch (vr) {
            case US, SS -> 2;
            case UL, SL -> 4;
            case SV, UV -> 8;
            default -> throw new IllegalArgumentException(vr + " is not an integer VR");
          };
      ByteBuffer buf = ByteBuffer.allocate(values.length * unit).order(ByteOrder.LITTLE_ENDIAN);
      for (long v : values) {
        switch (unit) {
          case 2 -> buf.putShort((short) v);
          case 4 -> buf.putInt((int) v);
          default -> buf.putLong(v);
        }
      }
      return add(tag, vr, new Value.Bytes(buf.array()));
    }

    /** Sets an FL, FD or DS element. */
    public Builder setDoubles(int tag, VR vr, double... values) {
      switch (vr) {
        case FL -> {
          ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
          for (double v : values) {
            buf.putFloat((float) v);
          }
          return add(tag, vr, new Value.Bytes(buf.array()));
        }
        case FD -> {
          ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
          for (double v : values) {
            buf.putDouble(v);
          }
          return add(tag, vr, new Value.Bytes(buf.array()));
        }
        case DS -> {
          String[] s = new String[values.length];
          for (int i = 0; i < s.length; i++) {
            s[i] = TextValues.formatDecimalString(values[i]);
          }
          return setString(tag, vr, s);
        }
        default -> throw new IllegalArgumentException(vr + " is not a floating point VR");
      }
    }

    public Builder setBytes(int tag, VR vr, byte[] bytes) {
      return add(tag, vr, new Value.Bytes(bytes.clone()));
    }

    public Builder setSequence(int tag, List<DataSet> items) {
      return add(tag, VR.SQ, new Value.Sequence(items));
    }

    public Builder setTags(int tag, int... values) {
      ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int v : values) {
        buf.putShort((short) (v >>> 16)).putShort((short) v);
      }
      return add(tag, VR.AT, new Value.Bytes(buf.array()));
    }

    private SpecificCharacterSet charset() {
      Element cs = get(Tag.SPECIFIC_CHARACTER_SET);
      return cs == null ? inherited : charsetOf(cs);
    }

    private void normalize() {
      if (sorted) {
        return;
      }
      List<Element> list = new ArrayList<>(Arrays.asList(elements).subList(0, size));
      // stable sort keeps the insertion order of equal tags, so the last one added wins below
      list.sort((a, b) -> Integer.compareUnsigned(a.tag(), b.tag()));
      int w = 0;
      for (Element e : list) {
        if (w > 0 && tags[w - 1] == e.tag()) {
          elements[w - 1] = e;
        } else {
          tags[w] = e.tag();
          elements[w] = e;
          w++;
        }
      }
      Arrays.fill(elements, w, size, null);
      size = w;
      sorted = true;
    }

    /** Builds a data set: top level, or an item with the character set it inherits. */
    public DataSet build() {
      return build(inherited);
    }

    /** Builds an item of a sequence, inheriting the character set of the enclosing data set. */
    public DataSet build(SpecificCharacterSet inherited) {
      normalize();
      Element cs = get(Tag.SPECIFIC_CHARACTER_SET);
      SpecificCharacterSet charset = cs == null ? inherited : charsetOf(cs);
      return new DataSet(Arrays.copyOf(tags, size), Arrays.copyOf(elements, size), charset);
    }
  }

  /** Files use a handful of (0008,0005) values: each is parsed once. */
  private static final java.util.Map<String, SpecificCharacterSet> CHARSETS =
      new java.util.concurrent.ConcurrentHashMap<>();

  static SpecificCharacterSet charsetOf(Element specificCharacterSet) {
    if (!(specificCharacterSet.value() instanceof Value.Bytes b)) {
      return SpecificCharacterSet.DEFAULT;
    }
    String value = new String(b.bytes(), StandardCharsets.ISO_8859_1);
    SpecificCharacterSet cached = CHARSETS.get(value);
    if (cached != null) {
      return cached;
    }
    SpecificCharacterSet cs = SpecificCharacterSet.of(value.split("\\\\", -1));
    if (CHARSETS.size() < 256) {
      CHARSETS.put(value, cs);
    }
    return cs;
  }
}
