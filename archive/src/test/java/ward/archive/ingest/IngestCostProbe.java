package ward.archive.ingest;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ward.archive.db.Database;
import ward.archive.index.DuplicatePolicy;
import ward.archive.index.JdbcIndex;
import ward.archive.keys.DataKeys;
import ward.archive.keys.KeyRing;
import ward.archive.storage.BlobStore;
import ward.archive.storage.EncryptedBlobStore;
import ward.archive.storage.FileBlobStore;
import ward.dicom.DataSet;
import ward.dicom.Tags;
import ward.dicom.UID;
import ward.dicom.VR;

class IngestCostProbe {
  @Test
  void probe() throws Exception {
    byte[] pixels = new byte[512 * 512 * 2];
    new Random(1).nextBytes(pixels);
    for (int round = 0; round < 2; round++) {
      for (String mode : new String[] {"plain", "objects", "objects+index"}) {
        Path dir = Files.createTempDirectory("probe");
        KeyRing ring = KeyRing.open(dir.resolve("keys"));
        Database db =
            mode.equals("objects+index")
                ? Database.embedded(dir.resolve("index"), ring.indexKey())
                : Database.embedded(dir.resolve("index"));
        BlobStore blobs = new FileBlobStore(dir.resolve("blobs"));
        if (!mode.equals("plain")) {
          blobs = new EncryptedBlobStore(blobs, new DataKeys(db.dataSource(), ring));
        }
        Ingest ingest =
            new Ingest(
                blobs, new JdbcIndex(db.dataSource()), DuplicatePolicy.REJECT, Clock.systemUTC());
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        int warm = 400, n = 600;
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = 0, wall0 = 0, proc0 = 0;
        for (int i = 0; i < warm + n; i++) {
          if (i == warm) {
            cpu0 = t.getCurrentThreadCpuTime();
            wall0 = System.nanoTime();
            proc0 = os.getProcessCpuTime();
          }
          String sop = "1.2.826.0.1.3680043.9.7433.8." + i;
          DataSet ds =
              DataSet.builder()
                  .setString(Tags.SOPClassUID, VR.UI, UID.CTImageStorage)
                  .setString(Tags.SOPInstanceUID, VR.UI, sop)
                  .setString(
                      Tags.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.9.7433.9." + (i / 100))
                  .setString(
                      Tags.SeriesInstanceUID, VR.UI, "1.2.826.0.1.3680043.9.7433.10." + (i / 50))
                  .setString(Tags.PatientName, VR.PN, "PROBE^" + (i / 100))
                  .setString(Tags.PatientID, VR.LO, "P" + (i / 100))
                  .setBytes(Tags.PixelData, VR.OW, pixels)
                  .build();
          ingest.storeDataSet(
              UID.CTImageStorage,
              sop,
              UID.ExplicitVRLittleEndian,
              new ByteArrayInputStream(IngestTest.dataSet(ds)),
              "probe");
        }
        double cpu = (t.getCurrentThreadCpuTime() - cpu0) / 1e6 / n;
        double wall = (System.nanoTime() - wall0) / 1e6 / n;
        double proc = (os.getProcessCpuTime() - proc0) / 1e6 / n;
        System.out.printf(
            "PROBE round %d %-14s thread cpu %.2f process cpu %.2f wall %.2f ms/inst%n",
            round, mode, cpu, proc, wall);
        db.close();
      }
    }
  }
}
