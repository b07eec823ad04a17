package ward.synth;

import java.time.LocalDateTime;

/**
 * A series of axial slices.
 *
 * @param study the study it belongs to
 * @param number Series Number (0020,0011): 1-based position in the study
 * @param seriesInstanceUid Series Instance UID (0020,000E)
 * @param dateTime Series Date (0008,0021) and Series Time (0008,0031); the first slice is acquired
 *     then, the others a tenth of a second apart
 * @param protocol the kind of series: description, slice thickness, window and weighting
 * @param instanceCount number of slices
 */
public record SyntheticSeries(
    SyntheticStudy study,
    int number,
    String seriesInstanceUid,
    LocalDateTime dateTime,
    SeriesProtocol protocol,
    int instanceCount) {

  public Modality modality() {
    return protocol.weighting().modality();
  }
}
