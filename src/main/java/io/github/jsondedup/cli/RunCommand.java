package io.github.jsondedup.cli;

import io.github.jsondedup.config.Destination;
import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.ReaderKind;
import io.github.jsondedup.config.RejectLimit;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.config.Setting;
import io.github.jsondedup.config.Settings;
import io.github.jsondedup.job.IncrementalIngest;
import io.github.jsondedup.job.IngestJob;
import io.github.jsondedup.job.TooManyRejectedException;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.report.PrometheusMetrics;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.report.Summary;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code json-dedup run}: one ingest of the inputs into the output dataset. An option not given
 * takes its Spark setting's value, then its default ({@link SparkConfDefaults}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Reads every JSON file below the inputs, drops duplicate records, and appends the new ones"
          + " to the Parquet dataset at the output, partitioned date=YYYY-MM-DD (UTC).",
      "Rejected records, quarantined files, conflicts and the run report go under"
          + " <output>/_ingest/.",
      "With --table instead of --output, the new rows are committed to an Apache Iceberg table,"
          + " created if missing: atomically, checked against concurrent runs, with no lock."
    })
final class RunCommand implements Callable<Integer> {
  private final Supplier<SparkSession> sessions;
  private final Optional<java.time.Instant> processStart;

  @Spec private CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "PATH",
      description =
          "A file, directory or Hadoop glob to read (local, hdfs://, s3a://); repeatable."
              + " Directories are read recursively; names starting with _ or . are skipped.")
  private List<String> inputs;

  @Mixin private DatasetOptions dataset;

  @Option(
      names = "--key",
      split = ",",
      paramLabel = "FIELD",
      description =
          "The fields that make two records duplicates, comma-separated, from id, data, ts"
              + " (default: ${DEFAULT-VALUE}). ts is compared as an instant.")
  private List<String> key;

  @Option(
      names = "--wait-for-lock",
      paramLabel = "SECONDS",
      converter = WaitForLockConverter.class,
      description =
          "If another run is writing to the output, wait up to this long for it to finish"
              + " (default: ${DEFAULT-VALUE}: exit at once with code 3).")
  private Duration waitForLock;

  @Option(
      names = "--reader",
      paramLabel = "READER",
      converter = ReaderConverter.class,
      description =
          "How files are parsed: streaming (default; record by record, any file size, a bad"
              + " record rejected alone) or spark-json (Spark's JSON data source: a file's whole"
              + " records array in memory, and one record that is not an object quarantines the"
              + " file).")
  private ReaderKind reader;

  @Option(
      names = "--max-rejected",
      paramLabel = "N|P%",
      converter = RejectLimitConverter.class,
      description =
          "Fail the run, writing nothing to the dataset, when more than N records and files (or"
              + " P percent of the records read and files quarantined) are rejected or"
              + " quarantined, which count alike (default: ${DEFAULT-VALUE}; they are kept under"
              + " <output>/_ingest/ and the summary says how many).")
  private RejectLimit maxRejected;

  @Option(
      names = "--max-unread",
      paramLabel = "N",
      converter = MaxUnreadConverter.class,
      description =
          "How many files (or folders) that the file system fails to give, after retries, the run"
              + " may leave unread while it stores the rest, exiting with code 5; they are not"
              + " quarantined, not recorded as read, and read again by the next run (default:"
              + " ${DEFAULT-VALUE}: one such file fails the run, which stores nothing).")
  private Integer maxUnread;

  /** Absent unless --checkpoint is given; picocli refuses its other options without it. */
  @ArgGroup(exclusive = false)
  private IncrementalOptions incremental;

  static final class IncrementalOptions {
    @Option(
        names = "--checkpoint",
        required = true,
        paramLabel = "PATH",
        description =
            "Ingest only the files that are new, or whose size or modification time changed,"
                + " since they were last read: this folder keeps the list of files read (keep it"
                + " outside the inputs). No age limit: an old file copied in is read.")
    private String checkpoint;

    @Option(
        names = "--max-files-per-batch",
        paramLabel = "N",
        converter = MaxFilesConverter.class,
        description =
            "With --checkpoint: at most N files per batch, oldest first (default:"
                + " ${DEFAULT-VALUE}).")
    private Integer maxFilesPerBatch;

    @ArgGroup(exclusive = false)
    private WatchOptions watch;
  }

  static final class WatchOptions {
    // Never read: the group exists only when --watch was given, which is all it says.
    @SuppressWarnings("UnusedVariable")
    @Option(
        names = "--watch",
        required = true,
        description =
            "With --checkpoint: keep running, ingesting new files as they land, until stopped"
                + " (SIGTERM or Ctrl-C finishes the batch at hand, then exits).")
    private boolean watch;

    @Option(
        names = "--interval",
        paramLabel = "SECONDS",
        converter = IntervalConverter.class,
        description = "With --watch: how often to look for new files (default: ${DEFAULT-VALUE}).")
    private Duration interval;
  }

  @Option(
      names = "--metrics-file",
      paramLabel = "PATH",
      description =
          "After each run (or batch), write its counts and timings to this local file in"
              + " Prometheus' text format, atomically (for node_exporter's textfile collector); a"
              + " run that fails writes its exit code.")
  private java.nio.file.Path metricsFile;

  @Option(
      names = "--verbose",
      description =
          "On a failure, its stack trace after the one line that says what failed; and the log"
              + " of Spark, Hadoop and the libraries besides the job's own (warnings and errors).")
  private boolean verbose;

  @Option(
      names = "--quiet",
      description =
          "No progress line on stderr while the run works (it shows only on a terminal anyway).")
  private boolean quiet;

  RunCommand(Supplier<SparkSession> sessions, Optional<java.time.Instant> processStart) {
    this.sessions = sessions;
    this.processStart = processStart;
  }

  @Override
  public Integer call() {
    if (verbose) {
      Verbosity.turnOn();
    }
    RunSettings settings = settings();
    refuseMissingMetricsFolder();
    try {
      return ingest(settings);
    } catch (Exception | Error e) {
      // Exception, not only RuntimeException: Spark's Scala code throws its checked
      // SparkException undeclared, and a failed run must not leave the last success's exit code.
      if (metricsFile != null) {
        PrometheusMetrics.write(
            metricsFile,
            e instanceof TooManyRejectedException refused && refused.report() != null
                ? PrometheusMetrics.of(refused.report(), metricsFile, java.time.Instant.now())
                : PrometheusMetrics.failed(
                    datasetName(settings.destination()),
                    ExitCodes.of(e),
                    java.time.Instant.now(),
                    metricsFile));
      }
      throw e;
    }
  }

  /**
   * A metrics file whose folder is missing is a usage error before the run begins: found after the
   * commit, it failed a run whose rows were stored, and a scheduler would retry it forever.
   */
  private void refuseMissingMetricsFolder() {
    if (metricsFile == null) {
      return;
    }
    java.nio.file.Path folder = metricsFile.toAbsolutePath().getParent();
    if (!java.nio.file.Files.isDirectory(folder)) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid --metrics-file: the folder "
              + folder
              + " does not exist; create it (node_exporter's textfile directory) or name a file in"
              + " one that does");
    }
  }

  /**
   * The dataset as the run reports name it (a folder qualified, {@code file:/tmp/x} for {@code
   * /tmp/x}), so that a failure's metrics fall in the same series as a success's.
   */
  private String datasetName(Destination destination) {
    if (destination instanceof Destination.Folder folder) {
      try {
        return OutputLayout.qualified(
                new Path(folder.path()), sessions.get().sparkContext().hadoopConfiguration())
            .toString();
      } catch (RuntimeException e) {
        // Spark itself failed to start, or the path is not one: name it as typed.
        return folder.path();
      }
    }
    return destination.name();
  }

  private int ingest(RunSettings settings) {
    if (incremental == null) {
      RunProgress progress = startProgress();
      RunReport report;
      try {
        report = new IngestJob(sessions.get(), settings).run(processStart);
      } finally {
        progress.close();
      }
      print(report);
      return report.exitCode();
    }
    Optional<RunReport> idle;
    int[] exitCode = {ExitCodes.OK};
    java.util.concurrent.atomic.AtomicReference<RunReport> last =
        new java.util.concurrent.atomic.AtomicReference<>();
    try (RunProgress shown = startProgress()) {
      idle =
          new IncrementalIngest(sessions.get(), settings)
              .run(
                  report -> {
                    shown.clear();
                    last.set(report);
                    print(report);
                    exitCode[0] = Math.max(exitCode[0], report.exitCode());
                  },
                  () -> heartbeat(settings, last.get()),
                  processStart);
    }
    idle.ifPresent(
        report -> {
          writeMetrics(report);
          spec.commandLine()
              .getOut()
              .println(
                  "json-dedup run: no new or changed files under "
                      + String.join(", ", inputs)
                      + " since the last run (report "
                      + report.reportFile()
                      + ")");
        });
    return exitCode[0];
  }

  /** The run's settings: the options given, checked together, and the rest from Spark. */
  private RunSettings settings() {
    List<String> keyFields;
    try {
      keyFields = Settings.KEY.parse(String.join(",", key));
    } catch (InvalidSettingException e) {
      throw new ParameterException(spec.commandLine(), "Invalid --key: " + e.getMessage());
    }
    // The options hold their Spark setting's value already, where the command line gave none.
    Function<String, Optional<String>> sparkConf = SparkConfDefaults.sparkConf();
    Destination destination = dataset.destination(Settings.COMMIT_RETRIES.valueIn(sparkConf));
    RunSettings fromSpark = RunSettings.ofSparkConf(inputs, destination, sparkConf);
    RunSettings settings =
        fromSpark
            .withKey(keyFields)
            .withReader(reader)
            .withMaxRejected(maxRejected)
            .withMaxUnread(maxUnread)
            .withLock(waitForLock, fromSpark.lockTtl());
    return incremental == null
        ? settings
        : settings.withCheckpoint(
            incremental.checkpoint,
            incremental.maxFilesPerBatch,
            incremental.watch == null ? null : incremental.watch.interval);
  }

  private RunProgress startProgress() {
    return RunProgress.start(sessions.get().sparkContext(), quiet);
  }

  private void print(RunReport report) {
    writeMetrics(report);
    spec.commandLine().getOut().print(Summary.format(report));
    spec.commandLine().getOut().flush();
  }

  private void writeMetrics(RunReport report) {
    if (metricsFile != null) {
      PrometheusMetrics.write(
          metricsFile, PrometheusMetrics.of(report, metricsFile, java.time.Instant.now()));
    }
  }

  /**
   * A watch's look that found nothing new: the metrics of its last batch (if any yet) with the poll
   * renewed, so that an alert on a silent job does not fire on a healthy watch.
   */
  private void heartbeat(RunSettings settings, RunReport last) {
    if (metricsFile == null) {
      return;
    }
    java.time.Instant now = java.time.Instant.now();
    PrometheusMetrics.write(
        metricsFile,
        last == null
            ? PrometheusMetrics.watching(datasetName(settings.destination()), now, metricsFile)
            : PrometheusMetrics.of(last, metricsFile, now));
  }

  /** Converts an option's text as its {@link Setting} parses it. */
  abstract static class SettingConverter<T> implements ITypeConverter<T> {
    private final Setting<T> setting;

    SettingConverter(Setting<T> setting) {
      this.setting = setting;
    }

    @Override
    public T convert(String text) {
      try {
        return setting.parse(text);
      } catch (InvalidSettingException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class TableConverter extends SettingConverter<String> {
    TableConverter() {
      super(Settings.TABLE);
    }
  }

  static final class ReaderConverter extends SettingConverter<ReaderKind> {
    ReaderConverter() {
      super(Settings.READER);
    }
  }

  static final class RejectLimitConverter extends SettingConverter<RejectLimit> {
    RejectLimitConverter() {
      super(Settings.MAX_REJECTED);
    }
  }

  static final class MaxUnreadConverter extends SettingConverter<Integer> {
    MaxUnreadConverter() {
      super(Settings.MAX_UNREAD);
    }
  }

  static final class MaxFilesConverter extends SettingConverter<Integer> {
    MaxFilesConverter() {
      super(Settings.MAX_FILES_PER_BATCH);
    }
  }

  static final class WaitForLockConverter extends SettingConverter<Duration> {
    WaitForLockConverter() {
      super(Settings.WAIT_FOR_LOCK);
    }
  }

  static final class IntervalConverter extends SettingConverter<Duration> {
    IntervalConverter() {
      super(Settings.INTERVAL);
    }
  }
}
