package ward.synth;

import java.time.LocalDateTime;

/**
 * A study of an invented patient.
 *
 * @param patient whose study it is
 * @param number 1-based position among the patient's studies
 * @param studyInstanceUid Study Instance UID (0020,000D)
 * @param dateTime Study Date (0008,0020) and Study Time (0008,0030)
 * @param accessionNumber Accession Number (0008,0050), unique among the generated studies
 * @param studyId Study ID (0020,0010), unique among the generated studies
 * @param protocol the kind of study: its description, body part and series
 * @param referringPhysician Referring Physician's Name (0008,0090), invented like the patient's
 * @param frameOfReferenceUid Frame of Reference UID (0020,0052) shared by the study's series: they
 *     are acquired in one sitting on one table
 */
public record SyntheticStudy(
    SyntheticPatient patient,
    int number,
    String studyInstanceUid,
    LocalDateTime dateTime,
    String accessionNumber,
    String studyId,
    StudyProtocol protocol,
    String referringPhysician,
    String frameOfReferenceUid) {}
