package ward.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ward.net.AssociationAbortedException;
import ward.net.AssociationRejectedException;
import ward.net.client.ClientSettings;
import ward.net.client.DicomClient;
import ward.net.client.DimseStatusException;
import ward.net.client.Peer;
import ward.net.pdu.UserInformation.UserIdentityRq;
import ward.net.tls.TlsProfile;

/**
 * The options every network command shares: the peer, the calling AE title, TLS, the user identity
 * and the timeout; and the one place that turns failures into exit statuses: 0 success, 1 a DICOM
 * failure, rejection or network error, 2 invalid input.
 */
final class PeerOptions {

  /** Exit status for DICOM failures, rejections and network errors. */
  static final int FAILED = 1;

  /** Exit status for invalid input and usage. */
  static final int INVALID = 2;

  /** The largest password or token file read. */
  private static final int MAX_SECRET_BYTES = 64 * 1024;

  @Parameters(
      index = "0",
      paramLabel = "PEER",
      description = "the peer, CALLED_AE@HOST:PORT (an IPv6 address in brackets: AE@[::1]:104)")
  String peer;

  @Option(
      names = "--aet",
      paramLabel = "CALLING",
      defaultValue = ClientSettings.DEFAULT_CALLING_AE,
      description = "this side's AE title (default: ${DEFAULT-VALUE})")
  String callingAe;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "bound on connecting, on the association answer and on each wait for a response"
              + " (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(names = "--tls", description = "use TLS (PS3.15 BCP 195 profile)")
  boolean tls;

  @Option(
      names = "--trust",
      paramLabel = "CA.pem",
      description = "with --tls: the certificates (PEM) that may sign the peer's certificate")
  Path trust;

  @Option(
      names = "--cert",
      paramLabel = "CERT.pem",
      description = "with --tls: this side's certificate chain (PEM), with --key")
  Path cert;

  @Option(
      names = "--key",
      paramLabel = "KEY.pem",
      description = "with --tls: the private key (PEM, PKCS #8) of --cert")
  Path key;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      description = "the user name to present (PS3.7 D.3.3.7)")
  String user;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "with --user: a file holding the password (passwords are never taken on the command"
              + " line, where other users and shell history can see them)")
  Path passwordFile;

  @Option(
      names = "--jwt",
      paramLabel = "FILE",
      description = "a file holding a JSON Web Token to present instead of a user name")
  Path jwtFile;

  /** Invalid input, reported with exit status 2. */
  static final class InvalidInput extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidInput(String message) {
      super(message);
    }
  }

  /**
   * Makes the socket factory for {@code --tls}: trusted certificates, and optionally this side's
   * certificate and key, all PEM files.
   */
  @FunctionalInterface
  interface TlsSockets {
    SocketFactory clientFactory(Path trust, Path cert, Path key)
        throws IOException, GeneralSecurityException;
  }

  /** Client sockets of the BCP 195 profile, from {@code ward.net.tls}. */
  static final TlsSockets TLS_SOCKETS =
      (trust, cert, key) -> {
        TlsProfile.Builder b = TlsProfile.builder().trustedCertificates(trust);
        if (cert != null) {
          b.keyAndChain(key, cert);
        }
        return b.build().socketFactory();
      };

  /** The client these options describe. */
  DicomClient client() throws InvalidInput, IOException {
    Peer p;
    try {
      p = Peer.parse(peer);
    } catch (IllegalArgumentException e) {
      throw new InvalidInput("invalid peer: " + e.getMessage());
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 86_400) {
      throw new InvalidInput("--timeout must be between 1 and 86400 seconds");
    }
    ClientSettings settings;
    try {
      Duration t = Duration.ofSeconds(timeoutSeconds);
      settings =
          ClientSettings.defaults()
              .withCallingAe(callingAe)
              .withTimeouts(t, t)
              .withIdentity(identity())
              .withSocketFactory(socketFactory());
    } catch (IllegalArgumentException e) {
      throw new InvalidInput(e.getMessage());
    }
    return new DicomClient(p, settings);
  }

  private SocketFactory socketFactory() throws InvalidInput {
    if (!tls) {
      if (trust != null || cert != null || key != null) {
        throw new InvalidInput("--trust, --cert and --key need --tls");
      }
      return SocketFactory.getDefault();
    }
    if (trust == null) {
      throw new InvalidInput("--tls needs --trust CA.pem: the certificates to check the peer with");
    }
    if ((cert == null) != (key == null)) {
      throw new InvalidInput("--cert and --key go together");
    }
    readable(trust, "--trust");
    if (cert != null) {
      readable(cert, "--cert");
      readable(key, "--key");
    }
    try {
      return TLS_SOCKETS.clientFactory(trust, cert, key);
    } catch (IOException | GeneralSecurityException e) {
      throw new InvalidInput("cannot set up TLS: " + e.getMessage());
    }
  }

  private UserIdentityRq identity() throws InvalidInput {
    if (jwtFile != null) {
      if (user != null || passwordFile != null) {
        throw new InvalidInput("give either --jwt or --user, not both");
      }
      byte[] token = secret(jwtFile, "--jwt");
      for (byte b : token) {
        if (b <= ' ' || b >= 0x7F) {
          throw new InvalidInput("--jwt " + jwtFile + " does not hold a JSON Web Token");
        }
      }
      return new UserIdentityRq(UserIdentityRq.JWT, false, token, new byte[0]);
    }
    if (user == null) {
      if (passwordFile != null) {
        throw new InvalidInput("--password-file needs --user");
      }
      return null;
    }
    byte[] name = user.getBytes(StandardCharsets.UTF_8);
    if (name.length == 0 || name.length > 1024) {
      throw new InvalidInput("--user must be 1 to 1024 bytes");
    }
    if (passwordFile == null) {
      return new UserIdentityRq(UserIdentityRq.USERNAME, false, name, new byte[0]);
    }
    return new UserIdentityRq(
        UserIdentityRq.USERNAME_AND_PASSCODE, false, name, secret(passwordFile, "--password-file"));
  }

  /** The content of a secret file, without a final line break. */
  private byte[] secret(Path file, String option) throws InvalidInput {
    readable(file, option);
    byte[] b;
    try {
      if (Files.size(file) > MAX_SECRET_BYTES) {
        throw new InvalidInput(option + " " + file + " is larger than " + MAX_SECRET_BYTES);
      }
      b = Files.readAllBytes(file);
      warnIfOthersCanRead(file, option);
    } catch (IOException e) {
      throw new InvalidInput("cannot read " + option + " " + file + ": " + e.getMessage());
    }
    int n = b.length;
    if (n > 0 && b[n - 1] == '\n') {
      n--;
      if (n > 0 && b[n - 1] == '\r') {
        n--;
      }
    }
    if (n == 0) {
      throw new InvalidInput(option + " " + file + " is empty");
    }
    return Arrays.copyOf(b, n);
  }

  private PrintWriter warnings;

  /** Where warnings go (the command's error stream). */
  PeerOptions warningsTo(PrintWriter err) {
    this.warnings = err;
    return this;
  }

  private void warnIfOthersCanRead(Path file, String option) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if ((perms.contains(PosixFilePermission.GROUP_READ)
              || perms.contains(PosixFilePermission.OTHERS_READ))
          && warnings != null) {
        warnings.println(
            "ward: warning: " + option + " " + file + " can be read by other users (chmod 600 it)");
      }
    } catch (UnsupportedOperationException notPosix) {
      // no POSIX permissions to check
    }
  }

  private static void readable(Path file, String option) throws InvalidInput {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new InvalidInput(option + " " + file + " is not a readable file");
    }
  }

  /** What a command does with its client; returns the exit status. */
  @FunctionalInterface
  interface Operation {
    int run(DicomClient client) throws InvalidInput, IOException;
  }

  /**
   * Runs an operation and turns what goes wrong into a one-line reason on {@code err} ("ward store:
   * rejected permanently: called AE title not recognized") and an exit status.
   */
  int run(String command, PrintWriter err, Operation op) {
    warningsTo(err);
    String prefix = "ward " + command + ": ";
    try {
      return op.run(client());
    } catch (InvalidInput e) {
      err.println(prefix + e.getMessage());
      return INVALID;
    } catch (IllegalArgumentException e) {
      err.println(prefix + e.getMessage());
      return INVALID;
    } catch (AssociationRejectedException e) {
      err.println(prefix + e.reject().describe());
      return FAILED;
    } catch (AssociationAbortedException | DimseStatusException e) {
      err.println(prefix + e.getMessage());
      return FAILED;
    } catch (ConnectException | NoRouteToHostException e) {
      err.println(prefix + "cannot connect to " + peer + ": " + e.getMessage());
      return FAILED;
    } catch (UnknownHostException e) {
      err.println(prefix + "unknown host " + e.getMessage());
      return FAILED;
    } catch (SocketTimeoutException e) {
      err.println(prefix + "timed out after " + timeoutSeconds + " s talking to " + peer);
      return FAILED;
    } catch (SSLException e) {
      err.println(prefix + "TLS with " + peer + " failed: " + e.getMessage());
      return FAILED;
    } catch (IOException e) {
      err.println(prefix + e.getMessage());
      return FAILED;
    } finally {
      err.flush();
    }
  }
}
