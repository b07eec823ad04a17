package ward.net.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import ward.dicom.UID;
import ward.net.Association;
import ward.net.AssociationRejectedException;
import ward.net.Commands;
import ward.net.pdu.Pdu;

/** Bounds on concurrent associations, and the server's threads after every kind of peer. */
@Tag("oracle")
class AssociationLimitsTest {

  private static final List<Map.Entry<String, List<String>>> ECHO =
      List.of(Map.entry(UID.Verification, Services.UNCOMPRESSED));

  @Test
  void associationsBeyondTheLimitAreRejectedWithLocalLimitExceeded() throws Exception {
    Fixtures.Events events = new Fixtures.Events();
    try (DicomServer server =
        Fixtures.server(
                Services.builder().echo().build(),
                Fixtures.quickLimits(2, 10, 2000, 10_000),
                events)
            .start()) {
      Association first = Fixtures.associate(server, "JAVA", ECHO, null);
      Association second = Fixtures.associate(server, "JAVA", ECHO, null);
      Fixtures.Run refused =
          Fixtures.run(
              null,
              "echoscu",
              "-aec",
              "WARD",
              "-aet",
              "VIEWER",
              "127.0.0.1",
              String.valueOf(server.port()));
      assertThat(refused.exit()).isNotZero();
      assertThat(refused.output()).containsIgnoringCase("Local Limit Exceeded");
      assertThatThrownBy(() -> Fixtures.associate(server, "JAVA", ECHO, null))
          .isInstanceOfSatisfying(
              AssociationRejectedException.class,
              e -> {
                assertThat(e.reject().result()).isEqualTo(Pdu.AssociateRj.RESULT_TRANSIENT);
                assertThat(e.reject().source())
                    .isEqualTo(Pdu.AssociateRj.SOURCE_PROVIDER_PRESENTATION);
                assertThat(e.reject().reason()).isEqualTo(Pdu.AssociateRj.LOCAL_LIMIT_EXCEEDED);
              });
      first.release();
      awaitActive(server, 1);
      Fixtures.Run accepted =
          Fixtures.run(
              null,
              "echoscu",
              "-aec",
              "WARD",
              "-aet",
              "VIEWER",
              "127.0.0.1",
              String.valueOf(server.port()));
      assertThat(accepted.exit()).as(accepted.output()).isZero();
      second.release();
      assertThat(events.of(ServerEvent.Rejected.class)).hasSize(2);
    }
  }

  @Test
  void associationsBeyondThePerPeerLimitAreRejected() throws Exception {
    try (DicomServer server =
        Fixtures.server(
                Services.builder().echo().build(),
                Fixtures.quickLimits(10, 1, 2000, 10_000),
                ServerEvents.NONE)
            .start()) {
      Association first = Fixtures.associate(server, "JAVA", ECHO, null);
      assertThatThrownBy(() -> Fixtures.associate(server, "JAVA", ECHO, null))
          .isInstanceOf(AssociationRejectedException.class)
          .hasMessageContaining("local limit exceeded");
      first.release();
    }
  }

  @Test
  void threadCountReturnsToBaselineAfterEveryKindOfPeer() throws Exception {
    Set<String> before = Fixtures.liveThreads();
    int port;
    try (DicomServer server =
        Fixtures.server(
                Services.builder().echo().build(),
                Fixtures.quickLimits(2, 2, 300, 1000),
                ServerEvents.NONE)
            .start()) {
      port = server.port();
      // a good association
      Association good = Fixtures.associate(server, "JAVA", ECHO, null);
      good.send(1, Commands.request(Commands.C_ECHO_RQ, 1, UID.Verification, false).build(), null);
      assertThat(good.receive().status()).isZero();
      good.release();
      // a rejected one
      assertThatThrownBy(() -> Fixtures.associate(server, "STRANGER", ECHO, null))
          .isInstanceOf(AssociationRejectedException.class);
      // a silent one and a garbage one: both closed by the server
      try (Socket silent = Fixtures.connect(server);
          Socket garbage = Fixtures.connect(server)) {
        garbage.getOutputStream().write("\u0000\u0000garbage".getBytes(StandardCharsets.US_ASCII));
        Fixtures.readUntilClosed(silent, 5000);
        Fixtures.readUntilClosed(garbage, 5000);
      }
      awaitActive(server, 0);
      // one left idle, one held, and one over the limit
      Association idle = Fixtures.associate(server, "JAVA", ECHO, null);
      Association held = Fixtures.associate(server, "JAVA", ECHO, null);
      assertThatThrownBy(() -> Fixtures.associate(server, "JAVA", ECHO, null))
          .isInstanceOf(AssociationRejectedException.class);
      held.release();
      Fixtures.awaitIdleThreads(port, 10_000);
      assertThat(server.activeAssociations()).isZero();
      idle.socket().close();
    }
    assertThat(Fixtures.threadsOf(port)).isEmpty();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Set<String> extra = new HashSet<>();
    while (System.nanoTime() < deadline) {
      extra = new HashSet<>(Fixtures.liveThreads());
      extra.removeAll(before);
      if (extra.isEmpty()) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(extra).isEmpty();
  }

  private static void awaitActive(DicomServer server, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.activeAssociations() != n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.activeAssociations()).isEqualTo(n);
  }
}
