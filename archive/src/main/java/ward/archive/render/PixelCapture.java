package ward.archive.render;

import java.io.IOException;
import java.io.InputStream;
import java.util.IdentityHashMap;
import ward.dicom.BulkDataHandler;
import ward.dicom.DicomFormatException;
import ward.dicom.ReadLimits;
import ward.dicom.ReadOptions;
import ward.dicom.Tags;
import ward.dicom.Value;

/**
 * Keeps every pixel data value and fragment where it is, noting its position and its last bytes;
 * other large values are read as usual. The values it returns are empty stand-ins, told apart by
 * identity, so the data set says which stand-in belongs to the top-level Pixel Data element and
 * which to an icon image nested in a sequence.
 */
final class PixelCapture implements BulkDataHandler {
  private final ReadLimits limits = ReadLimits.DEFAULT;
  private final IdentityHashMap<Value, Piece> pieces = new IdentityHashMap<>();

  ReadOptions options() {
    return ReadOptions.DEFAULT.withBulkData(0, this);
  }

  @Override
  public Value.Binary onBulkData(Location location, InputStream value) throws IOException {
    if (location.length() > limits.maxValueBytes()) {
      throw new DicomFormatException(
          location.offset(),
          "a value of "
              + location.length()
              + " bytes is above the limit of "
              + limits.maxValueBytes());
    }
    boolean pixelData = location.tag() == Tags.PixelData;
    if (!pixelData) {
      return BulkDataHandler.IN_MEMORY.onBulkData(location, value);
    }
    if (location.inflated()) {
      // A deflated data set has no file offsets to come back to.
      byte[] raw = value.readNBytes((int) location.length());
      Value.Bytes held = new Value.Bytes(raw);
      pieces.put(held, Piece.inMemory(raw));
      return held;
    }
    byte[] tail = new byte[0];
    if (location.fragment()) {
      int k = (int) Math.min(Piece.TAIL, location.length());
      value.skipNBytes(location.length() - k);
      tail = value.readNBytes(k);
    }
    Value.Bytes standIn = new Value.Bytes(new byte[0]);
    pieces.put(standIn, new Piece(null, location.offset(), location.length(), tail));
    return standIn;
  }

  /** The piece behind a value of the top-level pixel data. */
  Piece piece(Value.Binary value) throws DicomFormatException {
    Piece p = pieces.get(value);
    if (p != null) {
      return p;
    }
    if (value instanceof Value.Bytes b) {
      // Held in memory by the reader: a Basic Offset Table or an empty value.
      return Piece.inMemory(b.bytes());
    }
    throw new DicomFormatException(0, "pixel data held as " + value);
  }
}
