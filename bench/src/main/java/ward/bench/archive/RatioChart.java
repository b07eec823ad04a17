package ward.bench.archive;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the archive benchmark's ratios as a PNG bar chart, headless ({@code java.awt} and {@code
 * ImageIO} only, so the benchmark needs no plotting package): one row per measurement, one bar per
 * peer, on a logarithmic axis centred on 1 where Ward and the peer are equal. A ratio is always
 * "Ward's advantage": above 1 Ward is faster (more per second, or less time), below 1 slower.
 *
 * <p>Usage: {@code RatioChart RATIOS.tsv OUT.png TITLE}, each line of the TSV being {@code
 * measurement<TAB>peer<TAB>ratio}.
 */
public final class RatioChart {
  private static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b)
  };
  private static final double[] TICKS = {
    0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000
  };

  /** One bar. */
  record Bar(String measurement, String peer, double ratio) {}

  private RatioChart() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: RatioChart RATIOS.tsv OUT.png TITLE");
      System.exit(2);
    }
    List<Bar> bars = read(Path.of(args[0]));
    if (bars.isEmpty()) {
      System.err.println("RatioChart: no ratios in " + args[0]);
      System.exit(1);
    }
    ImageIO.write(draw(bars, args[2]), "png", Path.of(args[1]).toFile());
  }

  static List<Bar> read(Path tsv) throws IOException {
    List<Bar> bars = new ArrayList<>();
    for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 3) {
        throw new IllegalArgumentException("not measurement<TAB>peer<TAB>ratio: " + line);
      }
      double r = Double.parseDouble(f[2]);
      if (!(r > 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException("a ratio must be positive: " + line);
      }
      bars.add(new Bar(f[0], f[1], r));
    }
    return bars;
  }

  static BufferedImage draw(List<Bar> bars, String title) {
    Map<String, List<Bar>> rows = new LinkedHashMap<>();
    Map<String, Color> colours = new LinkedHashMap<>();
    for (Bar b : bars) {
      rows.computeIfAbsent(b.measurement(), k -> new ArrayList<>()).add(b);
      colours.computeIfAbsent(b.peer(), k -> PALETTE[colours.size() % PALETTE.length]);
    }
    double lo = 0.5;
    double hi = 2;
    for (Bar b : bars) {
      lo = Math.min(lo, b.ratio());
      hi = Math.max(hi, b.ratio());
    }
    double logLo = Math.log10(lo) - 0.15;
    double logHi = Math.log10(hi) + 0.15;

    int barH = 14;
    int labelW = 330;
    int plotW = 620;
    int top = 60;
    int rowGap = 10;
    int height = top + 40 + colours.size() * 18;
    for (List<Bar> r : rows.values()) {
      height += r.size() * barH + rowGap;
    }
    int width = labelW + plotW + 80;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, 10, 22);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString("Ward's advantage (log scale): above 1 Ward is faster or smaller", 10, 42);

    int plotBottom = height - 30 - colours.size() * 18;
    g.setColor(Color.LIGHT_GRAY);
    g.setStroke(new BasicStroke(1));
    for (double t : TICKS) {
      if (Math.log10(t) < logLo || Math.log10(t) > logHi) {
        continue;
      }
      int x = xOf(t, logLo, logHi, labelW, plotW);
      g.setColor(t == 1 ? Color.BLACK : Color.LIGHT_GRAY);
      g.drawLine(x, top - 4, x, plotBottom);
      g.setColor(Color.DARK_GRAY);
      String label = t < 1 ? String.valueOf(t) : String.valueOf((long) t);
      g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, plotBottom + 14);
    }
    int y = top;
    for (Map.Entry<String, List<Bar>> row : rows.entrySet()) {
      int rowTop = y;
      for (Bar b : row.getValue()) {
        int x0 = xOf(1, logLo, logHi, labelW, plotW);
        int x1 = xOf(b.ratio(), logLo, logHi, labelW, plotW);
        g.setColor(colours.get(b.peer()));
        g.fillRect(Math.min(x0, x1), y + 1, Math.max(Math.abs(x1 - x0), 1), barH - 2);
        g.setColor(Color.DARK_GRAY);
        String v = String.format(Locale.ROOT, "%.2f", b.ratio());
        g.drawString(
            v, b.ratio() >= 1 ? x1 + 4 : x1 - 4 - g.getFontMetrics().stringWidth(v), y + 11);
        y += barH;
      }
      g.setColor(Color.BLACK);
      g.drawString(row.getKey(), 10, (rowTop + y) / 2 + 5);
      y += rowGap;
    }
    int ly = plotBottom + 32;
    for (Map.Entry<String, Color> c : colours.entrySet()) {
      g.setColor(c.getValue());
      g.fillRect(labelW, ly - 10, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString("Ward / " + c.getKey(), labelW + 18, ly);
      ly += 18;
    }
    g.dispose();
    return img;
  }

  private static int xOf(double ratio, double logLo, double logHi, int left, int w) {
    return left + (int) Math.round((Math.log10(ratio) - logLo) / (logHi - logLo) * w);
  }
}
