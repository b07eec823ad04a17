package ward.synth;

import java.util.List;

/** The study protocols the generator draws from, per modality. */
final class Protocols {

  private Protocols() {}

  static final List<StudyProtocol> CT =
      List.of(
          new StudyProtocol(
              "CT HEAD WITHOUT CONTRAST",
              "HEAD",
              Anatomy.HEAD,
              240,
              -60,
              List.of(
                  ct("AXIAL 5MM BRAIN", 5, 40, 80, Weighting.CT_PLAIN, "STANDARD"),
                  ct("AXIAL 1.25MM BONE", 1.25, 500, 2500, Weighting.CT_PLAIN, "BONE"))),
          new StudyProtocol(
              "CT CHEST WITHOUT CONTRAST",
              "CHEST",
              Anatomy.TRUNK,
              360,
              -250,
              List.of(
                  ct("AXIAL 5MM MEDIASTINUM", 5, 40, 400, Weighting.CT_PLAIN, "STANDARD"),
                  ct("AXIAL 1.25MM LUNG", 1.25, -600, 1500, Weighting.CT_PLAIN, "LUNG"))),
          new StudyProtocol(
              "CT ABDOMEN PELVIS WITH CONTRAST",
              "ABDOMEN",
              Anatomy.TRUNK,
              380,
              -450,
              List.of(
                  ct("NON CONTRAST 5MM", 5, 40, 400, Weighting.CT_PLAIN, "STANDARD"),
                  ct("PORTAL VENOUS 3MM", 3, 50, 350, Weighting.CT_CONTRAST, "STANDARD"),
                  ct("DELAYED 5MM", 5, 50, 350, Weighting.CT_CONTRAST, "STANDARD"))));

  static final List<StudyProtocol> MR =
      List.of(
          new StudyProtocol(
              "MR BRAIN WITHOUT CONTRAST",
              "BRAIN",
              Anatomy.HEAD,
              230,
              -60,
              List.of(
                  mr("AX T1 SE", 5, 600, 1200, Weighting.MR_T1),
                  mr("AX T2 TSE", 5, 900, 1800, Weighting.MR_T2),
                  mr("AX FLAIR", 5, 500, 1000, Weighting.MR_FLAIR),
                  mr("AX DWI B1000", 5, 300, 600, Weighting.MR_DIFFUSION))),
          new StudyProtocol(
              "MR ABDOMEN WITHOUT CONTRAST",
              "ABDOMEN",
              Anatomy.TRUNK,
              380,
              -400,
              List.of(
                  mr("AX T2 TSE", 6, 900, 1800, Weighting.MR_T2),
                  mr("AX T1 SE", 6, 600, 1200, Weighting.MR_T1),
                  mr("AX DWI B800", 6, 250, 500, Weighting.MR_DIFFUSION))),
          new StudyProtocol(
              "MR LUMBAR SPINE WITHOUT CONTRAST",
              "LSPINE",
              Anatomy.TRUNK,
              220,
              -600,
              List.of(
                  mr("AX T2 TSE", 4, 900, 1800, Weighting.MR_T2),
                  mr("AX T1 SE", 4, 600, 1200, Weighting.MR_T1))));

  static List<StudyProtocol> of(Modality modality) {
    return switch (modality) {
      case CT -> CT;
      case MR -> MR;
    };
  }

  private static SeriesProtocol ct(
      String description,
      double thickness,
      double center,
      double width,
      Weighting weighting,
      String kernel) {
    return new SeriesProtocol(description, thickness, center, width, weighting, kernel);
  }

  private static SeriesProtocol mr(
      String description, double thickness, double center, double width, Weighting weighting) {
    return new SeriesProtocol(description, thickness, center, width, weighting, "");
  }
}
