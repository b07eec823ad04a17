package ward.synth;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import ward.dicom.DataSet;
import ward.dicom.ElementDictionary;
import ward.dicom.Tags;
import ward.dicom.VR;
import ward.dicom.Value;

/**
 * The attributes of the CT Image IOD (PS3.3 A.3) and MR Image IOD (PS3.3 A.4) for a synthetic
 * slice: every Type 1 and Type 2 attribute of their modules, and the cheap Type 3 ones a PACS shows
 * or indexes. Everything but the pixel data: the series' attributes are built once, each slice adds
 * its own.
 */
final class ImageIod {

  static final String INSTITUTION = "Ward Synthetic Hospital";

  private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
  private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);
  private static final DateTimeFormatter TM_FRACTION =
      DateTimeFormatter.ofPattern("HHmmss.SSSSSS", Locale.ROOT);

  /** Seconds between two slices of a series, for their acquisition and content times. */
  private static final long SLICE_NANOS = 100_000_000L;

  private ImageIod() {}

  /** The attributes every slice of a series shares. */
  static DataSet seriesAttributes(SyntheticSeries series, int rows, int columns) {
    SyntheticStudy study = series.study();
    SyntheticPatient patient = study.patient();
    SeriesProtocol protocol = series.protocol();
    Weighting weighting = protocol.weighting();
    Modality modality = weighting.modality();
    DataSet.Builder b = DataSet.builder();

    // SOP Common (C.12.1)
    text(b, Tags.SOPClassUID, modality.sopClassUid());

    // Patient (C.7.1.1) and Patient Study (C.7.2.2)
    text(b, Tags.PatientName, patient.name());
    text(b, Tags.PatientID, patient.id());
    text(b, Tags.IssuerOfPatientID, "WARD-SYNTH");
    text(b, Tags.PatientBirthDate, DA.format(patient.birthDate()));
    text(b, Tags.PatientSex, patient.sex());
    text(b, Tags.PatientIdentityRemoved, "YES");
    text(b, Tags.DeidentificationMethod, "Synthetic: an invented person, no real patient");
    text(b, Tags.PatientAge, age(patient.birthDate(), study.dateTime().toLocalDate()));
    b.setDoubles(Tags.PatientSize, VR.DS, patient.sizeMetres());
    b.setDoubles(Tags.PatientWeight, VR.DS, patient.weightKg());

    // General Study (C.7.2.1)
    text(b, Tags.StudyInstanceUID, study.studyInstanceUid());
    text(b, Tags.StudyDate, DA.format(study.dateTime()));
    text(b, Tags.StudyTime, TM.format(study.dateTime()));
    text(b, Tags.ReferringPhysicianName, study.referringPhysician());
    text(b, Tags.StudyID, study.studyId());
    text(b, Tags.AccessionNumber, study.accessionNumber());
    text(b, Tags.StudyDescription, study.protocol().description());

    // General Series (C.7.3.1)
    text(b, Tags.Modality, modality.name());
    text(b, Tags.SeriesInstanceUID, series.seriesInstanceUid());
    text(b, Tags.SeriesNumber, Integer.toString(series.number()));
    text(b, Tags.SeriesDate, DA.format(series.dateTime()));
    text(b, Tags.SeriesTime, TM.format(series.dateTime()));
    text(b, Tags.SeriesDescription, protocol.description());
    text(b, Tags.ProtocolName, study.protocol().description());
    text(b, Tags.BodyPartExamined, study.protocol().bodyPart());
    text(b, Tags.PatientPosition, "HFS");

    // Frame of Reference (C.7.4.1)
    text(b, Tags.FrameOfReferenceUID, study.frameOfReferenceUid());
    b.add(Tags.PositionReferenceIndicator, VR.LO, Value.EMPTY);

    // General Equipment (C.7.5.1)
    text(b, Tags.Manufacturer, "Ward Synthetic");
    text(b, Tags.InstitutionName, INSTITUTION);
    text(b, Tags.InstitutionalDepartmentName, "Radiology");
    text(b, Tags.StationName, "WSYN" + modality.name() + "01");
    text(b, Tags.ManufacturerModelName, "Phantom " + modality.name());
    text(b, Tags.SoftwareVersions, "ward-synth 1");

    // General Image (C.7.6.1), Image Plane (C.7.6.2), Image Pixel (C.7.6.3)
    if (modality == Modality.CT) {
      text(b, Tags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
    } else {
      text(b, Tags.ImageType, "ORIGINAL", "PRIMARY", "M", "ND");
    }
    text(b, Tags.AcquisitionNumber, "1");
    text(b, Tags.BurnedInAnnotation, "NO");
    text(b, Tags.LossyImageCompression, "00");
    double spacing = pixelSpacing(series, columns);
    b.setDoubles(Tags.PixelSpacing, VR.DS, spacing, spacing);
    b.setDoubles(Tags.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0);
    b.setDoubles(Tags.SliceThickness, VR.DS, protocol.sliceThicknessMm());
    b.setInts(Tags.SamplesPerPixel, VR.US, 1);
    text(b, Tags.PhotometricInterpretation, "MONOCHROME2");
    b.setInts(Tags.Rows, VR.US, rows);
    b.setInts(Tags.Columns, VR.US, columns);
    b.setInts(Tags.BitsAllocated, VR.US, 16);
    b.setInts(Tags.BitsStored, VR.US, modality.bitsStored());
    b.setInts(Tags.HighBit, VR.US, modality.bitsStored() - 1);
    b.setInts(Tags.PixelRepresentation, VR.US, 0);

    // VOI LUT (C.11.2)
    b.setDoubles(Tags.WindowCenter, VR.DS, protocol.windowCenter());
    b.setDoubles(Tags.WindowWidth, VR.DS, protocol.windowWidth());

    if (modality == Modality.CT) {
      ctImage(b, series, spacing * columns);
    } else {
      mrImage(b, series, rows, columns);
    }
    return b.build();
  }

  /** CT Image (C.8.2.1), and Contrast/Bolus (C.7.6.4) when an agent was given. */
  private static void ctImage(DataSet.Builder b, SyntheticSeries series, double fieldOfView) {
    SeriesProtocol protocol = series.protocol();
    b.setDoubles(Tags.RescaleIntercept, VR.DS, Weighting.CT_RESCALE_INTERCEPT);
    b.setDoubles(Tags.RescaleSlope, VR.DS, 1);
    text(b, Tags.RescaleType, "HU");
    text(b, Tags.KVP, "120");
    b.setDoubles(Tags.DataCollectionDiameter, VR.DS, 500);
    b.setDoubles(Tags.ReconstructionDiameter, VR.DS, round(fieldOfView, 3));
    b.setDoubles(Tags.GantryDetectorTilt, VR.DS, 0);
    b.setDoubles(Tags.TableHeight, VR.DS, 160);
    text(b, Tags.RotationDirection, "CW");
    text(b, Tags.ExposureTime, "500");
    text(b, Tags.XRayTubeCurrent, protocol.weighting().contrastAgent() ? "300" : "250");
    text(b, Tags.FilterType, "BODY FILTER");
    text(b, Tags.ConvolutionKernel, protocol.convolutionKernel());
    if (protocol.weighting().contrastAgent()) {
      text(b, Tags.ContrastBolusAgent, "IODINATED CONTRAST 350");
      text(b, Tags.ContrastBolusRoute, "IV");
    }
  }

  /** MR Image (C.8.3.1). */
  private static void mrImage(DataSet.Builder b, SyntheticSeries series, int rows, int columns) {
    switch (series.protocol().weighting()) {
      case MR_T1 -> pulseSequence(b, "SE", "SP", 500, 12, 0, 90, 1, "*se2d1");
      case MR_T2 -> pulseSequence(b, "SE", "SK\\SP", 4000, 100, 0, 150, 16, "*tse2d1_16");
      case MR_FLAIR ->
          pulseSequence(b, "SE\\IR", "SK\\SP\\MP", 9000, 90, 2500, 150, 16, "*tir2d1_16");
      case MR_DIFFUSION -> pulseSequence(b, "EP", "SK\\SP", 5000, 80, 0, 90, 1, "*ep_b1000t");
      case CT_PLAIN, CT_CONTRAST -> throw new IllegalArgumentException("not an MR series");
    }
    b.add(Tags.ScanOptions, VR.CS, Value.EMPTY);
    text(b, Tags.MRAcquisitionType, "2D");
    b.setDoubles(Tags.NumberOfAverages, VR.DS, 1);
    b.setDoubles(Tags.ImagingFrequency, VR.DS, 63.87);
    text(b, Tags.ImagedNucleus, "1H");
    text(b, Tags.EchoNumbers, "1");
    b.setDoubles(Tags.MagneticFieldStrength, VR.DS, 1.5);
    b.setDoubles(Tags.SpacingBetweenSlices, VR.DS, series.protocol().sliceThicknessMm());
    b.setDoubles(Tags.PixelBandwidth, VR.DS, 200);
    text(
        b,
        Tags.ReceiveCoilName,
        series.study().protocol().anatomy() == Anatomy.HEAD ? "HEAD" : "BODY");
    b.setInts(Tags.AcquisitionMatrix, VR.US, 0, columns, rows, 0);
    text(b, Tags.InPlanePhaseEncodingDirection, "ROW");
  }

  /**
   * Scanning Sequence and Sequence Variant (backslash-separated values), Repetition, Echo and
   * Inversion Time in ms (no Inversion Time when 0), Flip Angle in degrees, Echo Train Length and
   * Sequence Name.
   */
  private static void pulseSequence(
      DataSet.Builder b,
      String scanningSequence,
      String sequenceVariant,
      double repetitionTime,
      double echoTime,
      double inversionTime,
      double flipAngle,
      int echoTrainLength,
      String sequenceName) {
    text(b, Tags.ScanningSequence, scanningSequence.split("\\\\"));
    text(b, Tags.SequenceVariant, sequenceVariant.split("\\\\"));
    text(b, Tags.SequenceName, sequenceName);
    b.setDoubles(Tags.RepetitionTime, VR.DS, repetitionTime);
    b.setDoubles(Tags.EchoTime, VR.DS, echoTime);
    if (inversionTime > 0) {
      b.setDoubles(Tags.InversionTime, VR.DS, inversionTime);
    }
    b.setDoubles(Tags.FlipAngle, VR.DS, flipAngle);
    text(b, Tags.EchoTrainLength, Integer.toString(echoTrainLength));
  }

  /**
   * A builder holding the series' attributes and those of one slice; the caller adds the pixel
   * data.
   */
  static DataSet.Builder slice(
      DataSet seriesAttributes, SyntheticInstance instance, int rows, int columns) {
    SyntheticSeries series = instance.series();
    LocalDateTime content = series.dateTime().plusNanos(SLICE_NANOS * (instance.number() - 1));
    LocalDateTime created = content.plusSeconds(30);
    double spacing = pixelSpacing(series, columns);
    double z = sliceZ(series, instance.number());
    DataSet.Builder b = seriesAttributes.toBuilder();
    text(b, Tags.InstanceCreationDate, DA.format(created));
    text(b, Tags.InstanceCreationTime, TM_FRACTION.format(created));
    text(b, Tags.SOPInstanceUID, instance.sopInstanceUid());
    text(b, Tags.AcquisitionDate, DA.format(content));
    text(b, Tags.ContentDate, DA.format(content));
    text(b, Tags.AcquisitionTime, TM_FRACTION.format(content));
    text(b, Tags.ContentTime, TM_FRACTION.format(content));
    text(b, Tags.InstanceNumber, Integer.toString(instance.number()));
    b.setDoubles(
        Tags.ImagePositionPatient,
        VR.DS,
        round(-spacing * (columns - 1) / 2, 4),
        round(-spacing * (rows - 1) / 2, 4),
        z);
    b.setDoubles(Tags.SliceLocation, VR.DS, z);
    return b;
  }

  /** Square pixels across the protocol's field of view, to the micrometre. */
  static double pixelSpacing(SyntheticSeries series, int columns) {
    return round(series.study().protocol().fieldOfViewMm() / columns, 6);
  }

  /** Table position of a slice: contiguous slices centred on the protocol's range, top first. */
  static double sliceZ(SyntheticSeries series, int instanceNumber) {
    double thickness = series.protocol().sliceThicknessMm();
    double top =
        series.study().protocol().centreZMm() + thickness * (series.instanceCount() - 1) / 2;
    return round(top - thickness * (instanceNumber - 1), 4);
  }

  /** Patient's Age (0010,1010) on the day of the study, in years (PS3.5 6.2, AS). */
  static String age(LocalDate birth, LocalDate on) {
    Period p = Period.between(birth, on);
    return p.getYears() >= 1
        ? String.format(Locale.ROOT, "%03dY", p.getYears())
        : String.format(Locale.ROOT, "%03dM", Math.max(0, p.getMonths()));
  }

  private static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f + 0.0; // + 0.0 turns -0.0 into 0.0
  }

  private static void text(DataSet.Builder b, int tag, String... values) {
    b.setString(tag, ElementDictionary.vrOf(tag), values);
  }
}
