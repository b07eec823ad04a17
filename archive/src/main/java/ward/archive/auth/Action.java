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
  READ_OWN_AUDIT,
  /** A patient asks for one of their own studies to be deleted; an administrator decides. */
  REQUEST_DELETION,
  /** Download the archive's CA certificate (public): every role, so every client can trust it. */
  READ_CA_CERTIFICATE
}
