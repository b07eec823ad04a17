package ward.archive.render;

/**
 * A frame cannot be served or rendered for a reason the client should hear about, not a fault of
 * the server: the frame does not exist, or its encoding is one Ward does not decode. A stored
 * instance whose pixel data is malformed is a {@link ward.dicom.DicomFormatException} instead.
 */
public abstract sealed class PixelDataException extends Exception
    permits NoSuchFrameException, UnsupportedPixelDataException {
  private static final long serialVersionUID = 1L;

  PixelDataException(String message) {
    super(message);
  }
}
