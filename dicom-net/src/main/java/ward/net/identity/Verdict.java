package ward.net.identity;

import java.util.Objects;

/** What an {@link IdentityVerifier} decided. */
public sealed interface Verdict permits Verdict.Authenticated, Verdict.Refused {

  /**
   * The identity holds.
   *
   * @param serverResponse what the acceptor returns when a positive response was requested (PS3.7
   *     D.3.3.7.2): the Kerberos server ticket, the SAML response; empty otherwise
   */
  @SuppressWarnings("ArrayRecordComponent") // copied in and out; equals and toString overridden
  record Authenticated(AuthenticatedUser user, byte[] serverResponse) implements Verdict {
    public Authenticated {
      Objects.requireNonNull(user);
      serverResponse = serverResponse.clone();
    }

    @Override
    public byte[] serverResponse() {
      return serverResponse.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Authenticated a
          && a.user.equals(user)
          && java.util.Arrays.equals(a.serverResponse, serverResponse);
    }

    @Override
    public int hashCode() {
      return user.hashCode();
    }

    @Override
    public String toString() {
      return "Authenticated[" + user + ", response " + serverResponse.length + " bytes]";
    }
  }

  /**
   * The identity does not hold. The reason is for Ward's log and audit trail, never sent to the
   * peer, and never quotes a passcode or token.
   */
  record Refused(String reason) implements Verdict {}

  static Verdict authenticated(AuthenticatedUser user) {
    return new Authenticated(user, new byte[0]);
  }

  static Verdict refused(String reason) {
    return new Refused(reason);
  }
}
