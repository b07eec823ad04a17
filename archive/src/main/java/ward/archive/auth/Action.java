package ward.archive.auth;

/** Everything an entry point can ask to do. */
public enum Action {
  ECHO,
  STORE,
  QUERY,
  RETRIEVE,
  DELETE,
  MANAGE_USERS,
  MANAGE_ENTITIES,
  VIEW_SYSTEM,
  READ_AUDIT,
  /** A user's own account: who they are, their second factor. */
  OWN_ACCOUNT,
  /** A patient's accounting of disclosures: accesses to their own studies. */
  READ_OWN_AUDIT
}
