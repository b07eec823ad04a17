package ward.scan.dicom;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import ward.dicom.DataSet;
import ward.dicom.Element;
import ward.dicom.ElementDictionary;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;
import ward.net.client.DicomClient;
import ward.net.client.QueryLevel;
import ward.net.client.QueryModel;
import ward.net.client.QueryResult;
import ward.scan.ProbeContext;

/**
 * Measures what an unauthenticated C-FIND (PS3.4 C.4.1) exposes, keeping no patient data: a
 * study-level query counts studies and sums Number of Study Related Instances (PS3.4 C.3.4); where
 * a study lacks that count, series- and image-level queries count its instances; a patient-level
 * query counts patients. Of each match only the names of attributes with a value are kept, and
 * whether any value had the shape of a Social Security number; the values are dropped at once.
 */
final class ExposureCounter {

  /** ddd-dd-dddd or nine digits: the shape of a US Social Security number. */
  static final Pattern SSN = Pattern.compile("\\d{3}-?\\d{2}-?\\d{4}");

  /** Attributes that are protocol, not patient data. */
  private static final Set<Integer> NOT_PATIENT_DATA =
      Set.of(
          Tags.QueryRetrieveLevel,
          Tags.SpecificCharacterSet,
          Tags.RetrieveAETitle,
          Tags.InstanceAvailability,
          Tags.NumberOfStudyRelatedInstances,
          Tags.NumberOfStudyRelatedSeries,
          Tags.NumberOfPatientRelatedStudies,
          Tags.NumberOfPatientRelatedInstances,
          Tags.NumberOfSeriesRelatedInstances);

  /** The most studies whose instances are counted by lower-level queries. */
  static final int MAX_STUDIES_COUNTED_BY_QUERY = 1000;

  private final ProbeContext context;
  private final String key;
  private final DicomClient client;
  private final Set<String> services;
  private final Set<String> exposed = new TreeSet<>();
  private boolean ssn;
  private boolean truncated;

  ExposureCounter(ProbeContext context, String key, DicomClient client, Set<String> services) {
    this.context = context;
    this.key = key;
    this.client = client;
    this.services = services;
  }

  QueryExposure count() {
    int studyStatus = -1;
    long studies = 0;
    long instances = 0;
    String counted = "unknown";
    String refusal = null;
    boolean studyRoot = services.contains(UID.StudyRootQueryRetrieveInformationModelFind);
    QueryModel model = studyRoot ? QueryModel.STUDY_ROOT : QueryModel.PATIENT_ROOT;
    List<String> uncounted = new ArrayList<>();
    long[] sums = new long[3]; // instances counted, studies left uncounted, matches seen
    try {
      DataSet keys =
          DataSet.builder()
              .setString(Tags.StudyInstanceUID, VR.UI, "")
              .setString(Tags.NumberOfStudyRelatedInstances, VR.IS, "")
              .setString(Tags.PatientName, VR.PN, "")
              .setString(Tags.PatientID, VR.LO, "")
              .setString(Tags.PatientBirthDate, VR.DA, "")
              .setString(Tags.PatientSex, VR.CS, "")
              .setString(Tags.StudyDate, VR.DA, "")
              .setString(Tags.StudyDescription, VR.LO, "")
              .setString(Tags.AccessionNumber, VR.SH, "")
              .setString(Tags.ReferringPhysicianName, VR.PN, "")
              .setString(Tags.ModalitiesInStudy, VR.CS, "")
              .build();
      context.rate().acquire();
      context.log().sent(key, "C-FIND-RQ " + model + " STUDY (counting)");
      QueryResult r =
          client.find(
              model,
              QueryLevel.STUDY,
              keys,
              m -> {
                observe(m);
                sums[2]++;
                String n = m.getString(Tags.NumberOfStudyRelatedInstances);
                long count = parseCount(n);
                if (count < 0) {
                  String uid = m.getString(Tags.StudyInstanceUID);
                  if (uid != null && uncounted.size() < MAX_STUDIES_COUNTED_BY_QUERY) {
                    uncounted.add(uid); // held in memory only while counting, never reported
                  } else {
                    sums[1]++;
                  }
                } else {
                  sums[0] += count;
                }
                return continueUnlessAtLimit(sums[2]);
              });
      studyStatus = r.status();
      studies = r.matches();
      truncated |= r.cancelled();
      if (r.status() != 0) {
        refusal = "study-level C-FIND answered status " + hex(r.status()) + comment(r);
      }
      instances = sums[0];
      if (studies == 0) {
        counted = "study-related-instances";
      } else if (uncounted.isEmpty() && sums[1] == 0) {
        counted = "study-related-instances";
      } else {
        long byQuery = 0;
        boolean complete = sums[1] == 0;
        for (String study : uncounted) {
          long n = countByQuery(model, study);
          if (n < 0) {
            complete = false;
          } else {
            byQuery += n;
          }
        }
        instances += byQuery;
        counted = complete ? (sums[0] > 0 ? "mixed" : "image-query") : "partial";
      }
      uncounted.clear();
    } catch (IOException e) {
      refusal = "study-level C-FIND failed: " + e.getMessage();
      instances = -1;
    }
    int patientStatus = -1;
    long patients = 0;
    if (services.contains(UID.PatientRootQueryRetrieveInformationModelFind)) {
      try {
        DataSet keys =
            DataSet.builder()
                .setString(Tags.PatientID, VR.LO, "")
                .setString(Tags.PatientName, VR.PN, "")
                .setString(Tags.PatientBirthDate, VR.DA, "")
                .setString(Tags.PatientSex, VR.CS, "")
                .setString(Tags.OtherPatientIDs, VR.LO, "")
                .build();
        long[] seen = new long[1];
        context.rate().acquire();
        context.log().sent(key, "C-FIND-RQ PATIENT_ROOT PATIENT (counting)");
        QueryResult r =
            client.find(
                QueryModel.PATIENT_ROOT,
                QueryLevel.PATIENT,
                keys,
                m -> {
                  observe(m);
                  return continueUnlessAtLimit(++seen[0]);
                });
        patientStatus = r.status();
        patients = r.matches();
        truncated |= r.cancelled();
        if (r.status() != 0 && refusal == null) {
          refusal = "patient-level C-FIND answered status " + hex(r.status()) + comment(r);
        }
      } catch (IOException e) {
        if (refusal == null) {
          refusal = "patient-level C-FIND failed: " + e.getMessage();
        }
      }
    }
    if (studyStatus != 0 && studies == 0) {
      instances = studyStatus == -1 ? -1 : 0;
    }
    return new QueryExposure(
        studyStatus,
        studies,
        instances,
        counted,
        patientStatus,
        patients,
        List.copyOf(exposed),
        ssn,
        truncated,
        refusal);
  }

  private boolean continueUnlessAtLimit(long seen) {
    return seen < context.settings().maxMatches();
  }

  /** Instances of one study, by series-level then image-level queries; -1 when refused. */
  private long countByQuery(QueryModel model, String study) {
    try {
      List<String> series = new ArrayList<>();
      context.rate().acquire();
      context.log().sent(key, "C-FIND-RQ " + model + " SERIES (counting)");
      QueryResult r =
          client.find(
              model,
              QueryLevel.SERIES,
              DataSet.builder()
                  .setString(Tags.StudyInstanceUID, VR.UI, study)
                  .setString(Tags.SeriesInstanceUID, VR.UI, "")
                  .build(),
              m -> {
                String uid = m.getString(Tags.SeriesInstanceUID);
                if (uid != null) {
                  series.add(uid);
                }
                return series.size() < context.settings().maxMatches();
              });
      if (r.status() != 0) {
        return -1;
      }
      long n = 0;
      long[] seen = new long[1];
      for (String s : series) {
        context.rate().acquire();
        context.log().sent(key, "C-FIND-RQ " + model + " IMAGE (counting)");
        QueryResult images =
            client.find(
                model,
                QueryLevel.IMAGE,
                DataSet.builder()
                    .setString(Tags.StudyInstanceUID, VR.UI, study)
                    .setString(Tags.SeriesInstanceUID, VR.UI, s)
                    .setString(Tags.SOPInstanceUID, VR.UI, "")
                    .build(),
                m -> images(seen));
        if (images.status() != 0) {
          return -1;
        }
        truncated |= images.cancelled();
        n += images.matches();
      }
      return n;
    } catch (IOException e) {
      return -1;
    }
  }

  private boolean images(long[] seen) {
    return continueUnlessAtLimit(++seen[0]);
  }

  /** Keeps the names of the attributes with values and the SSN flag; drops the values. */
  private void observe(DataSet match) {
    for (Element e : match) {
      if (NOT_PATIENT_DATA.contains(e.tag()) || e.isEmpty()) {
        continue;
      }
      String keyword = ElementDictionary.keywordOf(e.tag());
      exposed.add(
          keyword == null || keyword.isEmpty() ? String.format("(%08X)", e.tag()) : keyword);
      if (isText(e.vr())) {
        String[] values = match.getStrings(e.tag());
        if (values != null) {
          for (String v : values) {
            if (v != null && SSN.matcher(v.strip()).matches()) {
              ssn = true;
            }
          }
        }
      }
    }
  }

  private static boolean isText(VR vr) {
    return vr == VR.LO
        || vr == VR.SH
        || vr == VR.PN
        || vr == VR.CS
        || vr == VR.LT
        || vr == VR.ST
        || vr == VR.UT
        || vr == VR.UC;
  }

  static long parseCount(String text) {
    if (text == null || text.isBlank()) {
      return -1;
    }
    try {
      long n = Long.parseLong(text.strip());
      return n < 0 ? -1 : n;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String hex(int status) {
    return String.format("%04X", status);
  }

  private static String comment(QueryResult r) {
    return r.errorComment() == null ? "" : " (" + r.errorComment() + ")";
  }
}
