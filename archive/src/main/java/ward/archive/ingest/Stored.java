package ward.archive.ingest;

import ward.archive.index.StoredInstance;

/**
 * An instance the archive now holds durably.
 *
 * @param instance where it is
 * @param duplicate true when an identical SOP Instance UID was already stored and kept (the new
 *     copy was discarded) or replaced, as the duplicate policy says
 */
public record Stored(StoredInstance instance, boolean duplicate) {}
