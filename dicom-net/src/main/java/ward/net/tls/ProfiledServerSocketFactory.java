package ward.net.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/** Applies the server parameters to every server socket it creates. */
final class ProfiledServerSocketFactory extends SSLServerSocketFactory {
  private final SSLServerSocketFactory delegate;
  private final SSLParameters parameters;

  ProfiledServerSocketFactory(SSLServerSocketFactory delegate, SSLParameters parameters) {
    this.delegate = delegate;
    this.parameters = parameters;
  }

  private ServerSocket apply(ServerSocket s) {
    ((SSLServerSocket) s).setSSLParameters(parameters);
    return s;
  }

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return apply(delegate.createServerSocket());
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    return apply(delegate.createServerSocket(port));
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    return apply(delegate.createServerSocket(port, backlog));
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    return apply(delegate.createServerSocket(port, backlog, address));
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return parameters.getCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return parameters.getCipherSuites();
  }
}
