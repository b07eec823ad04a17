package ward.archive.index;

import java.util.Set;
import ward.dicom.Tag;
import ward.dicom.Tags;

/**
 * Which attributes belong to which level of the information model. The patient keeps the Patient
 * Module (PS3.3 C.7.1.1), the study the General Study and Patient Study Modules (C.7.2.1, C.7.2.2),
 * the series the General Series Module (C.7.3.1); everything else belongs to the instance. A
 * sequence belongs, with all its items, to the level of its tag.
 *
 * <p>The attributes the index computes (PS3.4 C.3.4: Number of … Related …, Modalities in Study,
 * SOP Classes in Study) belong to the level that counts them and are never taken from a stored
 * instance.
 */
final class LevelAttributes {
  private LevelAttributes() {}

  // PS3.3 C.7.1.1 Patient Module
  static final Set<Integer> PATIENT =
      Set.of(
          Tags.PatientName,
          Tags.PatientID,
          Tags.IssuerOfPatientID,
          Tags.IssuerOfPatientIDQualifiersSequence,
          Tags.TypeOfPatientID,
          Tags.PatientBirthDate,
          Tags.PatientBirthTime,
          Tags.PatientBirthDateInAlternativeCalendar,
          Tags.PatientDeathDateInAlternativeCalendar,
          Tags.PatientAlternativeCalendar,
          Tags.PatientSex,
          Tags.QualityControlSubject,
          Tags.ReferencedPatientPhotoSequence,
          Tags.ReferencedPatientSequence,
          Tags.OtherPatientIDs,
          Tags.OtherPatientIDsSequence,
          Tags.OtherPatientNames,
          Tags.EthnicGroup,
          Tags.PatientComments,
          Tags.PatientSpeciesDescription,
          Tags.PatientSpeciesCodeSequence,
          Tags.PatientBreedDescription,
          Tags.PatientBreedCodeSequence,
          Tags.BreedRegistrationSequence,
          Tags.StrainDescription,
          Tags.StrainNomenclature,
          Tags.StrainStockSequence,
          Tags.StrainAdditionalInformation,
          Tags.StrainCodeSequence,
          Tags.GeneticModificationsSequence,
          Tags.ResponsiblePerson,
          Tags.ResponsiblePersonRole,
          Tags.ResponsibleOrganization,
          Tags.PatientIdentityRemoved,
          Tags.DeidentificationMethod,
          Tags.DeidentificationMethodCodeSequence,
          Tags.SourcePatientGroupIdentificationSequence,
          Tags.GroupOfPatientsIdentificationSequence);

  static final Set<Integer> STUDY =
      Set.of(
          // PS3.3 C.7.2.1 General Study Module
          Tags.StudyInstanceUID,
          Tags.StudyDate,
          Tags.StudyTime,
          Tags.ReferringPhysicianName,
          Tags.ReferringPhysicianIdentificationSequence,
          Tags.ConsultingPhysicianName,
          Tags.ConsultingPhysicianIdentificationSequence,
          Tags.StudyID,
          Tags.AccessionNumber,
          Tags.IssuerOfAccessionNumberSequence,
          Tags.StudyDescription,
          Tags.PhysiciansOfRecord,
          Tags.PhysiciansOfRecordIdentificationSequence,
          Tags.NameOfPhysiciansReadingStudy,
          Tags.PhysiciansReadingStudyIdentificationSequence,
          Tags.RequestingServiceCodeSequence,
          Tags.ReferencedStudySequence,
          Tags.ProcedureCodeSequence,
          Tags.ReasonForPerformedProcedureCodeSequence,
          // PS3.3 C.7.2.2 Patient Study Module
          Tags.AdmittingDiagnosesDescription,
          Tags.AdmittingDiagnosesCodeSequence,
          Tags.PatientAge,
          Tags.PatientSize,
          Tags.PatientWeight,
          Tags.PatientBodyMassIndex,
          Tags.MeasuredAPDimension,
          Tags.MeasuredLateralDimension,
          Tags.PatientSizeCodeSequence,
          Tags.MedicalAlerts,
          Tags.Allergies,
          Tags.SmokingStatus,
          Tags.PregnancyStatus,
          Tags.LastMenstrualDate,
          Tags.PatientState,
          Tags.Occupation,
          Tags.AdditionalPatientHistory,
          Tags.AdmissionID,
          Tags.IssuerOfAdmissionIDSequence,
          Tags.ServiceEpisodeID,
          Tags.IssuerOfServiceEpisodeIDSequence,
          Tags.ServiceEpisodeDescription,
          Tags.PatientSexNeutered,
          Tags.ReasonForVisit,
          Tags.ReasonForVisitCodeSequence);

  // PS3.3 C.7.3.1 General Series Module
  static final Set<Integer> SERIES =
      Set.of(
          Tags.Modality,
          Tags.SeriesInstanceUID,
          Tags.SeriesNumber,
          Tags.Laterality,
          Tags.SeriesDate,
          Tags.SeriesTime,
          Tags.PerformingPhysicianName,
          Tags.PerformingPhysicianIdentificationSequence,
          Tags.ProtocolName,
          Tags.SeriesDescription,
          Tags.SeriesDescriptionCodeSequence,
          Tags.OperatorsName,
          Tags.OperatorIdentificationSequence,
          Tags.ReferencedPerformedProcedureStepSequence,
          Tags.RelatedSeriesSequence,
          Tags.BodyPartExamined,
          Tags.PatientPosition,
          Tags.SmallestPixelValueInSeries,
          Tags.LargestPixelValueInSeries,
          Tags.RequestAttributesSequence,
          Tags.PerformedProcedureStepID,
          Tags.PerformedProcedureStepStartDate,
          Tags.PerformedProcedureStepStartTime,
          Tags.PerformedProcedureStepEndDate,
          Tags.PerformedProcedureStepEndTime,
          Tags.PerformedProcedureStepDescription,
          Tags.PerformedProtocolCodeSequence,
          Tags.CommentsOnThePerformedProcedureStep,
          Tags.AnatomicalOrientationType,
          Tags.TreatmentSessionUID);

  // PS3.4 C.3.4 Additional Query/Retrieve Attributes, computed by the index
  static final Set<Integer> COMPUTED_PATIENT =
      Set.of(
          Tags.NumberOfPatientRelatedStudies,
          Tags.NumberOfPatientRelatedSeries,
          Tags.NumberOfPatientRelatedInstances);

  static final Set<Integer> COMPUTED_STUDY =
      Set.of(
          Tags.NumberOfStudyRelatedSeries,
          Tags.NumberOfStudyRelatedInstances,
          Tags.ModalitiesInStudy,
          Tags.SOPClassesInStudy);

  static final Set<Integer> COMPUTED_SERIES = Set.of(Tags.NumberOfSeriesRelatedInstances);

  /** The level an attribute belongs to. */
  static Level levelOf(int tag) {
    if (PATIENT.contains(tag) || COMPUTED_PATIENT.contains(tag)) {
      return Level.PATIENT;
    }
    if (STUDY.contains(tag) || COMPUTED_STUDY.contains(tag)) {
      return Level.STUDY;
    }
    if (SERIES.contains(tag) || COMPUTED_SERIES.contains(tag)) {
      return Level.SERIES;
    }
    return Level.IMAGE;
  }

  static boolean isComputed(int tag) {
    return COMPUTED_PATIENT.contains(tag)
        || COMPUTED_STUDY.contains(tag)
        || COMPUTED_SERIES.contains(tag);
  }

  /**
   * Attributes the index never records nor returns from a query identifier: the character set (each
   * answer gets its own), the query level, the file meta information and the group lengths.
   */
  static boolean isControl(int tag) {
    return tag == Tag.SPECIFIC_CHARACTER_SET
        || tag == Tags.QueryRetrieveLevel
        || (tag >>> 16) == 0x0002
        || (tag >>> 16) == 0x0000
        || Tag.isGroupLength(tag);
  }
}
