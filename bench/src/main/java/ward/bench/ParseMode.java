package ward.bench;

import java.io.IOException;
import java.nio.file.Path;
import ward.dicom.DicomFile;
import ward.dicom.DicomReader;
import ward.dicom.ReadOptions;

/** The three ways the benchmarks read a file, named as the comparison tables name them. */
enum ParseMode {
  /** The header only: reading stops at the top-level pixel data element. */
  HEADER("header"),
  /**
   * Everything, with bulk values (pixel data, large OB/OW/UN...) above {@link #BULK_THRESHOLD} left
   * in the file as references.
   */
  BULK("bulk"),
  /** Everything, in memory. */
  MEMORY("memory");

  /**
   * Values longer than this stay in the file in {@link #BULK} mode. 4 KiB because that is the
   * smallest threshold dcmtk accepts ({@code +R 4}); pydicom's {@code defer_size} is set the same.
   */
  static final long BULK_THRESHOLD = 4096;

  private static final ReadOptions HEADER_OPTIONS =
      ReadOptions.DEFAULT.withStopBeforePixelData(true);

  private final String label;

  ParseMode(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  static ParseMode of(String label) {
    for (ParseMode m : values()) {
      if (m.label.equals(label)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown mode " + label + " (header, bulk or memory)");
  }

  DicomFile read(Path file) throws IOException {
    return switch (this) {
      case HEADER -> DicomReader.readFile(file, HEADER_OPTIONS);
      case BULK ->
          DicomReader.readFile(
              file,
              ReadOptions.DEFAULT.withBulkData(BULK_THRESHOLD, DicomReader.fileRegions(file)));
      case MEMORY -> DicomReader.readFile(file, ReadOptions.DEFAULT);
    };
  }
}
