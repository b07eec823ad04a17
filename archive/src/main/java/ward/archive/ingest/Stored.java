package ward.archive.ingest;

import ward.archive.index.StoredInstance;

/**
 * An instance the archive now holds durably.
 *
 * @param instance where it is
 * @param duplicate true when an identical SOP Instance UID was already stored and kept (the new
 *     copy was discarded) or replaced, as the duplicate policy says
 * @param coerced true when the archive changed attributes before storing it (data minimization
 *     removed identifiers); C-STORE answers B000 and STOW-RS a warning for it
 */
public record Stored(StoredInstance instance, boolean duplicate, boolean coerced) {}
