package ward.synth;

/**
 * The materials the phantom is made of, and how each looks under every {@link Weighting}: CT in
 * Hounsfield units without and with an intravenous contrast agent, MR as signal intensity.
 */
enum Tissue {
  //   CT HU, enhanced, T1, T2, FLAIR, DWI
  AIR(-1000, -1000, 0, 0, 0, 0),
  LUNG(-850, -850, 15, 20, 15, 5),
  FAT(-100, -100, 1100, 800, 500, 40),
  WATER(5, 5, 200, 1800, 90, 150),
  BLOOD(45, 180, 350, 120, 60, 30),
  SOFT(50, 60, 500, 350, 400, 250),
  ORGAN(60, 110, 600, 420, 450, 350),
  BRAIN(35, 40, 700, 800, 850, 500),
  BONE(900, 900, 120, 60, 50, 20);

  final int hounsfield;
  final int enhancedHounsfield;
  final int t1;
  final int t2;
  final int flair;
  final int diffusion;

  Tissue(int hounsfield, int enhancedHounsfield, int t1, int t2, int flair, int diffusion) {
    this.hounsfield = hounsfield;
    this.enhancedHounsfield = enhancedHounsfield;
    this.t1 = t1;
    this.t2 = t2;
    this.flair = flair;
    this.diffusion = diffusion;
  }
}
