package ward.net.client;

import java.util.List;
import ward.dicom.UID;

/** Storage SOP classes (PS3.4 B.5) proposed when this side receives instances by C-GET. */
public final class StorageSopClasses {
  private StorageSopClasses() {}

  /** The classes that make up nearly all of what archives hold. */
  public static final List<String> COMMON =
      List.of(
          UID.ComputedRadiographyImageStorage,
          UID.DigitalXRayImageStorageForPresentation,
          UID.DigitalXRayImageStorageForProcessing,
          UID.DigitalMammographyXRayImageStorageForPresentation,
          UID.DigitalMammographyXRayImageStorageForProcessing,
          UID.DigitalIntraOralXRayImageStorageForPresentation,
          UID.BreastTomosynthesisImageStorage,
          UID.CTImageStorage,
          UID.EnhancedCTImageStorage,
          UID.LegacyConvertedEnhancedCTImageStorage,
          UID.MRImageStorage,
          UID.EnhancedMRImageStorage,
          UID.EnhancedMRColorImageStorage,
          UID.LegacyConvertedEnhancedMRImageStorage,
          UID.MRSpectroscopyStorage,
          UID.UltrasoundImageStorage,
          UID.UltrasoundMultiFrameImageStorage,
          UID.EnhancedUSVolumeStorage,
          UID.SecondaryCaptureImageStorage,
          UID.MultiFrameSingleBitSecondaryCaptureImageStorage,
          UID.MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
          UID.MultiFrameGrayscaleWordSecondaryCaptureImageStorage,
          UID.MultiFrameTrueColorSecondaryCaptureImageStorage,
          UID.XRayAngiographicImageStorage,
          UID.EnhancedXAImageStorage,
          UID.XRayRadiofluoroscopicImageStorage,
          UID.EnhancedXRFImageStorage,
          UID.XRay3DAngiographicImageStorage,
          UID.NuclearMedicineImageStorage,
          UID.PositronEmissionTomographyImageStorage,
          UID.EnhancedPETImageStorage,
          UID.VLPhotographicImageStorage,
          UID.VLEndoscopicImageStorage,
          UID.VLMicroscopicImageStorage,
          UID.VLWholeSlideMicroscopyImageStorage,
          UID.OphthalmicTomographyImageStorage,
          UID.ParametricMapStorage,
          UID.SegmentationStorage,
          UID.SpatialRegistrationStorage,
          UID.RawDataStorage,
          UID.RTImageStorage,
          UID.RTDoseStorage,
          UID.RTStructureSetStorage,
          UID.RTPlanStorage,
          UID.RTBeamsTreatmentRecordStorage,
          UID.RTIonPlanStorage,
          UID.RTIonBeamsTreatmentRecordStorage,
          UID.BasicTextSRStorage,
          UID.EnhancedSRStorage,
          UID.ComprehensiveSRStorage,
          UID.Comprehensive3DSRStorage,
          UID.KeyObjectSelectionDocumentStorage,
          UID.XRayRadiationDoseSRStorage,
          UID.MammographyCADSRStorage,
          UID.GrayscaleSoftcopyPresentationStateStorage,
          UID.ColorSoftcopyPresentationStateStorage,
          UID.EncapsulatedPDFStorage,
          UID.TwelveLeadECGWaveformStorage,
          UID.GeneralECGWaveformStorage);
}
