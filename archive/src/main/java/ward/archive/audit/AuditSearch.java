package ward.archive.audit;

import java.time.Instant;

/**
 * What an auditor searches the trail by; every member but the limit may be left out (null, or
 * false).
 *
 * @param user the requestor exactly as recorded: a user name or AE title
 * @param event the event's name exactly as recorded ("Query", "User Authentication", ...)
 * @param from the earliest time, inclusive
 * @param to the latest time, exclusive
 * @param failuresOnly only events whose outcome was not success
 * @param limit at most this many records, newest first
 */
public record AuditSearch(
    String user, String event, Instant from, Instant to, boolean failuresOnly, int limit) {
  public AuditSearch {
    if (limit < 1) {
      throw new IllegalArgumentException("a search returns at least one record");
    }
  }
}
