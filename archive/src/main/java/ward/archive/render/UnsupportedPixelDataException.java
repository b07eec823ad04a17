package ward.archive.render;

/**
 * Pixel data Ward stores and serves as it is but does not decode: a compressed transfer syntax
 * without a decoder here (JPEG-LS, JPEG 2000, ...), or a pixel layout the renderer does not handle
 * (palette colour, float pixel data, unaligned bit-packed frames). DICOMweb answers a rendered
 * request with 406 and a frame request in another syntax with 415 or 406, as the context says.
 */
public final class UnsupportedPixelDataException extends PixelDataException {
  private static final long serialVersionUID = 1L;

  private final String transferSyntaxUid;

  UnsupportedPixelDataException(String message, String transferSyntaxUid) {
    super(message);
    this.transferSyntaxUid = transferSyntaxUid;
  }

  static UnsupportedPixelDataException transferSyntax(String uid) {
    return new UnsupportedPixelDataException("unsupported transfer syntax " + uid, uid);
  }

  /** The transfer syntax of the pixel data the message is about. */
  public String transferSyntaxUid() {
    return transferSyntaxUid;
  }
}
