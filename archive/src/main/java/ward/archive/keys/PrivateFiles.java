package ward.archive.keys;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold secrets (keys) or must not be readable by others. A file appears whole or not at
 * all (written beside, synced, then renamed), and a private file is created with mode 0600 from the
 * start, so it is never readable by others, not even for a moment.
 */
public final class PrivateFiles {
  private PrivateFiles() {}

  public static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> PUBLIC =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  public static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Creates {@code dir} if needed and makes it accessible to its owner only. */
  public static void privateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (posix()) {
      Files.setPosixFilePermissions(dir, PRIVATE_DIRECTORY);
    }
  }

  /** Whether group or others may read or write {@code file} (always false off POSIX). */
  public static boolean exposed(Path file) throws IOException {
    if (!posix()) {
      return false;
    }
    for (PosixFilePermission p : Files.getPosixFilePermissions(file)) {
      if (!p.name().startsWith("OWNER_")) {
        return true;
      }
    }
    return false;
  }

  /** Writes {@code bytes} to {@code file} with mode 0600, atomically and durably. */
  public static void writePrivate(Path file, byte[] bytes) throws IOException {
    write(file, bytes, OWNER_ONLY);
  }

  /** Writes {@code bytes} to {@code file} with the given mode, atomically and durably. */
  public static void write(Path file, byte[] bytes, Set<PosixFilePermission> mode)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    FileAttribute<?>[] attributes =
        posix()
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
            : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes);
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(ch)) {
        out.write(bytes);
        out.flush();
        ch.force(true);
      }
      if (posix()) {
        Files.setPosixFilePermissions(temp, mode); // createTempFile's mode is subject to umask
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Forces a directory's entries to disk, so a rename survives a crash (POSIX file systems). */
  public static void forceDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
