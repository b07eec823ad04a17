package ward.net.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A dcmtk program started by a test, its output kept in a log file; stopped when closed. */
final class Dcmtk implements AutoCloseable {
  final Process process;
  final Path log;

  private Dcmtk(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts a server and waits until it listens on {@code port}. */
  static Dcmtk server(Path log, int port, String... command) throws Exception {
    Dcmtk d = run(log, command);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return d;
      } catch (IOException e) {
        if (!d.process.isAlive() || System.nanoTime() > deadline) {
          d.close();
          throw new IllegalStateException(
              command[0] + " did not start listening: " + Files.readString(log), e);
        }
        Thread.sleep(30);
      }
    }
  }

  static Dcmtk run(Path log, String... command) throws IOException {
    Process p =
        new ProcessBuilder(List.of(command))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new Dcmtk(p, log);
  }

  /** Runs a program to completion and returns its exit status. */
  static int runToEnd(Path log, String... command) throws Exception {
    try (Dcmtk d = run(log, command)) {
      if (!d.process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(command[0] + " did not finish");
      }
      return d.process.exitValue();
    }
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
