package ward.archive.auth;

/** What a user or an application entity is for; each grants the fewest actions that serve it. */
public enum Role {
  /** Manages users, entities, policies and the system; does not read images by this role alone. */
  ADMINISTRATOR,
  /** Reads: query, retrieve and view every study. */
  READER,
  /** Sends images in: a modality or a person uploading. Store and echo only. */
  UPLOADER,
  /** A referring physician: reads only studies granted to them (per-study rules, later). */
  REFERRER,
  /** Reads the audit trail and integrity status; no images. */
  AUDITOR,
  /** A patient: reads only the studies of their own patient IDs. */
  PATIENT
}
