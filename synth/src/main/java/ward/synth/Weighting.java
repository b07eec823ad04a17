package ward.synth;

/**
 * How a series shows tissue: CT with or without an intravenous contrast agent, or an MR pulse
 * sequence.
 */
public enum Weighting {
  CT_PLAIN,
  CT_CONTRAST,
  MR_T1,
  MR_T2,
  MR_FLAIR,
  MR_DIFFUSION;

  /** CT values are stored as Hounsfield units plus 1024 (Rescale Intercept -1024). */
  static final int CT_RESCALE_INTERCEPT = -1024;

  public Modality modality() {
    return this == CT_PLAIN || this == CT_CONTRAST ? Modality.CT : Modality.MR;
  }

  /** True when an intravenous contrast agent was given. */
  public boolean contrastAgent() {
    return this == CT_CONTRAST;
  }

  /** The stored pixel value of a tissue. */
  int storedValue(Tissue t) {
    return switch (this) {
      case CT_PLAIN -> t.hounsfield - CT_RESCALE_INTERCEPT;
      case CT_CONTRAST -> t.enhancedHounsfield - CT_RESCALE_INTERCEPT;
      case MR_T1 -> t.t1;
      case MR_T2 -> t.t2;
      case MR_FLAIR -> t.flair;
      case MR_DIFFUSION -> t.diffusion;
    };
  }
}
