package ward.archive.render;

import java.util.Arrays;

/**
 * A run of pixel data bytes as they are encoded: held in memory, or a region of the stored instance
 * that is read when a frame needs it. Also keeps up to the run's last ten bytes, where a JPEG
 * end-of-image marker would be.
 */
final class Piece {
  static final int TAIL = 10;

  private final byte[] memory;
  private final long offset;
  private final long length;
  private final byte[] tail;

  /**
   * @param memory the bytes when held in memory, else null
   * @param offset where the run starts: in {@code memory}, or in the instance
   * @param length the run's length in bytes
   * @param tail the run's last bytes (up to ten)
   */
  Piece(byte[] memory, long offset, long length, byte[] tail) {
    this.memory = memory;
    this.offset = offset;
    this.length = length;
    this.tail = tail;
  }

  static Piece inMemory(byte[] bytes) {
    int k = Math.min(TAIL, bytes.length);
    return new Piece(
        bytes, 0, bytes.length, Arrays.copyOfRange(bytes, bytes.length - k, bytes.length));
  }

  /** The bytes when held in memory, else null. */
  byte[] memory() {
    return memory;
  }

  long offset() {
    return offset;
  }

  long length() {
    return length;
  }

  byte[] tail() {
    return tail;
  }

  /** The part of this run from {@code start}, {@code length} bytes long. */
  Piece slice(long start, long sliceLength) {
    return new Piece(memory, offset + start, sliceLength, new byte[0]);
  }
}
