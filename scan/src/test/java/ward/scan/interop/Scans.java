package ward.scan.interop;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import ward.scan.ScanSettings;
import ward.scan.Scanner;
import ward.scan.finding.EndpointReport;
import ward.scan.finding.Finding;
import ward.scan.finding.ScanReport;
import ward.scan.target.Endpoint;
import ward.scan.target.Protocol;

/** Running the scanner against loopback ports in tests. */
final class Scans {
  private Scans() {}

  static ScanSettings settings(boolean retrieve, boolean store, String... extraAes) {
    return new ScanSettings(
        ScanSettings.DEFAULT_CALLING_AE,
        List.of(extraAes),
        Duration.ofSeconds(10),
        8,
        1000,
        100_000,
        retrieve,
        store,
        false,
        List.of());
  }

  static Endpoint loopback(int port, Protocol... protocols) throws Exception {
    return new Endpoint(
        "127.0.0.1",
        InetAddress.getByName("127.0.0.1"),
        port,
        protocols.length == 0 ? EnumSet.of(Protocol.DICOM) : EnumSet.of(protocols[0], protocols));
  }

  static ScanReport scan(ScanSettings settings, Endpoint... endpoints) throws Exception {
    return new Scanner(settings).scan(List.of(endpoints), null);
  }

  static EndpointReport one(ScanSettings settings, Endpoint endpoint) throws Exception {
    return scan(settings, endpoint).endpoints().get(0);
  }

  static List<String> ids(EndpointReport r) {
    List<String> ids = new ArrayList<>();
    for (Finding f : r.findings()) {
      ids.add(f.id());
    }
    return ids;
  }
}
