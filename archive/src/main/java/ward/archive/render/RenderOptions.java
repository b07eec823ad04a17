package ward.archive.render;

/**
 * How to render a frame.
 *
 * @param window the VOI window to use, or null for the instance's first window, else the frame's
 *     minimum to maximum; ignored for colour images
 * @param viewport the box to scale the image to fit, or null for the image's own size
 */
public record RenderOptions(Window window, Viewport viewport) {

  /** The instance's own window, at the image's own size. */
  public static final RenderOptions DEFAULT = new RenderOptions(null, null);

  public RenderOptions withWindow(Window w) {
    return new RenderOptions(w, viewport);
  }

  public RenderOptions withViewport(Viewport v) {
    return new RenderOptions(window, v);
  }
}
