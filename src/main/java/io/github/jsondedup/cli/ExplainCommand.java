package io.github.jsondedup.cli;

import io.github.jsondedup.job.StoredDataset;
import io.github.jsondedup.watch.KeyExplanation;
import io.github.jsondedup.watch.RunHistory;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code json-dedup explain}: why the records of an id are in the dataset, or not. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the stored rows of an id, the data file and the run that hold each, and every audit"
          + " entry that names it: the conflicts it lost (with both sources) and its rejected"
          + " records, with their runs. With --ts only that instant's date is read."
    })
final class ExplainCommand implements Callable<Integer> {
  private final Supplier<SparkSession> sessions;

  @Spec private CommandSpec spec;

  @Mixin private DatasetOptions dataset;

  @Option(names = "--id", required = true, paramLabel = "ID", description = "The id to explain.")
  private String id;

  @Option(
      names = "--ts",
      paramLabel = "TS",
      description =
          "Only the records of this instant (ISO-8601 with Z or an offset, as in the input);"
              + " default: every instant of the id.")
  private String ts;

  @Option(names = "--json", description = "Print the explanation as one JSON document.")
  private boolean json;

  ExplainCommand(Supplier<SparkSession> sessions) {
    this.sessions = sessions;
  }

  @Override
  public Integer call() {
    Instant instant = ts == null ? null : instant(ts);
    SparkSession spark = sessions.get();
    // Looks only: no commit, nothing to retry.
    StoredDataset stored = StoredDataset.open(spark, dataset.destination(0));
    KeyExplanation explanation =
        KeyExplanation.of(
            spark,
            stored,
            RunHistory.read(spark.sparkContext().hadoopConfiguration(), stored.layout().ingest()),
            id,
            instant);
    var out = spec.commandLine().getOut();
    out.print(json ? Json.pretty(explanation) : explanation.text(stored.name()));
    out.flush();
    return ExitCodes.OK;
  }

  private Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid --ts: '"
              + text
              + "' is not an ISO-8601 instant with Z or an offset, such as"
              + " 2019-04-23T17:25:43.111Z");
    }
  }
}
