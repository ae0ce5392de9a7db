package io.github.jsondedup.cli;

import io.github.jsondedup.job.CheckpointStatus;
import io.github.jsondedup.watch.MissingDatasetException;
import io.github.jsondedup.watch.PendingView;
import io.github.jsondedup.watch.RunHistory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code json-dedup status}: what the next incremental run of a checkpoint would read. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what waits for the next json-dedup run --checkpoint: the files under the inputs that"
          + " are new or changed since read (count, size, oldest first), the last runs that read"
          + " files, and who holds the lock since when. Lists the inputs and reads the checkpoint"
          + " only, with no Spark session; changes nothing."
    })
final class StatusCommand implements Callable<Integer> {
  private final Supplier<SparkSettings> spark;

  @Spec private CommandSpec spec;

  @Option(
      names = "--checkpoint",
      required = true,
      paramLabel = "PATH",
      description = "The checkpoint folder that json-dedup run --checkpoint keeps.")
  private String checkpoint;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "PATH",
      description = "The inputs the runs read, as given to json-dedup run; repeatable.")
  private List<String> inputs;

  @Option(names = "--json", description = "Print the status as one JSON document.")
  private boolean json;

  StatusCommand(Supplier<SparkSettings> spark) {
    this.spark = spark;
  }

  @Override
  public Integer call() throws java.io.IOException {
    SparkSettings settings = spark.get();
    Path folder = new Path(checkpoint);
    FileSystem fs = folder.getFileSystem(settings.hadoop());
    if (!fs.exists(folder)) {
      throw new MissingDatasetException(
          checkpoint + " does not exist: no run --checkpoint " + checkpoint + " has run yet");
    }
    CheckpointStatus status = CheckpointStatus.of(settings.hadoop(), checkpoint, inputs);
    RunHistory history =
        status.ingestFolder().map(ingest -> reports(settings, ingest)).orElse(RunHistory.empty());
    PendingView view =
        PendingView.of(fs.makeQualified(folder).toString(), status, history, Instant.now());
    var out = spec.commandLine().getOut();
    out.print(json ? Json.pretty(view) : view.text());
    out.flush();
    return ExitCodes.OK;
  }

  private static RunHistory reports(SparkSettings settings, String ingestFolder) {
    try {
      return RunHistory.read(settings.hadoop(), new Path(ingestFolder));
    } catch (MissingDatasetException e) {
      // The output was removed since: the checkpoint alone still says what waits.
      return RunHistory.empty();
    }
  }
}
