package ward.net.identity;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Routes each kind of identity to the verifier configured for it. A kind with no verifier is
 * refused, with a reason that says so: Ward has no built-in Kerberos or SAML verification, and a
 * bare user name (type 1) proves nothing, so each is refused until a site plugs one in.
 */
public final class IdentityVerifiers implements IdentityVerifier {

  private final Map<UserIdentity.Kind, IdentityVerifier> byKind;

  private IdentityVerifiers(Map<UserIdentity.Kind, IdentityVerifier> byKind) {
    this.byKind = new EnumMap<>(byKind);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Verdict verify(UserIdentity identity, Requestor requestor) {
    IdentityVerifier v = byKind.get(identity.kind());
    if (v == null) {
      return Verdict.refused(refusalFor(identity.kind()));
    }
    Verdict verdict = v.verify(identity, requestor);
    return verdict == null
        ? Verdict.refused("the " + identity.kind() + " verifier decided nothing")
        : verdict;
  }

  private static String refusalFor(UserIdentity.Kind kind) {
    return switch (kind) {
      case USERNAME ->
          "a user name without a passcode proves nothing; user names alone are not accepted here";
      case USERNAME_AND_PASSCODE -> "user names and passcodes are not accepted here";
      case KERBEROS -> "Kerberos tickets are not accepted here: no Kerberos verifier is configured";
      case SAML -> "SAML assertions are not accepted here: no SAML verifier is configured";
      case JWT -> "JSON Web Tokens are not accepted here: no JWT verifier is configured";
    };
  }

  /** Collects one verifier per kind. */
  public static final class Builder {
    private final Map<UserIdentity.Kind, IdentityVerifier> byKind =
        new EnumMap<>(UserIdentity.Kind.class);

    private Builder() {}

    /** Verifies type 1 (user name only): for sites that really trust the network, not advised. */
    public Builder usernames(IdentityVerifier v) {
      return put(UserIdentity.Kind.USERNAME, v);
    }

    public Builder passcodes(IdentityVerifier v) {
      return put(UserIdentity.Kind.USERNAME_AND_PASSCODE, v);
    }

    public Builder kerberos(IdentityVerifier v) {
      return put(UserIdentity.Kind.KERBEROS, v);
    }

    public Builder saml(IdentityVerifier v) {
      return put(UserIdentity.Kind.SAML, v);
    }

    public Builder jwt(IdentityVerifier v) {
      return put(UserIdentity.Kind.JWT, v);
    }

    private Builder put(UserIdentity.Kind kind, IdentityVerifier v) {
      byKind.put(kind, Objects.requireNonNull(v));
      return this;
    }

    public IdentityVerifiers build() {
      return new IdentityVerifiers(byKind);
    }
  }
}
