package ward.archive.auth;

/**
 * The outcome of a password login. The refusal reason is for Ward's log and audit trail only: the
 * caller is told the same thing for every refusal, so that nobody learns which user names exist.
 */
public sealed interface Login permits Login.Accepted, Login.Refused {

  record Accepted(Principal principal) implements Login {}

  record Refused(Reason reason) implements Login {}

  enum Reason {
    /** No user of that name (or a name no user could have). */
    UNKNOWN_USER,
    WRONG_PASSWORD,
    /** The password was right but the second factor's code was missing, wrong or used before. */
    WRONG_CODE,
    /** Too many failures in a row: refused even with the right password until the lock ends. */
    ACCOUNT_LOCKED,
    /** Too many failures from the caller's address; no password was checked. */
    ADDRESS_LOCKED
  }
}
