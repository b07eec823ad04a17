package ward.scan.dicom;

/**
 * The result of an opt-in test that moves data: retrieving one instance (discarded unread) or
 * storing one synthetic test instance.
 *
 * @param attempted whether it was tried
 * @param succeeded whether the peer delivered or accepted the instance
 * @param detail what happened in words
 */
public record ActiveTest(boolean attempted, boolean succeeded, String detail) {
  public static ActiveTest notTried(String why) {
    return new ActiveTest(false, false, why);
  }
}
