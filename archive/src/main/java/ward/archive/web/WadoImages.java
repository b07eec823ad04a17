package ward.archive.web;

import io.javalin.http.Context;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ward.archive.auth.Action;
import ward.archive.auth.Principal;
import ward.archive.index.IndexException;
import ward.archive.index.StoredInstance;
import ward.archive.render.FrameSet;
import ward.archive.render.ImageFormat;
import ward.archive.render.NoSuchFrameException;
import ward.archive.render.PixelDataException;
import ward.archive.render.RenderOptions;
import ward.archive.render.Renderer;
import ward.archive.render.UnsupportedPixelDataException;
import ward.archive.render.Viewport;
import ward.archive.render.Window;
import ward.archive.storage.BlobStore;
import ward.archive.web.multipart.MediaType;
import ward.archive.web.multipart.MultipartWriter;

/**
 * WADO-RS frames and rendered images (PS3.18 10.4.1.1.4, 10.4.1.1.5).
 *
 * <p>Frames are {@code multipart/related}, one part per frame asked for, in the order asked. Native
 * frames are {@code application/octet-stream} in explicit VR little endian byte order; compressed
 * frames are their stored bytes with the media type of their transfer syntax (PS3.18 Table 8.7.3-2:
 * {@code image/jpeg}, {@code image/jls}, {@code image/jp2}, {@code image/dicom-rle}, ...). Ward
 * does not transcode: an Accept that names another type or transfer syntax is 406.
 *
 * <p>Rendered images are JPEG (the default) or PNG, chosen by Accept, with the query parameters
 * {@code window=center,width[,function]}, {@code viewport=width,height} (PS3.18 8.3.5.1.3 orders it
 * width first) and {@code quality} (1 to 100, JPEG only).
 */
final class WadoImages {
  private static final String OCTETS = "application/octet-stream";
  private static final String EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";

  // PS3.18 Table 8.7.3-2: the media types of compressed frames, by transfer syntax.
  private static final Map<String, String> FRAME_TYPES =
      Map.ofEntries(
          Map.entry("1.2.840.10008.1.2.4.50", "image/jpeg"),
          Map.entry("1.2.840.10008.1.2.4.51", "image/jpeg"),
          Map.entry("1.2.840.10008.1.2.4.57", "image/jpeg"),
          Map.entry("1.2.840.10008.1.2.4.70", "image/jpeg"),
          Map.entry("1.2.840.10008.1.2.4.80", "image/jls"),
          Map.entry("1.2.840.10008.1.2.4.81", "image/jls"),
          Map.entry("1.2.840.10008.1.2.4.90", "image/jp2"),
          Map.entry("1.2.840.10008.1.2.4.91", "image/jp2"),
          Map.entry("1.2.840.10008.1.2.4.92", "image/jpx"),
          Map.entry("1.2.840.10008.1.2.4.93", "image/jpx"),
          Map.entry("1.2.840.10008.1.2.4.201", "image/jphc"),
          Map.entry("1.2.840.10008.1.2.4.202", "image/jphc"),
          Map.entry("1.2.840.10008.1.2.4.203", "image/jphc"),
          Map.entry("1.2.840.10008.1.2.5", "image/dicom-rle"),
          Map.entry("1.2.840.10008.1.2.4.100", "video/mpeg"),
          Map.entry("1.2.840.10008.1.2.4.101", "video/mpeg"),
          Map.entry("1.2.840.10008.1.2.4.102", "video/mp4"),
          Map.entry("1.2.840.10008.1.2.4.103", "video/mp4"),
          Map.entry("1.2.840.10008.1.2.4.104", "video/mp4"),
          Map.entry("1.2.840.10008.1.2.4.105", "video/mp4"),
          Map.entry("1.2.840.10008.1.2.4.106", "video/mp4"),
          Map.entry("1.2.840.10008.1.2.4.107", "video/H265"),
          Map.entry("1.2.840.10008.1.2.4.108", "video/H265"));

  private final StudyAccess access;
  private final BlobStore blobs;
  private final WebSettings settings;
  private final WebAudit audit;

  WadoImages(StudyAccess access, BlobStore blobs, WebSettings settings, WebAudit audit) {
    this.access = access;
    this.blobs = blobs;
    this.settings = settings;
    this.audit = audit;
  }

  /** GET .../instances/{instance}/frames/{frames}. */
  void frames(Context ctx, Principal caller) throws Exception {
    List<Integer> numbers = RequestValues.frameList(ctx.pathParam("frames"));
    StoredInstance instance = instance(ctx, caller);
    writeFrames(ctx, instance, open(instance), numbers);
    audit.read(ctx, caller, List.of(instance));
  }

  /** The top-level pixel data as bulk data: every frame. */
  void allFrames(Context ctx, StoredInstance instance) throws Exception {
    FrameSet frames = open(instance);
    List<Integer> numbers = new ArrayList<>();
    for (int n = 1; n <= frames.count(); n++) {
      numbers.add(n);
    }
    writeFrames(ctx, instance, frames, numbers);
  }

  /** GET .../instances/{instance}/rendered: the first frame. */
  void renderedInstance(Context ctx, Principal caller) throws Exception {
    StoredInstance instance = instance(ctx, caller);
    render(ctx, instance, 1);
    audit.read(ctx, caller, List.of(instance));
  }

  /** GET .../instances/{instance}/frames/{frame}/rendered. */
  void renderedFrame(Context ctx, Principal caller) throws Exception {
    int frame =
        RequestValues.integer(ctx.pathParam("frame"), "the frame number", 1, Integer.MAX_VALUE);
    StoredInstance instance = instance(ctx, caller);
    render(ctx, instance, frame);
    audit.read(ctx, caller, List.of(instance));
  }

  private void writeFrames(
      Context ctx, StoredInstance instance, FrameSet frames, List<Integer> numbers)
      throws Exception {
    String ts = frames.transferSyntax().uid();
    String type;
    String partTs;
    if (frames.transferSyntax().encapsulated()) {
      type = FRAME_TYPES.getOrDefault(ts, OCTETS);
      partTs = ts;
    } else {
      type = OCTETS;
      partTs = EXPLICIT_LITTLE;
    }
    for (int n : numbers) {
      try {
        frames.frameLength(n);
      } catch (NoSuchFrameException e) {
        throw problem(e);
      }
    }
    Accept accept = Accept.parse(ctx.header("Accept"));
    if (!accept.acceptsMultipart(type, partTs)) {
      throw WebException.notAcceptable(
          "these frames are served as multipart/related; type=\""
              + type
              + "\" in transfer syntax "
              + partTs
              + "; Ward does not transcode");
    }
    String url =
        Urls.of(ctx, settings)
            .instance(
                instance.studyInstanceUid(),
                instance.seriesInstanceUid(),
                instance.sopInstanceUid());
    MultipartWriter writer = new MultipartWriter(ctx.outputStream(), type);
    ctx.status(200);
    ctx.contentType(writer.contentType());
    for (int n : numbers) {
      try (InputStream frame = frames.openFrame(n)) {
        writer.part(type + "; transfer-syntax=" + partTs, url + "/frames/" + n, frame);
      }
    }
    writer.finish();
  }

  private void render(Context ctx, StoredInstance instance, int frame) throws Exception {
    ImageFormat format = format(Accept.parse(ctx.header("Accept")));
    RenderOptions options = RenderOptions.DEFAULT;
    String window = RequestValues.single(ctx, "window");
    String viewport = RequestValues.single(ctx, "viewport");
    String quality = RequestValues.single(ctx, "quality");
    try {
      if (window != null) {
        options = options.withWindow(Window.parse(window));
      }
      if (viewport != null) {
        options = options.withViewport(Viewport.parse(viewport));
      }
    } catch (IllegalArgumentException e) {
      throw WebException.badRequest(e.getMessage());
    }
    int q =
        quality == null
            ? ImageFormat.DEFAULT_QUALITY
            : RequestValues.integer(quality, "quality", 1, 100);
    writeImage(ctx, open(instance), frame, format, options, q);
  }

  /** Renders a frame and answers with the encoded image; shared with WADO-URI. */
  static void writeImage(
      Context ctx, FrameSet frames, int frame, ImageFormat format, RenderOptions options, int q)
      throws Exception {
    BufferedImage image;
    try {
      image = Renderer.render(frames, frame, options);
    } catch (PixelDataException e) {
      throw problem(e);
    }
    ByteArrayOutputStream encoded = new ByteArrayOutputStream(64 << 10);
    format.write(image, encoded, q);
    ctx.status(200);
    ctx.contentType(format.mediaType());
    ctx.result(encoded.toByteArray());
  }

  /** The rendered format an Accept header asks for: JPEG unless PNG is preferred. */
  static ImageFormat format(Accept accept) throws WebException {
    for (MediaType range : accept.ranges()) {
      if (Accept.matches(range, ImageFormat.JPEG.mediaType())) {
        return ImageFormat.JPEG;
      }
      if (Accept.matches(range, ImageFormat.PNG.mediaType())) {
        return ImageFormat.PNG;
      }
    }
    throw WebException.notAcceptable("rendered images are image/jpeg or image/png");
  }

  /** The status that answers a frame or rendering that cannot be served. */
  static WebException problem(PixelDataException e) {
    if (e instanceof NoSuchFrameException f) {
      return f.malformedNumber()
          ? WebException.badRequest(e.getMessage())
          : WebException.notFound(e.getMessage());
    }
    if (e instanceof UnsupportedPixelDataException) {
      return WebException.notAcceptable(e.getMessage());
    }
    return WebException.badRequest(e.getMessage());
  }

  FrameSet open(StoredInstance instance) throws IOException, WebException {
    try {
      return FrameSet.open(() -> blobs.open(instance.blob()));
    } catch (PixelDataException e) {
      throw problem(e);
    }
  }

  private StoredInstance instance(Context ctx, Principal caller)
      throws WebException, IndexException {
    return access.instance(
        caller,
        Action.RETRIEVE,
        RequestValues.uid(ctx, "study"),
        RequestValues.uid(ctx, "series"),
        RequestValues.uid(ctx, "instance"));
  }
}
