package ward.dicom.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Access to the reference implementations the tests compare Ward with: Debian's pydicom (run by the
 * system interpreter, which owns the package) and dcmtk. The README's test command installs both; a
 * test that needs one fails with an explanation when it is missing, it is never skipped.
 */
public final class Oracles {

  /** Debian's python3-pydicom belongs to this interpreter, not to whatever python3 is on PATH. */
  public static final String PYTHON = "/usr/bin/python3";

  private static Path pydicomData;

  private Oracles() {}

  /** The folder holding pydicom's {@code test_files} and {@code charset_files}. */
  public static synchronized Path pydicomDataDir() {
    if (pydicomData == null) {
      String out =
          run(
                  List.of(
                      PYTHON,
                      "-c",
                      "import os, pydicom.data; print(os.path.dirname(pydicom.data.__file__))"),
                  null)
              .trim();
      pydicomData = Path.of(out);
    }
    return pydicomData;
  }

  /** Runs a Python script kept in {@code src/test/python} with the given arguments. */
  public static String runPythonScript(String script, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(PYTHON);
    command.add(pythonScript(script).toString());
    command.addAll(args);
    return run(command, null);
  }

  public static Path pythonScript(String name) {
    Path p = Path.of("src", "test", "python", name);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("missing test script " + p.toAbsolutePath());
    }
    return p;
  }

  /**
   * Runs a command and returns its standard output; throws with its standard error when it exits
   * non-zero or cannot be started (for example when the Debian package is not installed).
   */
  public static String run(List<String> command, byte[] stdin) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin);
      }
      p.getOutputStream().close();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread errPump = new Thread(() -> copy(p.getErrorStream(), err));
      errPump.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      errPump.join();
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "command failed ("
                + p.exitValue()
                + "): "
                + command
                + "\n"
                + err.toString(StandardCharsets.UTF_8));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run "
              + command.get(0)
              + " (the README's test command installs dcmtk and python3-pydicom): "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the process ended; whatever was read is kept
    }
  }
}
