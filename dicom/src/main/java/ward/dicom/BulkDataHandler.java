package ward.dicom;

import java.io.IOException;
import java.io.InputStream;

/**
 * Decides what becomes of a large value (pixel data, large OB/OW/OF/OD/OL/OV/UN, or a pixel data
 * fragment) while a data set is read: keep a reference to where it is, copy it somewhere, or read
 * it. Bytes the handler does not consume are skipped by the reader.
 */
@FunctionalInterface
public interface BulkDataHandler {

  /**
   * @param location where the value is and how it is encoded
   * @param value exactly the value's bytes as they are encoded (big endian when the transfer syntax
   *     is)
   * @return the value to put in the data set
   */
  Value.Binary onBulkData(Location location, InputStream value) throws IOException;

  /**
   * Where a bulk value is.
   *
   * @param tag the element's tag (for fragments: the pixel data tag)
   * @param vr the element's VR
   * @param offset the value's offset in the input; a file offset unless {@code inflated}
   * @param length the value's length
   * @param swapUnit the unit whose bytes are reversed in the input (1 for little endian input)
   * @param inflated true when the offset counts bytes of an inflated (deflated) data set
   * @param fragment true for a fragment of encapsulated pixel data
   */
  record Location(
      int tag, VR vr, long offset, long length, int swapUnit, boolean inflated, boolean fragment) {}

  /** Reads the value into memory (the reader still enforces its limits). */
  BulkDataHandler IN_MEMORY =
      (location, value) -> {
        byte[] b = value.readNBytes((int) location.length());
        ByteOrderSwap.swap(b, 0, b.length, location.swapUnit());
        return new Value.Bytes(b);
      };
}
