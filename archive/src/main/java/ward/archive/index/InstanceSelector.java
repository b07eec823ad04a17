package ward.archive.index;

import java.util.List;

/**
 * Which instances a retrieve or delete names: unique keys at and above a level (PS3.4 C.4.2.2.1),
 * each a list (empty: not constrained).
 *
 * @param scope when not null, only instances of studies in it are selected
 */
public record InstanceSelector(
    Level level,
    String patientId,
    List<String> studyInstanceUids,
    List<String> seriesInstanceUids,
    List<String> sopInstanceUids,
    StudyScope scope) {}
