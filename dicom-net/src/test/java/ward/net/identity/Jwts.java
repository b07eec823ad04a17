package ward.net.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints JWTs for tests with the JDK (RFC 7515 compact serialization). */
final class Jwts {
  private Jwts() {}

  static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String hs256(byte[] secret, String headerJson, String claimsJson)
      throws GeneralSecurityException {
    String input = b64(headerJson) + "." + b64(claimsJson);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  static String rs256(PrivateKey key, String headerJson, String claimsJson)
      throws GeneralSecurityException {
    return sign("SHA256withRSA", key, headerJson, claimsJson);
  }

  static String es256(PrivateKey key, String headerJson, String claimsJson)
      throws GeneralSecurityException {
    return sign("SHA256withECDSAinP1363Format", key, headerJson, claimsJson);
  }

  private static String sign(String algorithm, PrivateKey key, String headerJson, String claimsJson)
      throws GeneralSecurityException {
    String input = b64(headerJson) + "." + b64(claimsJson);
    Signature s = Signature.getInstance(algorithm);
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64(s.sign());
  }

  /** A claims set for Ward's test issuer and audience. */
  static String claims(String sub, long exp) {
    return "{\"iss\":\"https://idp.test\",\"aud\":\"ward\",\"sub\":\""
        + sub
        + "\",\"exp\":"
        + exp
        + "}";
  }
}
