package ward.net.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs dcmtk and openssl in tests. */
final class ExternalTool {
  private ExternalTool() {}

  /** The exit status and combined output of a finished command. */
  record Result(int exit, String output) {}

  static Result run(int timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    return run(timeoutSeconds, new byte[0], command);
  }

  /** Runs a command with {@code stdin} as its input, then end of input. */
  static Result run(int timeoutSeconds, byte[] stdin, String... command)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().write(stdin);
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(List.of(command) + " did not finish in " + timeoutSeconds + " s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Starts a server; its output goes to a temporary file, read back by {@link #stop}. */
  static Process start(String... command) throws IOException {
    java.io.File log = java.io.File.createTempFile("ward-tool-", ".log");
    log.deleteOnExit();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    LOGS.put(p, log.toPath());
    return p;
  }

  private static final java.util.Map<Process, java.nio.file.Path> LOGS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Stops a started server and returns what it printed. */
  static String stop(Process p) throws IOException, InterruptedException {
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    java.nio.file.Path log = LOGS.remove(p);
    String out = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
    java.nio.file.Files.deleteIfExists(log);
    return out;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** An action that connects, retried while nothing listens yet (a server still starting). */
  interface Connect<T> {
    T connect() throws IOException;
  }

  static <T> T whenListening(Connect<T> connect) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return connect.connect();
      } catch (java.net.ConnectException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
