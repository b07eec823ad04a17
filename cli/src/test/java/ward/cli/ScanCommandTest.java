package ward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ward.cli.ArchiveTesting.Run;
import ward.scan.target.Targets;

/**
 * The command line of {@code ward scan}: public addresses are refused before anything is sent,
 * invalid input is exit status 2, and {@code scan diff} says by its status whether things got
 * worse. The public addresses here are only parsed, never contacted.
 */
class ScanCommandTest {

  @TempDir Path work;

  @Test
  void refusesPublicTargetsWithoutAuthorizedAndSendsNothing() {
    Path log = work.resolve("sent.log");
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): public by its address, never routed
    Run r = ArchiveTesting.ward("scan", "192.0.2.10:104", "127.0.0.1:9", "--log", log.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("192.0.2.10:104").contains("--authorized");
    assertThat(log).doesNotExist();
  }

  @Test
  void theRefusalIsDecidedFromTheAddressesAlone() throws Exception {
    Targets t =
        new Targets(List.of(104), List.of(), InetAddress::getByName)
            .add("127.0.0.1")
            .add("10.0.0.0/30")
            .add("[2001:db8::1]:104");
    assertThatThrownBy(() -> ScanCommand.refusePublicUnlessAuthorized(t.endpoints(), false))
        .hasMessageContaining("1 public target(s)")
        .hasMessageContaining("[2001:db8:0:0:0:0:0:1]:104");
    ScanCommand.refusePublicUnlessAuthorized(t.endpoints(), true);
    ScanCommand.refusePublicUnlessAuthorized(
        new Targets(List.of(104), List.of(), InetAddress::getByName).add("::1").endpoints(), false);
  }

  @Test
  void invalidInputIsStatusTwo() {
    assertThat(ArchiveTesting.ward("scan").status()).isEqualTo(2);
    assertThat(ArchiveTesting.ward("scan", "127.0.0.1:70000").err()).contains("70000");
    assertThat(ArchiveTesting.ward("scan", "127.0.0.1:104", "--aet", "").status()).isEqualTo(2);
    assertThat(ArchiveTesting.ward("scan", "10.0.0.0/8").err()).contains("split it");
  }

  @Test
  void aClosedLoopbackPortIsNothingAboveLow() throws Exception {
    int port = ArchiveTesting.freePort();
    Run r = ArchiveTesting.ward("scan", "127.0.0.1:" + port, "--timeout", "2000");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("systems checked: 0");
  }

  @Test
  void diffTellsByItsStatusWhetherThingsGotWorse() throws Exception {
    Path before = work.resolve("before.json");
    Path after = work.resolve("after.json");
    Files.writeString(before, report("low", "dicom.hardened"));
    Files.writeString(after, report("high", "dicom.query-open"));
    Run worse = ArchiveTesting.ward("scan", "diff", before.toString(), after.toString());
    assertThat(worse.status()).isEqualTo(1);
    assertThat(worse.out()).contains("worse:  127.0.0.1:104: new [high]");
    Run better = ArchiveTesting.ward("scan", "diff", after.toString(), before.toString());
    assertThat(better.status()).isZero();
    assertThat(better.out()).contains("better: 127.0.0.1:104: gone [high]");
    Files.writeString(after, "{\"not\": \"a report\"}");
    assertThat(ArchiveTesting.ward("scan", "diff", before.toString(), after.toString()).status())
        .isEqualTo(2);
  }

  static String report(String severity, String id) {
    return "{\"format\": \"ward-scan/1\", \"aggregate\": {\"systemsOpen\": 0},"
        + " \"endpoints\": [{\"address\": \"127.0.0.1:104\", \"findings\": [{\"id\": \""
        + id
        + "\", \"severity\": \""
        + severity
        + "\", \"title\": \"t\"}]}]}";
  }
}
