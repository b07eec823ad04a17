package ward.scan.dicom;

import java.util.List;

/**
 * What a C-FIND without credentials revealed, counted and never kept: the numbers, the names of the
 * attributes that came back with values, and whether any value had the shape of a US Social
 * Security number.
 *
 * @param studyQueryStatus the final status of the study-level query, or -1 when it was not run
 * @param studies studies matched
 * @param instances instances in them (Number of Study Related Instances, or counted by lower-level
 *     queries where the peer does not give it), or -1 when unknown
 * @param instancesCounted how the instances were counted: "study-related-instances", "image-query",
 *     "partial" or "unknown"
 * @param patientQueryStatus the final status of the patient-level query, or -1 when not run
 * @param patients patients matched
 * @param exposedAttributes keywords of the attributes returned with a value, sorted
 * @param ssnShaped whether a returned value looked like a Social Security number
 * @param truncated whether a query was cancelled at the match limit (counts are then lower bounds)
 * @param refusal the peer's refusal of the query in words, or null
 */
public record QueryExposure(
    int studyQueryStatus,
    long studies,
    long instances,
    String instancesCounted,
    int patientQueryStatus,
    long patients,
    List<String> exposedAttributes,
    boolean ssnShaped,
    boolean truncated,
    String refusal) {
  public QueryExposure {
    exposedAttributes = List.copyOf(exposedAttributes);
  }

  /** True when a query answered with at least one match. */
  public boolean anyMatch() {
    return studies > 0 || patients > 0;
  }

  /** True when a query was answered successfully (possibly with no match). */
  public boolean answered() {
    return studyQueryStatus == 0 || patientQueryStatus == 0;
  }
}
