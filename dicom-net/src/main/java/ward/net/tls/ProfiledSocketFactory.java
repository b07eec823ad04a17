package ward.net.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** Applies the client parameters, with the server identity check, to every socket. */
final class ProfiledSocketFactory extends SSLSocketFactory {
  private final SSLSocketFactory delegate;
  private final SSLParameters parameters;

  ProfiledSocketFactory(SSLSocketFactory delegate, SSLParameters parameters) {
    this.delegate = delegate;
    this.parameters = parameters;
  }

  private Socket apply(Socket s) {
    SSLSocket ssl = (SSLSocket) s;
    ssl.setUseClientMode(true);
    ssl.setSSLParameters(parameters);
    return ssl;
  }

  @Override
  public Socket createSocket() throws IOException {
    return apply(delegate.createSocket());
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose)
      throws IOException {
    return apply(delegate.createSocket(s, host, port, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return apply(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return apply(delegate.createSocket(host, port, localHost, localPort));
  }

  /** The identity checked is the address literal: certificates name it as an iPAddress SAN. */
  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return apply(delegate.createSocket(host.getHostAddress(), port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return apply(delegate.createSocket(address.getHostAddress(), port, localAddress, localPort));
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
