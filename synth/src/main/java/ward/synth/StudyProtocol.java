package ward.synth;

import java.util.List;

/**
 * A kind of study, as a department's protocol book would list it: its description, the body part
 * and phantom it shows, the reconstructed field of view, where along the table it is centred, and
 * the series it is made of. Studies with more series than the protocol lists repeat its series.
 *
 * @param description Study Description (0008,1030)
 * @param bodyPart Body Part Examined (0018,0015), a defined term of PS3.16 Annex L
 * @param anatomy the phantom the images show
 * @param fieldOfViewMm width of the image in millimetres
 * @param centreZMm table position of the middle of the scanned range, in millimetres
 * @param series the series the protocol acquires, in order
 */
public record StudyProtocol(
    String description,
    String bodyPart,
    Anatomy anatomy,
    double fieldOfViewMm,
    double centreZMm,
    List<SeriesProtocol> series) {

  public StudyProtocol {
    series = List.copyOf(series);
  }

  /** The protocol of the series with this number (1-based), repeating the list when it runs out. */
  public SeriesProtocol seriesProtocol(int seriesNumber) {
    return series.get((seriesNumber - 1) % series.size());
  }
}
