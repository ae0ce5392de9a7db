package io.github.jsondedup.cli;

import io.github.jsondedup.config.RejectLimit;
import io.github.jsondedup.config.UsageException;
import io.github.jsondedup.job.IncrementalIngest;
import io.github.jsondedup.job.IngestJob;
import io.github.jsondedup.job.IngestOptions;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.read.InputReader;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.report.Summary;
import io.github.jsondedup.schema.Columns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code json-dedup run}: one ingest of the inputs into the output dataset. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Reads every JSON file below the inputs, drops duplicate records, and appends the new ones"
          + " to the Parquet dataset at the output, partitioned date=YYYY-MM-DD (UTC).",
      "Rejected records, quarantined files, conflicts and the run report go under"
          + " <output>/_ingest/."
    })
final class RunCommand implements Callable<Integer> {
  private final Supplier<SparkSession> sessions;

  @Spec private CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "PATH",
      description =
          "A file, directory or Hadoop glob to read (local, hdfs://, s3a://); repeatable."
              + " Directories are read recursively; names starting with _ or . are skipped.")
  private List<String> inputs;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "PATH",
      description = "The Parquet dataset to append to; created if missing.")
  private String output;

  @Option(
      names = "--key",
      split = ",",
      paramLabel = "FIELD",
      defaultValue = "id,ts",
      description =
          "The fields that make two records duplicates, comma-separated, from id, data, ts"
              + " (default: ${DEFAULT-VALUE}). ts is compared as an instant.")
  private List<String> key = Columns.DEFAULT_KEY;

  @Option(
      names = "--wait-for-lock",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "If another run is writing to the output, wait up to this long for it to finish"
              + " (default: ${DEFAULT-VALUE}: exit at once with code 3).")
  private long waitForLockSeconds;

  @Option(
      names = "--reader",
      paramLabel = "READER",
      defaultValue = "streaming",
      converter = ReaderConverter.class,
      description =
          "How files are parsed: streaming (default; record by record, any file size, a bad"
              + " record rejected alone) or spark-json (Spark's JSON data source: a file's whole"
              + " records array in memory, and one record that is not an object quarantines the"
              + " file).")
  private InputReader reader = InputReader.STREAMING;

  @Option(
      names = "--max-rejected",
      paramLabel = "N|P%",
      converter = RejectLimitConverter.class,
      description =
          "Fail the run, writing nothing to the dataset, when more than N records (or P percent"
              + " of the records read) are rejected. Default: no limit; rejected records are kept"
              + " under <output>/_ingest/rejected/ and the summary says how many.")
  private RejectLimit maxRejected = RejectLimit.NONE;

  @Option(
      names = "--checkpoint",
      paramLabel = "PATH",
      description =
          "Ingest only the files that are new, or whose size or modification time changed,"
              + " since they were last read: this folder keeps the list of files read (keep it"
              + " outside the inputs). No age limit: an old file copied in is read.")
  private String checkpoint;

  @Option(
      names = "--max-files-per-batch",
      paramLabel = "N",
      description =
          "With --checkpoint: at most N files per batch, oldest first (default: all new files).")
  private Integer maxFilesPerBatch;

  @Option(
      names = "--watch",
      description =
          "With --checkpoint: keep running, ingesting new files as they land, until stopped"
              + " (SIGTERM or Ctrl-C finishes the batch at hand, then exits).")
  private boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "With --watch: how often to look for new files (default: ${DEFAULT-VALUE}).")
  private long intervalSeconds;

  @Option(
      names = "--quiet",
      description =
          "No progress line on stderr while the run works (it shows only on a terminal anyway).")
  private boolean quiet;

  RunCommand(Supplier<SparkSession> sessions) {
    this.sessions = sessions;
  }

  @Override
  public Integer call() {
    IngestOptions options =
        new IngestOptions(
            inputs, output, key, Duration.ofSeconds(waitForLockSeconds), reader, maxRejected);
    if (checkpoint == null) {
      if (maxFilesPerBatch != null || watch) {
        throw new UsageException(
            "Invalid "
                + (watch ? "--watch" : "--max-files-per-batch")
                + ": it goes with --checkpoint");
      }
      RunProgress progress = startProgress();
      RunReport report;
      try {
        report = new IngestJob(sessions.get(), options).run();
      } finally {
        progress.close();
      }
      print(report);
      return ExitCodes.OK;
    }
    if (maxFilesPerBatch != null && maxFilesPerBatch < 1) {
      throw new UsageException("Invalid --max-files-per-batch: " + maxFilesPerBatch + " < 1");
    }
    if (intervalSeconds < 1) {
      throw new UsageException("Invalid --interval: " + intervalSeconds + " < 1");
    }
    List<RunReport> reports = new ArrayList<>();
    try (RunProgress shown = startProgress()) {
      new IncrementalIngest(sessions.get(), options)
          .run(
              checkpoint,
              maxFilesPerBatch == null ? Integer.MAX_VALUE : maxFilesPerBatch,
              watch ? Duration.ofSeconds(intervalSeconds) : null,
              report -> {
                reports.add(report);
                shown.clear();
                print(report);
              });
    }
    if (reports.isEmpty() && !watch) {
      spec.commandLine()
          .getOut()
          .println(
              "json-dedup run: no new or changed files under "
                  + String.join(", ", inputs)
                  + " since the last run");
    }
    return ExitCodes.OK;
  }

  private RunProgress startProgress() {
    return RunProgress.start(sessions.get().sparkContext(), quiet);
  }

  private void print(RunReport report) {
    String reportPath =
        new OutputLayout(new Path(report.output())).report(report.runId()).toString();
    spec.commandLine().getOut().print(Summary.format(report, reportPath));
    spec.commandLine().getOut().flush();
  }

  /** {@code --reader} values by their command-line names. */
  static final class ReaderConverter implements ITypeConverter<InputReader> {
    @Override
    public InputReader convert(String value) {
      for (InputReader reader : InputReader.values()) {
        if (reader.option().equals(value)) {
          return reader;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a reader: choose streaming or spark-json");
    }
  }

  /** {@code --max-rejected} values. */
  static final class RejectLimitConverter implements ITypeConverter<RejectLimit> {
    @Override
    public RejectLimit convert(String value) {
      try {
        return RejectLimit.parse(value);
      } catch (UsageException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a limit: give a count like 100 or a share like 0.5%");
      }
    }
  }
}
