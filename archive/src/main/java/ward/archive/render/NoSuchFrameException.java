package ward.archive.render;

/**
 * A frame number outside 1..{@link #frameCount()}, or an instance without pixel data. DICOMweb
 * answers a number below 1 with 400 (the request is malformed) and one beyond the count with 404.
 */
public final class NoSuchFrameException extends PixelDataException {
  private static final long serialVersionUID = 1L;

  private final int frame;
  private final int frameCount;

  NoSuchFrameException(int frame, int frameCount) {
    super(
        frameCount == 0
            ? "the instance has no pixel data, so no frame " + frame
            : frame < 1
                ? "frame numbers start at 1, not " + frame
                : "frame " + frame + " does not exist: the instance has " + frameCount);
    this.frame = frame;
    this.frameCount = frameCount;
  }

  public int frame() {
    return frame;
  }

  /** Frames the instance holds; 0 when it has no pixel data. */
  public int frameCount() {
    return frameCount;
  }

  /** True when the number could never name a frame (below 1): a malformed request. */
  public boolean malformedNumber() {
    return frame < 1;
  }
}
