package ward.archive.web.multipart;

/**
 * Bounds on a multipart body, so a hostile request costs a bounded amount of memory and work.
 *
 * @param maxHeaderBytes the most bytes of one part's header section, and of the preamble
 * @param maxParts the most parts in one body
 * @param maxPartBytes the most bytes in one part's body
 */
public record MultipartLimits(int maxHeaderBytes, int maxParts, long maxPartBytes) {

  /** For STOW-RS: a study's worth of instances, each up to 4 GiB, with ordinary headers. */
  public static final MultipartLimits DEFAULT = new MultipartLimits(16 * 1024, 10_000, 4L << 30);

  public MultipartLimits {
    if (maxHeaderBytes < 64 || maxParts < 1 || maxPartBytes < 0) {
      throw new IllegalArgumentException("multipart limits must be positive");
    }
  }
}
