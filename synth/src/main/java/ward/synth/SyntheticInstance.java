package ward.synth;

/**
 * One image: a slice of its series.
 *
 * @param series the series it belongs to
 * @param number Instance Number (0020,0013): 1 to the series' instance count, from the top slice
 *     down
 * @param sopInstanceUid SOP Instance UID (0008,0018)
 */
public record SyntheticInstance(SyntheticSeries series, int number, String sopInstanceUid) {

  /**
   * Where {@link SyntheticStudies#writeTo} puts the file, relative to the output folder: {@code
   * pPPPPP/stSS/seEE/iIIIII.dcm}, numbered by patient, study, series and instance. Names come from
   * counters, never from UIDs.
   */
  public String relativePath() {
    SyntheticStudy study = series.study();
    return String.format(
        java.util.Locale.ROOT,
        "p%05d/st%02d/se%02d/i%05d.dcm",
        study.patient().number(),
        study.number(),
        series.number(),
        number);
  }
}
