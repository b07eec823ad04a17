package ward.archive.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Provisioning while the archive runs: the embedded database admits one process, so {@code ward
 * user add} drops a request into {@code DATA/provision/} and the running archive carries it out and
 * answers beside it. The password is hashed by the requesting command; only the Argon2id hash is
 * written. Whoever can write into the data directory already controls the archive, so the inbox
 * grants nothing new; it is created with mode 0700 all the same.
 */
public final class ProvisioningInbox {
  private static final Pattern REQUEST = Pattern.compile("[0-9a-f]{32}\\.request");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;

  public ProvisioningInbox(Path dataDir) throws IOException {
    this.dir = dataDir.resolve("provision");
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the data directory's own protection applies
      }
    }
  }

  /** A request to add a user. */
  public record AddUser(String name, Set<Role> roles, Set<String> patientIds, String hash) {

    /** Checks the account rules and hashes the password here, in the requesting process. */
    public static AddUser of(String name, Set<Role> roles, char[] password, Set<String> patientIds)
        throws IdentityException {
      AccountRules.checkName(name);
      AccountRules.checkRoles(roles, patientIds);
      AccountRules.checkPassword(name, password);
      return new AddUser(name, roles, patientIds, new PasswordHasher().hash(password));
    }
  }

  /** Files a request and waits for the running archive's answer; returns its message. */
  public String submit(AddUser request, Duration wait) throws IOException, IdentityException {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String name = HexFormat.of().formatHex(id);
    StringBuilder text = new StringBuilder();
    text.append("action=user-add\n");
    text.append("name=").append(request.name()).append('\n');
    text.append("roles=")
        .append(String.join(",", request.roles().stream().map(Role::name).toList()))
        .append('\n');
    text.append("patient-ids=").append(String.join("\\", request.patientIds())).append('\n');
    text.append("hash=").append(request.hash()).append('\n');
    Path temp = dir.resolve(name + ".writing");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, dir.resolve(name + ".request"), StandardCopyOption.ATOMIC_MOVE);
    Path done = dir.resolve(name + ".done");
    Path failed = dir.resolve(name + ".failed");
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(done)) {
        String answer = Files.readString(done, StandardCharsets.UTF_8).strip();
        Files.deleteIfExists(done);
        return answer;
      }
      if (Files.exists(failed)) {
        String answer = Files.readString(failed, StandardCharsets.UTF_8).strip();
        Files.deleteIfExists(failed);
        throw new IdentityException(answer);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Files.deleteIfExists(dir.resolve(name + ".request"));
    throw new IOException("the running archive did not answer within " + wait.toSeconds() + " s");
  }

  /** Hears the outcome of each request carried out: for the audit trail. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param ok whether the request was carried out
     * @param answer what was done, or why not (never a password or hash)
     */
    void processed(boolean ok, String answer);
  }

  /** Carries out every waiting request (called by the running archive, periodically). */
  public int process(Users users) throws IOException {
    return process(users, (ok, answer) -> {});
  }

  /** Carries out every waiting request, telling {@code listener} each outcome. */
  public int process(Users users, Listener listener) throws IOException {
    int n = 0;
    try (DirectoryStream<Path> requests = Files.newDirectoryStream(dir)) {
      for (Path p : requests) {
        String file = p.getFileName().toString();
        if (!REQUEST.matcher(file).matches()) {
          continue;
        }
        String id = file.substring(0, 32);
        String answer;
        boolean ok;
        try {
          answer = carryOut(Files.readString(p, StandardCharsets.UTF_8), users);
          ok = true;
        } catch (IdentityException | IllegalArgumentException e) {
          answer = e.getMessage();
          ok = false;
        }
        Files.deleteIfExists(p);
        listener.processed(ok, answer);
        Files.writeString(
            dir.resolve(id + (ok ? ".done" : ".failed")), answer + "\n", StandardCharsets.UTF_8);
        n++;
      }
    }
    return n;
  }

  private static String carryOut(String text, Users users) throws IdentityException {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (!"user-add".equals(fields.get("action"))) {
      throw new IllegalArgumentException("unknown provisioning request");
    }
    String name = fields.getOrDefault("name", "");
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : fields.getOrDefault("roles", "").split(",")) {
      if (!r.isBlank()) {
        roles.add(Role.valueOf(r.strip().toUpperCase(Locale.ROOT)));
      }
    }
    String ids = fields.getOrDefault("patient-ids", "");
    Set<String> patientIds = ids.isEmpty() ? Set.of() : Set.of(ids.split("\\\\"));
    users.addHashed(name, roles, fields.getOrDefault("hash", ""), patientIds);
    return "added user " + name + " with roles " + roles;
  }
}
