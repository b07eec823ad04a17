package ward.archive.index;

import java.util.List;
import java.util.Set;

/**
 * Which instances a retrieve or delete names: unique keys at and above a level (PS3.4 C.4.2.2.1),
 * each a list (empty: not constrained).
 *
 * @param patientScope when not null, only instances of these patient IDs are selected
 */
public record InstanceSelector(
    Level level,
    String patientId,
    List<String> studyInstanceUids,
    List<String> seriesInstanceUids,
    List<String> sopInstanceUids,
    Set<String> patientScope) {}
