package ward.net.client;

/**
 * The outcome of a C-FIND.
 *
 * @param status the final response's status
 * @param errorComment the peer's error comment, or null
 * @param matches how many matches were handed to the handler
 * @param cancelled whether this side cancelled the query
 */
public record QueryResult(int status, String errorComment, int matches, boolean cancelled) {

  /** Success, or cancelled at this side's request. */
  public boolean ok() {
    Status.Kind k = Status.kindOf(status);
    return k == Status.Kind.SUCCESS || k == Status.Kind.WARNING || k == Status.Kind.CANCEL;
  }
}
