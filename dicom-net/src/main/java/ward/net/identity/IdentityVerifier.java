package ward.net.identity;

/**
 * Decides whether an asserted user identity holds. Implementations are plug-ins: the archive's user
 * table (Argon2id passwords, lockout), the built-in {@link JwtVerifier}, and whatever a site adds
 * for Kerberos or SAML; {@link IdentityVerifiers} routes each kind to its verifier.
 *
 * <p>A verifier must not throw for bad input: it refuses. It must not log the passcode or token.
 */
@FunctionalInterface
public interface IdentityVerifier {

  Verdict verify(UserIdentity identity, Requestor requestor);
}
