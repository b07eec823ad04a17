package ward.archive.index;

import ward.dicom.DataSet;

/**
 * A query at one level (C-FIND or QIDO-RS).
 *
 * @param keys matching keys and return keys, as in a C-FIND identifier (PS3.4 C.2.2.2): a value is
 *     a matching key, an empty element is a return key
 * @param allAttributes return every attribute recorded at this level and the levels above, not only
 *     the requested ones (QIDO-RS includefield=all)
 * @param scope when not null, only studies in it match
 * @param offset matches to skip
 * @param limit at most this many matches (0: no limit)
 */
public record IndexQuery(
    QueryModel model,
    Level level,
    DataSet keys,
    boolean allAttributes,
    StudyScope scope,
    int offset,
    int limit) {}
