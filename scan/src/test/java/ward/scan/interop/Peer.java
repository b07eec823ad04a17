package ward.scan.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real server (dcmtk, Orthanc) started by a test on loopback; stopped when closed. */
final class Peer implements AutoCloseable {
  final Process process;
  final Path log;

  private Peer(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts a server and waits until it listens on {@code port} (30 s at most). */
  static Peer start(Path log, int port, List<String> command) throws Exception {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Peer peer = new Peer(p, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return peer;
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          peer.close();
          throw new IllegalStateException(
              command.get(0) + " did not start listening: " + Files.readString(log), e);
        }
        Thread.sleep(50);
      }
    }
  }

  /** Runs a program to its end (two minutes at most); returns its output, failing on non-zero. */
  static String run(Path log, List<String> command) throws Exception {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    String out = Files.readString(log);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(command + " exited " + p.exitValue() + ":\n" + out);
    }
    return out;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
