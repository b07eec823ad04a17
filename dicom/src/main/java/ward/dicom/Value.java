package ward.dicom;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The value of a data element. Binary numbers are held in little-endian byte order whatever the
 * encoding they were read from; text is held as the encoded bytes and decoded on access with the
 * character set in force.
 */
public sealed interface Value permits Value.Binary, Value.Sequence, Value.Fragments {

  /** Length in bytes of the value as it is encoded, excluding item framing. */
  long length();

  /** A run of bytes: in memory, or a reference to bulk data. */
  sealed interface Binary extends Value permits Bytes, BulkData {}

  Bytes EMPTY = new Bytes(new byte[0]);

  /** A value held in memory. The array is owned by the value: callers must not change it. */
  record Bytes(byte[] bytes) implements Binary {
    @Override
    public long length() {
      return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      int n = Math.min(bytes.length, 16);
      return "Bytes["
          + bytes.length
          + ": "
          + HexFormat.of().formatHex(bytes, 0, n)
          + (n < bytes.length ? "..." : "")
          + "]";
    }
  }

  /** A sequence of items (VR SQ, or UN of undefined length). */
  record Sequence(List<DataSet> items) implements Value {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public long length() {
      return -1;
    }
  }

  /**
   * Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table first (possibly empty), then the
   * fragments.
   */
  record Fragments(List<Binary> fragments) implements Value {
    public Fragments {
      fragments = List.copyOf(fragments);
    }

    @Override
    public long length() {
      return -1;
    }

    public Binary offsetTable() {
      return fragments.isEmpty() ? EMPTY : fragments.get(0);
    }
  }
}
