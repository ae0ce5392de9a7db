package io.github.jsondedup.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The benchmark's runs summed up: a Markdown table, the raw runs as CSV, a throughput chart. */
record Report(
    List<PeerBenchmark.Size> sizes,
    List<String> contenders,
    List<PeerBenchmark.Run> runs,
    List<String> failures) {
  private static final String OURS = "json-dedup";
  private static final String PEER = "DuckDB";
  private static final String RERUN = "json-dedup rerun";
  private static final String NAIVE = "naive design";
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#7f7f7f"};

  String markdown() {
    StringBuilder text = new StringBuilder();
    try {
      for (Map.Entry<String, String> fact : PeerBenchmark.machine().entrySet()) {
        text.append(fact.getKey()).append(": ").append(fact.getValue()).append("  \n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    text.append(
        String.format(
            Locale.ROOT,
            "%d rounds, contenders interleaved; medians, with the range of all rounds%n%n",
            runs.stream().mapToInt(PeerBenchmark.Run::round).max().orElse(0)));
    text.append(
        "| size | contender | wall s (median) | wall s (range) | CPU s | peak RSS MB | records/s |"
            + " Parquet files | wall vs DuckDB |\n");
    text.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (PeerBenchmark.Size size : sizes) {
      double peerWall = median(size, PEER, PeerBenchmark.Run::wall);
      for (String contender : contenders) {
        List<PeerBenchmark.Run> these = of(size, contender);
        if (these.isEmpty()) {
          continue;
        }
        double wall = median(size, contender, PeerBenchmark.Run::wall);
        text.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.1f | %.1f-%.1f | %.1f | %d | %,.0f | %d | %.2f |%n",
                size.label(),
                contender,
                wall,
                these.stream().mapToDouble(PeerBenchmark.Run::wall).min().orElseThrow(),
                these.stream().mapToDouble(PeerBenchmark.Run::wall).max().orElseThrow(),
                median(size, contender, PeerBenchmark.Run::cpu),
                these.stream().mapToLong(PeerBenchmark.Run::rssMb).max().orElseThrow(),
                size.records() / wall,
                these.get(0).files(),
                wall / peerWall));
      }
    }
    text.append(
        failures.isEmpty()
            ? "\nGround truth: every run above stored exactly the ground truth's rows per date, no"
                + " key twice.\n"
            : "\nRuns that failed or stored a wrong result (left out of the medians):\n\n- "
                + String.join("\n- ", failures)
                + "\n");
    text.append("\nTargets, from the medians above:\n\n");
    target(text, "10M", "json-dedup CPU, s", 40, cpuOf("10M"));
    target(text, "10M", "json-dedup wall / DuckDB wall", 3, ratio("10M", OURS, PEER));
    target(text, "10M", "json-dedup wall / naive wall", 0.5, ratio("10M", OURS, NAIVE));
    target(text, "50M", "json-dedup wall / DuckDB wall", 2.5, ratio("50M", OURS, PEER));
    target(text, "50M", "json-dedup wall / naive wall", 0.5, ratio("50M", OURS, NAIVE));
    target(text, "50M", "json-dedup peak RSS, MB", 1536, rssOf("50M"));
    target(text, "backfill", "json-dedup wall / DuckDB wall", 2, ratio("backfill", OURS, PEER));
    target(
        text,
        "backfill",
        "json-dedup rerun wall / first run wall",
        1,
        ratio("backfill", RERUN, OURS));
    target(
        text, "100k-files", "json-dedup wall / DuckDB wall", 1.3, ratio("100k-files", OURS, PEER));
    target(text, "one-file", "json-dedup wall, s", 4, wallOf("one-file"));
    return text.toString();
  }

  String csv() {
    StringBuilder text =
        new StringBuilder("size,contender,round,wall_s,cpu_s,peak_rss_mb,parquet_files\n");
    for (PeerBenchmark.Run run : runs) {
      text.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%.2f,%.2f,%d,%d%n",
              run.size(),
              run.contender(),
              run.round(),
              run.wall(),
              run.cpu(),
              run.rssMb(),
              run.files()));
    }
    return text.toString();
  }

  /**
   * Grouped bars: million records per second by size (one-file left out), one bar per contender.
   */
  String svg() {
    List<PeerBenchmark.Size> charted =
        sizes.stream().filter(size -> size.records() >= 1_000_000).toList();
    int width = 720;
    int height = 380;
    int left = 60;
    int bottom = 320;
    double top = 0;
    for (PeerBenchmark.Size size : charted) {
      for (String contender : contenders) {
        if (!of(size, contender).isEmpty()) {
          top = Math.max(top, throughput(size, contender));
        }
      }
    }
    top = Math.max(0.1, Math.ceil(top * 2) / 2);
    double scale = (bottom - 40) / top;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"13\">%n<rect width=\"100%%\""
                + " height=\"100%%\" fill=\"white\"/>%n<text x=\"%d\" y=\"22\""
                + " font-size=\"15\">Throughput, million records/s (median wall time, higher is"
                + " better)</text>%n",
            width,
            height,
            left));
    for (int tick = 0; tick <= 4; tick++) {
      double value = top * tick / 4;
      double y = bottom - value * scale;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n",
              left,
              width - 20,
              y,
              y,
              left - 6,
              y + 4,
              value));
    }
    double group = (width - left - 20.0) / Math.max(1, charted.size());
    double bar = group * 0.8 / contenders.size();
    for (int g = 0; g < charted.size(); g++) {
      PeerBenchmark.Size size = charted.get(g);
      double x0 = left + g * group + group * 0.1;
      for (int c = 0; c < contenders.size(); c++) {
        if (of(size, contenders.get(c)).isEmpty()) {
          continue;
        }
        double value = throughput(size, contenders.get(c));
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/><text"
                    + " x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\""
                    + " font-size=\"11\">%.2f</text>%n",
                x0 + c * bar,
                bottom - value * scale,
                bar - 4,
                value * scale,
                COLORS[c % COLORS.length],
                x0 + c * bar + (bar - 4) / 2,
                bottom - value * scale - 4,
                value));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s records</text>%n",
              x0 + group * 0.4,
              bottom + 20,
              size.label()));
    }
    for (int c = 0; c < contenders.size(); c++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s</text>%n",
              left + c * 180,
              bottom + 38,
              COLORS[c % COLORS.length],
              left + c * 180 + 18,
              bottom + 49,
              contenders.get(c)));
    }
    return svg.append("</svg>\n").toString();
  }

  private double throughput(PeerBenchmark.Size size, String contender) {
    return size.records() / median(size, contender, PeerBenchmark.Run::wall) / 1e6;
  }

  private List<PeerBenchmark.Run> of(PeerBenchmark.Size size, String contender) {
    return runs.stream()
        .filter(run -> run.size().equals(size.label()) && run.contender().equals(contender))
        .toList();
  }

  private double median(
      PeerBenchmark.Size size, String contender, ToDoubleFunction<PeerBenchmark.Run> value) {
    double[] values = of(size, contender).stream().mapToDouble(value).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  /** The median wall ratio of {@code contender} to {@code other}, a contender or another size. */
  private Double ratio(String label, String contender, String other) {
    PeerBenchmark.Size size = size(label);
    if (size == null) {
      return null;
    }
    PeerBenchmark.Size otherSize = size(other);
    double denominator =
        otherSize == null
            ? median(size, other, PeerBenchmark.Run::wall)
            : median(otherSize, contender, PeerBenchmark.Run::wall);
    return median(size, contender, PeerBenchmark.Run::wall) / denominator;
  }

  private Double wallOf(String label) {
    PeerBenchmark.Size size = size(label);
    return size == null ? null : median(size, OURS, PeerBenchmark.Run::wall);
  }

  private Double cpuOf(String label) {
    PeerBenchmark.Size size = size(label);
    return size == null ? null : median(size, OURS, PeerBenchmark.Run::cpu);
  }

  private Double rssOf(String label) {
    PeerBenchmark.Size size = size(label);
    return size == null
        ? null
        : of(size, OURS).stream().mapToLong(PeerBenchmark.Run::rssMb).max().stream()
            .mapToObj(Double::valueOf)
            .findFirst()
            .orElse(null);
  }

  private PeerBenchmark.Size size(String label) {
    return sizes.stream().filter(size -> size.label().equals(label)).findFirst().orElse(null);
  }

  private static void target(
      StringBuilder text, String size, String what, double limit, Double value) {
    if (value == null || value.isNaN()) {
      return;
    }
    text.append(
        String.format(
            Locale.ROOT,
            "- %s, %s: %.2f (target at most %s): %s%n",
            size,
            what,
            value,
            limit == Math.rint(limit) ? String.valueOf((long) limit) : String.valueOf(limit),
            value <= limit ? "met" : "NOT met"));
  }
}
