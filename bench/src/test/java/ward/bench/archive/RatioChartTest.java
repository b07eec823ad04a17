package ward.bench.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatioChartTest {

  @TempDir Path dir;

  @Test
  void readsOneBarPerLine() throws IOException {
    Path tsv = dir.resolve("r.tsv");
    Files.writeString(tsv, "Ingest, 1 assoc.\tOrthanc\t0.5\n\nC-FIND p50\tOrthanc\t12.25\n");
    assertThat(RatioChart.read(tsv))
        .containsExactly(
            new RatioChart.Bar("Ingest, 1 assoc.", "Orthanc", 0.5),
            new RatioChart.Bar("C-FIND p50", "Orthanc", 12.25));
  }

  @Test
  void refusesARatioThatCannotBeDrawnOnALogAxis() throws IOException {
    Path tsv = dir.resolve("r.tsv");
    Files.writeString(tsv, "Ingest\tOrthanc\t0\n");
    assertThatThrownBy(() -> RatioChart.read(tsv)).hasMessageContaining("positive");
    Files.writeString(tsv, "Ingest\tOrthanc\n");
    assertThatThrownBy(() -> RatioChart.read(tsv)).hasMessageContaining("measurement");
  }

  @Test
  void barsGrowFromOneTowardsWardsAdvantageOrDisadvantage() {
    BufferedImage img =
        RatioChart.draw(
            List.of(new RatioChart.Bar("faster", "P", 10), new RatioChart.Bar("slower", "P", 0.1)),
            "t");
    int colour = 0x1f77b4;
    // the first bar (ratio 10) lies right of the axis' middle, the second (0.1) left of it
    int[] first = columnsOf(img, colour, 60, 74);
    int[] second = columnsOf(img, colour, 84, 98);
    int middle = 330 + 620 / 2;
    assertThat(first[0]).isGreaterThanOrEqualTo(middle - 2);
    assertThat(first[1]).isGreaterThan(middle + 200);
    assertThat(second[1]).isLessThanOrEqualTo(middle + 2);
    assertThat(second[0]).isLessThan(middle - 200);
  }

  /** The first and last column holding {@code rgb} in rows {@code y0..y1}. */
  private static int[] columnsOf(BufferedImage img, int rgb, int y0, int y1) {
    int lo = Integer.MAX_VALUE;
    int hi = -1;
    for (int y = y0; y <= y1; y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
    }
    assertThat(hi).as("colour found in rows %d..%d", y0, y1).isGreaterThanOrEqualTo(0);
    return new int[] {lo, hi};
  }
}
