package ward.archive.auth;

import java.time.Duration;

/**
 * When password guessing is stopped. An account is locked for {@code duration} after {@code
 * accountFailures} failed logins in a row (a success starts the count again); a remote address is
 * refused for {@code duration} after {@code addressFailures} failed logins against any accounts,
 * each within {@code duration} of the one before, so that one address cannot try a few passwords on
 * each of many accounts. A success from an address takes back only its own attempt: one valid
 * account does not reset the address's count.
 *
 * <p>The address limit is higher than the account limit because many people can share one address
 * (a hospital behind NAT). IPv6 addresses count by their /64 prefix, which one host usually holds
 * entirely.
 */
public record Lockout(int accountFailures, int addressFailures, Duration duration) {

  /** Five failures lock an account, twenty an address, for fifteen minutes. */
  public static final Lockout DEFAULT = new Lockout(5, 20, Duration.ofMinutes(15));

  public Lockout {
    if (accountFailures < 1 || addressFailures < 1) {
      throw new IllegalArgumentException("failure limits are at least 1");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("the lockout duration must be positive");
    }
  }
}
