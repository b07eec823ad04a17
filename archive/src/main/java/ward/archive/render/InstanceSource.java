package ward.archive.render;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stored Part 10 instance that can be opened more than once, such as an object of the blob store.
 * Getting a frame takes two passes: one to learn the attributes and where the pixel data lies, one
 * to read the frame's bytes; the pixel data in between is skipped, not held.
 */
@FunctionalInterface
public interface InstanceSource {

  /** Opens the instance at its first byte; the caller closes the stream. */
  InputStream open() throws IOException;
}
