package ward.dicom;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Deterministic damage to a Part 10 file: truncations, flipped bits, changed bytes and broken
 * length fields. Each damaged copy is handed to a {@link Sink} with a description that is enough to
 * make it again.
 */
final class Part10Mutations {

  /** Receives damaged copies. */
  @FunctionalInterface
  interface Sink {
    void accept(String description, byte[] damaged) throws IOException;
  }

  /** Truncations at this many evenly spread lengths, when not at every length. */
  static final int SPREAD_TRUNCATIONS = 200;

  /** Truncation points around each element boundary: inside the tag, VR and length fields. */
  private static final int[] AROUND_BOUNDARY = {-1, 0, 1, 2, 4, 6, 8};

  private Part10Mutations() {}

  /**
   * Truncations: at every length when {@code everyLength}, else at evenly spread lengths, every
   * length of the preamble and first header, and around every element boundary {@code layout} knows
   * (around none when {@code layout} is null).
   */
  static void truncations(byte[] original, Part10Layout layout, boolean everyLength, Sink sink)
      throws IOException {
    int length = original.length;
    TreeSet<Integer> ends = new TreeSet<>();
    if (everyLength) {
      for (int i = 0; i < length; i++) {
        ends.add(i);
      }
    } else {
      for (int i = 0; i < SPREAD_TRUNCATIONS; i++) {
        ends.add((int) ((long) length * i / SPREAD_TRUNCATIONS));
      }
      for (int i = 0; i < Math.min(length, 132 + 12); i++) {
        ends.add(i);
      }
      if (layout != null) {
        for (int b : layout.boundaries()) {
          for (int d : AROUND_BOUNDARY) {
            if (b + d >= 0 && b + d < length) {
              ends.add(b + d);
            }
          }
        }
      }
    }
    for (int end : ends) {
      sink.accept("truncated to " + end + " bytes", Arrays.copyOf(original, end));
    }
  }

  /**
   * Single bit flips and single byte changes at seeded random positions, half of them in the first
   * 2 KiB where the headers are.
   */
  static void flips(byte[] original, long seed, int bitFlips, int byteChanges, Sink sink)
      throws IOException {
    Random random = new Random(seed);
    for (int i = 0; i < bitFlips; i++) {
      int at = position(random, original.length, i);
      int bit = random.nextInt(8);
      byte[] m = original.clone();
      m[at] ^= (byte) (1 << bit);
      sink.accept("bit " + bit + " of byte " + at + " flipped", m);
    }
    for (int i = 0; i < byteChanges; i++) {
      int at = position(random, original.length, i);
      int value = random.nextInt(256);
      byte[] m = original.clone();
      m[at] = (byte) value;
      sink.accept("byte " + at + " set to 0x" + Integer.toHexString(value), m);
    }
  }

  private static int position(Random random, int length, int i) {
    return random.nextInt(i % 2 == 0 ? length : Math.min(length, 2048));
  }

  /**
   * Length fields (at most {@code maxFields} of them, evenly chosen) set to zero, one more, one
   * less, the top bit flipped, undefined (all ones), one less than undefined, and the file's
   * length.
   */
  static void lengthFields(byte[] original, Part10Layout layout, int maxFields, Sink sink)
      throws IOException {
    List<Part10Layout.LengthField> fields = layout.lengthFields();
    int chosen = Math.min(fields.size(), maxFields);
    for (int i = 0; i < chosen; i++) {
      Part10Layout.LengthField field = fields.get((int) ((long) i * fields.size() / chosen));
      long was = read(original, field);
      long max = field.size() == 2 ? 0xFFFFL : 0xFFFFFFFFL;
      long top = field.size() == 2 ? 0x8000L : 0x80000000L;
      long[] values = {
        0, was + 1, Math.max(0, was - 1), was ^ top, max, max - 1, Math.min(max, original.length)
      };
      for (long value : values) {
        byte[] m = original.clone();
        write(m, field, value);
        sink.accept(
            "length field at " + field.offset() + " changed from " + was + " to " + (value & max),
            m);
      }
    }
  }

  private static long read(byte[] b, Part10Layout.LengthField f) {
    long v = 0;
    for (int i = 0; i < f.size(); i++) {
      int at = f.bigEndian() ? f.offset() + i : f.offset() + f.size() - 1 - i;
      v = (v << 8) | (b[at] & 0xFF);
    }
    return v;
  }

  private static void write(byte[] b, Part10Layout.LengthField f, long value) {
    for (int i = 0; i < f.size(); i++) {
      int at = f.bigEndian() ? f.offset() + f.size() - 1 - i : f.offset() + i;
      b[at] = (byte) (value >>> (8 * i));
    }
  }
}
