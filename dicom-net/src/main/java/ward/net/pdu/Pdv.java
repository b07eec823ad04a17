package ward.net.pdu;

import java.util.Arrays;

/**
 * A presentation data value (PS3.8 9.3.5.1): a fragment of a command or data set for one
 * presentation context.
 *
 * @param contextId the presentation context (odd, 1-255)
 * @param command true for a command fragment, false for a data set fragment
 * @param last true for the last fragment of the command or data set
 * @param data the fragment (owned by the record)
 */
public record Pdv(int contextId, boolean command, boolean last, byte[] data) {

  /** The message control header byte (PS3.8 E.2). */
  public int controlHeader() {
    return (command ? 1 : 0) | (last ? 2 : 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pdv p
        && p.contextId == contextId
        && p.command == command
        && p.last == last
        && Arrays.equals(p.data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data) * 31 + controlHeader() * 256 + contextId;
  }

  @Override
  public String toString() {
    return "Pdv[pc="
        + contextId
        + (command ? " command" : " data")
        + (last ? " last" : "")
        + " "
        + data.length
        + " bytes]";
  }
}
