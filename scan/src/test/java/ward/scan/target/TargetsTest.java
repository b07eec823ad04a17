package ward.scan.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsTest {

  /** No lookups in these tests: only address literals resolve. */
  static InetAddress literal(String host) throws UnknownHostException {
    if (!host.matches("[0-9.]+") && host.indexOf(':') < 0) {
      throw new UnknownHostException(host);
    }
    return InetAddress.getByName(host);
  }

  static Targets targets() {
    return new Targets(List.of(104, 11112), List.of(8042), TargetsTest::literal);
  }

  @Test
  void aHostWithoutPortGetsEveryDefaultPort() {
    List<Endpoint> e = targets().add("127.0.0.1").endpoints();
    assertThat(e)
        .extracting(Endpoint::key)
        .containsExactly("127.0.0.1:104", "127.0.0.1:11112", "127.0.0.1:8042");
    assertThat(e.get(0).protocols()).containsExactly(Protocol.DICOM);
    assertThat(e.get(2).protocols()).containsExactly(Protocol.WEB);
  }

  @Test
  void anExplicitPortIsProbedForBoth() {
    Endpoint e = targets().add("127.0.0.1:4242").endpoints().get(0);
    assertThat(e.port()).isEqualTo(4242);
    assertThat(e.protocols()).isEqualTo(Set.of(Protocol.DICOM, Protocol.WEB));
  }

  @Test
  void parsesIpv6WithAndWithoutPort() {
    assertThat(targets().add("[::1]:104").endpoints())
        .extracting(Endpoint::key)
        .containsExactly("[0:0:0:0:0:0:0:1]:104");
    assertThat(targets().add("::1").endpoints()).hasSize(3);
  }

  @Test
  void expandsCidrRanges() {
    List<Endpoint> e =
        new Targets(List.of(104), List.of(), TargetsTest::literal).add("127.0.0.8/30").endpoints();
    assertThat(e)
        .extracting(Endpoint::key)
        .containsExactly("127.0.0.8:104", "127.0.0.9:104", "127.0.0.10:104", "127.0.0.11:104");
    assertThat(
            new Targets(List.of(104), List.of(), TargetsTest::literal).add("::1/127").endpoints())
        .hasSize(2);
  }

  @Test
  void refusesHugeRangesAndBadInput() {
    assertThatThrownBy(() -> targets().add("10.0.0.0/8")).hasMessageContaining("split it");
    assertThatThrownBy(() -> targets().add("127.0.0.1:0")).hasMessageContaining("port 0");
    assertThatThrownBy(() -> targets().add("127.0.0.1:http")).hasMessageContaining("not a port");
    assertThatThrownBy(() -> targets().add("a b")).hasMessageContaining("not a host");
    assertThatThrownBy(() -> targets().add("no-such-host.invalid"))
        .hasMessageContaining("unknown host");
    assertThatThrownBy(() -> targets().add("127.0.0.1/33")).hasMessageContaining("prefix");
    assertThatThrownBy(() -> targets().add("")).hasMessageContaining("empty");
  }

  @Test
  void readsPlainNmapAndMasscanFiles(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("hosts.txt");
    Files.writeString(
        f,
        String.join(
            "\n",
            "# a comment",
            "127.0.0.2:11112",
            "127.0.0.3 4242",
            "Host: 127.0.0.4 ()\tStatus: Up",
            "Host: 127.0.0.4 ()\tPorts: 104/open/tcp//dicom///, 80/closed/tcp//http///,"
                + " 8042/open/tcp//fs-agent///",
            "open tcp 2762 127.0.0.5 1700000000",
            ""));
    List<Endpoint> e = targets().addFile(f).endpoints();
    assertThat(e)
        .extracting(Endpoint::key)
        .containsExactly(
            "127.0.0.2:11112",
            "127.0.0.3:4242",
            "127.0.0.4:104",
            "127.0.0.4:8042",
            "127.0.0.5:2762");
  }

  @Test
  void aBadLineNamesItsLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("hosts.txt");
    Files.writeString(f, "127.0.0.1\n127.0.0.1:99999\n");
    assertThatThrownBy(() -> targets().addFile(f)).hasMessageContaining("line 2");
  }

  @Test
  void duplicatesAreMerged() {
    List<Endpoint> e = targets().add("127.0.0.1:104").add("127.0.0.1").endpoints();
    assertThat(e).hasSize(3);
    assertThat(e.get(0).protocols()).isEqualTo(Set.of(Protocol.DICOM, Protocol.WEB));
  }

  @Test
  void scopesAddressesWithoutSendingAnything() throws Exception {
    assertThat(AddressScope.of(literal("127.0.0.1"))).isEqualTo(AddressScope.LOOPBACK);
    assertThat(AddressScope.of(literal("127.255.0.9"))).isEqualTo(AddressScope.LOOPBACK);
    assertThat(AddressScope.of(literal("::1"))).isEqualTo(AddressScope.LOOPBACK);
    for (String p :
        List.of(
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "169.254.1.1",
            "fd00::1",
            "fe80::1")) {
      assertThat(AddressScope.of(literal(p))).as(p).isEqualTo(AddressScope.PRIVATE);
    }
    for (String p : List.of("192.0.2.1", "172.32.0.1", "8.8.8.8", "2001:db8::1", "100.128.0.1")) {
      assertThat(AddressScope.of(literal(p))).as(p).isEqualTo(AddressScope.PUBLIC);
    }
  }

  @Test
  void findsThePublicOnesAmongTheTargets() {
    List<Endpoint> e =
        new Targets(List.of(104), List.of(), TargetsTest::literal)
            .add("127.0.0.1")
            .add("10.0.0.1")
            .add("192.0.2.7:104")
            .endpoints();
    assertThat(Targets.publicOnes(e)).extracting(Endpoint::key).containsExactly("192.0.2.7:104");
  }
}
