package ward.archive.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import ward.dicom.BulkData;
import ward.dicom.BulkDataHandler;
import ward.dicom.DataSet;
import ward.dicom.DicomReader;
import ward.dicom.Element;
import ward.dicom.ReadOptions;
import ward.dicom.Value;
import ward.dicom.json.JsonOptions;

/**
 * A stored instance's attributes for WADO-RS metadata (PS3.18 10.4.1.1.2), with bulk data left out:
 * pixel data, and every value longer than {@value #INLINE_LIMIT} bytes whose VR a BulkDataURI may
 * stand for (PS3.18 F.2.2), is written as a BulkDataURI, {@code {instance URL}/bulkdata/{path}},
 * where the path is the element's tag, or for an element within a sequence the tags and item
 * indexes down to it ({@code 00540016/0/00181072}, see {@link ward.dicom.json.ElementPath});
 * smaller values are written inline. The instance is read once, front to back; bulk values are
 * skipped, not held, and noted only by where they lie in the stored object.
 */
final class InstanceMetadata {
  /** Binary values up to this size are written into the metadata itself. */
  static final int INLINE_LIMIT = 1024;

  /**
   * The name the stand-ins for skipped values carry: the offsets they hold are offsets in the
   * stored object, which is read through the blob store, never as a file.
   */
  private static final Path STORED_OBJECT = Path.of("stored-object");

  private static final Pattern PATH =
      Pattern.compile("[0-9A-Fa-f]{8}(/[0-9]{1,6}/[0-9A-Fa-f]{8}){0,16}");

  private InstanceMetadata() {}

  /** Reads the data set of a stored Part 10 object (without its file meta information). */
  static DataSet read(InputStream storedObject) throws IOException {
    return DicomReader.read(storedObject, OPTIONS).dataSet();
  }

  private static final ReadOptions OPTIONS =
      ReadOptions.DEFAULT.withBulkData(
          INLINE_LIMIT,
          (location, value) ->
              location.inflated()
                  // A deflated object has no offsets to come back to: its values are held.
                  ? BulkDataHandler.IN_MEMORY.onBulkData(location, value)
                  : new BulkData(
                      STORED_OBJECT, location.offset(), location.length(), location.swapUnit()));

  /** JSON options writing Bulk Data URIs under {@code instanceUrl}. */
  static JsonOptions jsonOptions(String instanceUrl) {
    return JsonOptions.withBulkData(
        (path, element) -> instanceUrl + "/bulkdata/" + path, INLINE_LIMIT);
  }

  /** Whether a bulkdata path has the form metadata writes. */
  static boolean isPath(String path) {
    return path != null && PATH.matcher(path).matches();
  }

  /**
   * The element a bulkdata path names, or null.
   *
   * @param path a path for which {@link #isPath} holds
   */
  static Element find(DataSet dataSet, String path) {
    String[] steps = path.split("/", -1);
    DataSet ds = dataSet;
    for (int i = 0; i < steps.length; i += 2) {
      Element e = ds.get(Integer.parseUnsignedInt(steps[i], 16));
      if (i == steps.length - 1) {
        return e;
      }
      if (e == null || !(e.value() instanceof Value.Sequence seq)) {
        return null;
      }
      int item = Integer.parseInt(steps[i + 1]);
      List<DataSet> items = seq.items();
      if (item >= items.size()) {
        return null;
      }
      ds = items.get(item);
    }
    return null;
  }
}
