package ward.net.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PeerTest {

  @Test
  void parsesAeHostAndPort() {
    assertThat(Peer.parse("PACS@pacs.example.org:11112"))
        .isEqualTo(new Peer("PACS", "pacs.example.org", 11112));
    assertThat(Peer.parse("ARCHIVE_1@10.0.0.7:104"))
        .isEqualTo(new Peer("ARCHIVE_1", "10.0.0.7", 104));
  }

  @Test
  void parsesIpv6InBrackets() {
    Peer p = Peer.parse("PACS@[fe80::1%eth0]:11112");
    assertThat(p.host()).isEqualTo("fe80::1%eth0");
    assertThat(p.port()).isEqualTo(11112);
    assertThat(p).hasToString("PACS@[fe80::1%eth0]:11112");
  }

  @Test
  void anAtSignInTheAeTitleIsKept() {
    assertThat(Peer.parse("A@B@host:1").calledAe()).isEqualTo("A@B");
  }

  @Test
  void refusesMalformedPeersWithAReason() {
    assertThatThrownBy(() -> Peer.parse("pacs:104")).hasMessageContaining("no '@'");
    assertThatThrownBy(() -> Peer.parse("PACS@pacs")).hasMessageContaining("no port");
    assertThatThrownBy(() -> Peer.parse("PACS@::1:104")).hasMessageContaining("brackets");
    assertThatThrownBy(() -> Peer.parse("PACS@[::1]104")).hasMessageContaining("[IPV6-ADDRESS]");
    assertThatThrownBy(() -> Peer.parse("PACS@host:0")).hasMessageContaining("between 1 and");
    assertThatThrownBy(() -> Peer.parse("PACS@host:http")).hasMessageContaining("not a port");
    assertThatThrownBy(() -> Peer.parse("@host:104")).hasMessageContaining("empty called AE");
    assertThatThrownBy(() -> Peer.parse("SEVENTEEN_CHARS_X@host:104"))
        .hasMessageContaining("longer than 16");
    assertThatThrownBy(() -> Peer.parse("BAD\\AE@host:104")).hasMessageContaining("cannot hold");
    assertThatThrownBy(() -> Peer.parse("PACS@ho st:104")).hasMessageContaining("not a host");
  }
}
