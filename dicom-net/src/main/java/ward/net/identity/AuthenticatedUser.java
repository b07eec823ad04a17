package ward.net.identity;

/**
 * The principal an association runs as, once a verifier has accepted its identity.
 *
 * @param name the user name (for a JWT, its {@code sub} claim)
 * @param kind how the user proved it
 * @param issuer who vouched for it: the JWT issuer, a Kerberos realm, a SAML IdP; "local" for
 *     Ward's own user table
 */
public record AuthenticatedUser(String name, UserIdentity.Kind kind, String issuer) {}
