package io.github.jsondedup.cli;

import io.github.jsondedup.watch.HistoryChart;
import io.github.jsondedup.watch.HistoryView;
import io.github.jsondedup.watch.RunHistory;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code json-dedup history}: the runs of a dataset, from their reports, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the runs of a dataset, newest first, from their reports under _ingest/runs/: status"
          + " and exit code, files read and quarantined, records read = written + duplicates"
          + " (exact, conflicting, already stored) + rejected, and wall time; then their totals"
          + " and a trend: the shares of the last 7 runs against the 7 before. Reads the reports"
          + " only, with no Spark session."
    })
final class HistoryCommand implements Callable<Integer> {
  private final Supplier<SparkSettings> spark;

  @Spec private CommandSpec spec;

  @Mixin private DatasetOptions dataset;

  @Option(
      names = "--last",
      paramLabel = "N",
      defaultValue = "20",
      description = "List the newest N runs (default: ${DEFAULT-VALUE}); the trend looks at all.")
  private int last;

  @Option(names = "--json", description = "Print the runs, totals and trend as one JSON document.")
  private boolean json;

  @Option(
      names = "--chart",
      paramLabel = "FILE.svg",
      description =
          "Also draw the listed runs as an SVG chart: records written, duplicates, conflicts and"
              + " rejected per run, and wall time.")
  private java.nio.file.Path chart;

  HistoryCommand(Supplier<SparkSettings> spark) {
    this.spark = spark;
  }

  @Override
  public Integer call() {
    if (last < 1) {
      throw new ParameterException(spec.commandLine(), "Invalid --last: give 1 or more runs");
    }
    SparkSettings settings = spark.get();
    HistoryView view =
        HistoryView.of(RunHistory.read(settings.hadoop(), dataset.ingestFolder(settings)), last);
    if (chart != null) {
      try {
        java.nio.file.Files.writeString(chart, HistoryChart.svg(dataset.name(), view.runs()));
      } catch (java.io.IOException e) {
        throw new ParameterException(
            spec.commandLine(), "Invalid --chart: cannot write " + chart + ": " + e.getMessage());
      }
    }
    var out = spec.commandLine().getOut();
    out.print(json ? Json.pretty(view) : view.text());
    out.flush();
    return ExitCodes.OK;
  }
}
