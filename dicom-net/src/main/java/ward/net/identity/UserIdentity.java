package ward.net.identity;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import ward.net.pdu.UserInformation.UserIdentityRq;

/**
 * The user identity an association requestor asserts (PS3.7 D.3.3.7), parsed once from the
 * A-ASSOCIATE-RQ's sub-item into a typed value. None of these print the passcode or token they
 * carry.
 */
public sealed interface UserIdentity
    permits UserIdentity.Username,
        UserIdentity.UsernameAndPasscode,
        UserIdentity.KerberosTicket,
        UserIdentity.SamlAssertion,
        UserIdentity.JsonWebToken {

  /** The User-Identity-Type values of PS3.7 Table D.3-14. */
  enum Kind {
    USERNAME(1),
    USERNAME_AND_PASSCODE(2),
    KERBEROS(3),
    SAML(4),
    JWT(5);

    public final int code;

    Kind(int code) {
      this.code = code;
    }
  }

  Kind kind();

  /** Type 1: a user name and no proof of it. */
  record Username(String name) implements UserIdentity {
    @Override
    public Kind kind() {
      return Kind.USERNAME;
    }
  }

  /** Type 2: a user name and its passcode. */
  record UsernameAndPasscode(String name, Passcode passcode) implements UserIdentity {
    @Override
    public Kind kind() {
      return Kind.USERNAME_AND_PASSCODE;
    }

    @Override
    public String toString() {
      return "UsernameAndPasscode[name=" + name + ", passcode=(hidden)]";
    }
  }

  /** Type 3: a Kerberos service ticket (RFC 1510), as sent. */
  // The array is copied in and out; equals, hashCode and toString are overridden.
  @SuppressWarnings("ArrayRecordComponent")
  record KerberosTicket(byte[] ticket) implements UserIdentity {
    public KerberosTicket {
      ticket = ticket.clone();
    }

    @Override
    public byte[] ticket() {
      return ticket.clone();
    }

    @Override
    public Kind kind() {
      return Kind.KERBEROS;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof KerberosTicket k && java.util.Arrays.equals(k.ticket, ticket);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(ticket);
    }

    @Override
    public String toString() {
      return "KerberosTicket[" + ticket.length + " bytes]";
    }
  }

  /** Type 4: a SAML assertion, as sent. */
  // The array is copied in and out; equals, hashCode and toString are overridden.
  @SuppressWarnings("ArrayRecordComponent")
  record SamlAssertion(byte[] assertion) implements UserIdentity {
    public SamlAssertion {
      assertion = assertion.clone();
    }

    @Override
    public byte[] assertion() {
      return assertion.clone();
    }

    @Override
    public Kind kind() {
      return Kind.SAML;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SamlAssertion s && java.util.Arrays.equals(s.assertion, assertion);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(assertion);
    }

    @Override
    public String toString() {
      return "SamlAssertion[" + assertion.length + " bytes]";
    }
  }

  /** Type 5: a JSON Web Token (RFC 7519) in compact serialization. */
  record JsonWebToken(String token) implements UserIdentity {
    @Override
    public Kind kind() {
      return Kind.JWT;
    }

    @Override
    public String toString() {
      return "JsonWebToken[" + token.length() + " characters]";
    }
  }

  /**
   * Parses the user identity sub-item. User names must be non-empty UTF-8 without control
   * characters; passcodes UTF-8 (PS3.7 D.3.3.7.1); the secondary field must be empty for every type
   * but 2.
   *
   * @throws IdentityFormatException when the sub-item breaks these rules or names an unknown type
   */
  static UserIdentity parse(UserIdentityRq rq) throws IdentityFormatException {
    byte[] primary = rq.primaryField();
    byte[] secondary = rq.secondaryField();
    if (rq.type() != Kind.USERNAME_AND_PASSCODE.code && secondary.length != 0) {
      throw new IdentityFormatException(
          "user identity type " + rq.type() + " carries a secondary field");
    }
    if (primary.length == 0) {
      throw new IdentityFormatException("user identity type " + rq.type() + " is empty");
    }
    return switch (rq.type()) {
      case 1 -> new Username(userName(primary));
      case 2 -> new UsernameAndPasscode(userName(primary), Passcode.ofUtf8(secondary));
      case 3 -> new KerberosTicket(primary);
      case 4 -> new SamlAssertion(primary);
      case 5 -> new JsonWebToken(new String(primary, StandardCharsets.ISO_8859_1));
      default -> throw new IdentityFormatException("unknown user identity type " + rq.type());
    };
  }

  private static String userName(byte[] utf8) throws IdentityFormatException {
    String name = utf8(utf8, "user name");
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new IdentityFormatException("user name contains a control character");
      }
    }
    return name;
  }

  /** Strict UTF-8: malformed or unmappable input is refused, not replaced. */
  static String utf8(byte[] bytes, String what) throws IdentityFormatException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IdentityFormatException(what + " is not valid UTF-8");
    }
  }
}
