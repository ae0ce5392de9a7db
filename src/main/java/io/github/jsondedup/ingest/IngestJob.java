package io.github.jsondedup.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import io.github.jsondedup.TooManyRejectedException;
import io.github.jsondedup.report.ReportWriter;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.report.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest run: lists the input, then read, explode, validate, dedupe within the batch, drop what
 * is already stored, write the new rows, keep the rest for audit, and report. The steps are pure
 * functions of Datasets; this class only wires them to storage.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  /** Settings the contract depends on, set whatever the cluster's defaults are. */
  static final Map<String, String> REQUIRED_SQL_SETTINGS =
      Map.ofEntries(
          // Rule 8: dates are UTC dates, whatever the machine's zone.
          Map.entry("spark.sql.session.timeZone", "UTC"),
          // Rule 8: microsecond UTC timestamps, not the legacy INT96 encoding.
          Map.entry("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS"),
          // Since Spark 3.4 a partitioned write first sorts its rows by date. A task here holds
          // few dates, so it writes them side by side instead, and the sort of every row goes.
          Map.entry("spark.sql.optimizer.plannedWrite.enabled", "false"),
          Map.entry("spark.sql.maxConcurrentOutputFileWriters", "64"),
          // The classified batch is cached for its three readers; compressing the cache (a
          // dictionary per string column) was about 30% of a run's CPU, for data read back twice.
          Map.entry("spark.sql.inMemoryColumnarStorage.compressed", "false"),
          // Rule 2: instants before 1900 are written and read as given, on the proleptic
          // Gregorian calendar that ISO-8601 and other Parquet readers use. Spark's default
          // (EXCEPTION) fails every write of such an instant, and LEGACY would shift it.
          Map.entry("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED"),
          Map.entry("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED"),
          Map.entry("spark.sql.parquet.int96RebaseModeInRead", "CORRECTED"),
          // Rule 2: ts is parsed by the ISO calendar's strict rules; the legacy parser (a
          // cluster's LEGACY policy) is lenient and would take 2019-02-30 for March 2nd.
          Map.entry("spark.sql.legacy.timeParserPolicy", "CORRECTED"),
          // Rule 6: a file Spark cannot read fails the run rather than vanishing without a trace.
          Map.entry("spark.sql.files.ignoreCorruptFiles", "false"),
          Map.entry("spark.sql.files.ignoreMissingFiles", "false"));

  private final SparkSession spark;
  private final IngestOptions options;

  public IngestJob(SparkSession spark, IngestOptions options) {
    this.spark = spark;
    this.options = options;
  }

  /** Ingests every file under the inputs. */
  public RunReport run() {
    Instant startedAt = Instant.now();
    String runId = RunIds.next(startedAt);
    Timings timings = new Timings();
    List<InputFile> files =
        timings.time("list", () -> InputDiscovery.list(hadoop(), options.inputs()));
    return OutputGuard.whileLocked(
        spark,
        options,
        runId,
        timings,
        layout -> {
          List<InputFile> readable = files.stream().filter(file -> file.size() != 0).toList();
          return ingest(
              runId, startedAt, files, options.reader().read(spark, readable), layout, timings);
        });
  }

  private Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }

  /**
   * One batch: the checked {@code records} read from {@code files} (of which empty ones, size 0,
   * were not read), deduplicated and written, its audit kept and its report written.
   */
  RunReport ingest(
      String runId,
      Instant startedAt,
      List<InputFile> files,
      Dataset<Row> records,
      OutputLayout layout,
      Timings timings) {
    Configuration hadoop = hadoop();
    List<InputFile> emptyFiles = files.stream().filter(file -> file.size() == 0).toList();
    List<InputFile> readable = files.stream().filter(file -> file.size() != 0).toList();
    LOG.info("Run {}: {} input files, {} empty", runId, files.size(), emptyFiles.size());

    KeySpread spread =
        KeySpread.forInput(options.key(), readable.stream().mapToLong(InputFile::size).sum());
    StepMetrics steps = StepMetrics.listenTo(spark.sparkContext());
    Batch batch = new Batch(runId, startedAt, files, layout, timings, steps);
    // Cached because three things read it: the batch overview, the dataset write and the audit.
    Dataset<Row> classified =
        keptForLater(BatchDedup.classify(records, spread)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      describe("read_and_dedupe", "read, validate and dedupe " + files.size() + " files");
      BatchOverview overview = timings.time("read_and_dedupe", () -> BatchOverview.of(classified));
      List<InputFile> unreadable = new ArrayList<>(emptyFiles);
      unreadable.addAll(overview.unreadFiles(readable));
      if (tooManyRejected(overview, unreadable)) {
        refuse(batch, overview, unreadable, classified);
      }

      Dataset<Row> outcome =
          StoredKeys.ruleAgainstStored(
              classified, storedRows(layout, overview.dates(), spread), spread);
      describe("write", "write new rows to " + layout.root());
      Map<String, Long> before = layout.dataFiles(hadoop, overview.dates());
      WriteMetrics written = timings.time("write", () -> writeDataset(outcome, layout));
      Map<String, Long> added = new LinkedHashMap<>(layout.dataFiles(hadoop, written.dates()));
      added.keySet().removeAll(before.keySet());
      RunCounts counts = counts(files.size(), unreadable.size(), overview, written);
      Map<String, String> audit =
          timings.time(
              "audit", () -> writeAudit(classified, outcome, unreadable, counts, layout, runId));

      RunReport report =
          report(batch, RunReport.SUCCEEDED, 0, counts, written.dates(), audit, added);
      ReportWriter.write(report, layout.report(runId), hadoop);
      if (!counts.balanced()) {
        throw new IllegalStateException(
            "Cannot account for every record read, the run report says how: "
                + layout.report(runId));
      }
      return report;
    } finally {
      classified.unpersist();
      spark.sparkContext().setJobDescription(null);
      spark.sparkContext().setLocalProperty(StepMetrics.STEP, null);
      spark.sparkContext().removeSparkListener(steps);
    }
  }

  /**
   * The classified rows with only what is read later: the survivor struct only on conflicts (the
   * audit shows it), no modification time. Every row keeps its file: a row the batch ruled WRITTEN
   * may yet be a conflict with a stored row, audited with its source.
   */
  private static Dataset<Row> keptForLater(Dataset<Row> classified) {
    Column status = col(Columns.STATUS);
    return classified
        .withColumn(
            Columns.SURVIVOR,
            when(status.equalTo(RecordStatus.CONFLICT.value()), col(Columns.SURVIVOR)))
        .drop(Columns.SOURCE_MTIME);
  }

  /**
   * The dataset's rows where this batch could collide, with the file that holds each: only the
   * dates it touches when the key holds {@code ts} (the partition is a function of it), every date
   * otherwise.
   */
  private Dataset<Row> storedRows(OutputLayout layout, List<String> batchDates, KeySpread spread) {
    if (!layout.hasDataset(hadoop())) {
      return spark.createDataFrame(
          List.of(), Columns.DATASET_SCHEMA.add(StoredKeys.STORED_FILE, DataTypes.StringType));
    }
    Dataset<Row> stored =
        spark
            .read()
            .schema(Columns.DATASET_SCHEMA)
            .parquet(layout.root().toString())
            .withColumn(StoredKeys.STORED_FILE, col("_metadata.file_path"));
    if (spread.keyDeterminesDate()) {
      stored = stored.where(col(Columns.DATE).isin(batchDates.toArray()));
    }
    return stored;
  }

  private static WriteMetrics writeDataset(Dataset<Row> outcome, OutputLayout layout) {
    Observation observation = new Observation("json_dedup_write");
    Dataset<Row> newRows =
        WriteMetrics.observe(outcome, observation)
            .where(col(Columns.STATUS).equalTo(RecordStatus.WRITTEN.value()))
            // Each task holds whole (date, bucket) groups (KeySpread): one file per group and run.
            .select(Columns.ID, Columns.DATA, Columns.TS, Columns.DATE);
    newRows
        .write()
        .mode(SaveMode.Append)
        .partitionBy(Columns.DATE)
        .parquet(layout.root().toString());
    return WriteMetrics.of(observation);
  }

  /**
   * Every record read lands in one count: the records read and rejected as the batch overview saw
   * them, the rest as the write's own observation ruled them, stored rows included.
   */
  private static RunCounts counts(
      int files, int unreadableFiles, BatchOverview overview, WriteMetrics ruled) {
    return new RunCounts(
        files,
        overview.countOf(RecordStatus.QUARANTINED) + unreadableFiles,
        overview.recordsRead(),
        ruled.rows(),
        ruled.countOf(RecordStatus.DUPLICATE),
        ruled.countOf(RecordStatus.CONFLICT),
        ruled.countOf(RecordStatus.ALREADY_STORED),
        overview.countOf(RecordStatus.REJECTED));
  }

  /**
   * Whether the batch's bad input is above {@code --max-rejected}: rejected records and quarantined
   * files count alike, as shares of the records read and the files quarantined.
   */
  private boolean tooManyRejected(BatchOverview overview, List<InputFile> unreadable) {
    long quarantined = quarantinedFiles(overview, unreadable);
    return options
        .maxRejected()
        .exceededBy(
            overview.countOf(RecordStatus.REJECTED) + quarantined,
            overview.recordsRead() + quarantined);
  }

  private static long quarantinedFiles(BatchOverview overview, List<InputFile> unreadable) {
    return overview.countOf(RecordStatus.QUARANTINED) + unreadable.size();
  }

  /**
   * Stops the run before it writes to the dataset, keeping the rejected records and quarantined
   * files (and why) for the user to look at, and a report that says so.
   */
  private void refuse(
      Batch batch, BatchOverview overview, List<InputFile> unreadable, Dataset<Row> classified) {
    List<InputFile> files = batch.files();
    OutputLayout layout = batch.layout();
    String runId = batch.runId();
    long rejected = overview.countOf(RecordStatus.REJECTED);
    long quarantined = quarantinedFiles(overview, unreadable);
    long read = overview.recordsRead();
    // Nothing was ruled on or written: every record read that was not rejected is left as it was.
    RunCounts counts = new RunCounts(files.size(), quarantined, read, 0, 0, 0, 0, rejected);
    Map<String, String> audit =
        batch
            .timings()
            .time(
                "audit",
                () -> writeAudit(classified, classified, unreadable, counts, layout, runId));
    RunReport report =
        report(
            batch,
            RunReport.REFUSED,
            TooManyRejectedException.EXIT_CODE,
            counts,
            List.of(),
            audit,
            Map.of());
    ReportWriter.write(report, layout.report(runId), hadoop());
    StringBuilder where = new StringBuilder();
    audit.forEach(
        (kind, path) ->
            where
                .append(" The ")
                .append(kind.equals("rejected") ? "rejected records" : "quarantined files")
                .append(" are in ")
                .append(path)
                .append('.'));
    throw new TooManyRejectedException(
        String.format(
            Locale.ROOT,
            "%d of %d records rejected and %d of %d files quarantined, above --max-rejected %s:"
                + " nothing was written to the dataset.%s The run report is %s",
            rejected,
            read,
            quarantined,
            files.size(),
            options.maxRejected(),
            where,
            layout.report(runId)));
  }

  /** What a batch's report says whatever its outcome. */
  private record Batch(
      String runId,
      Instant startedAt,
      List<InputFile> files,
      OutputLayout layout,
      Timings timings,
      StepMetrics steps) {}

  /** The report of {@code batch}; {@code added} are the dataset's new files, with their sizes. */
  private RunReport report(
      Batch batch,
      String status,
      int exitCode,
      RunCounts counts,
      List<String> partitions,
      Map<String, String> audit,
      Map<String, Long> added) {
    return new RunReport(
        batch.runId(),
        status,
        exitCode,
        Version.ofJob(),
        options.reader().option(),
        batch.startedAt().toString(),
        Instant.now().toString(),
        options.inputs(),
        filesRead(batch.files()),
        batch.layout().root().toString(),
        options.key(),
        counts,
        partitions,
        audit,
        added.size(),
        added.values().stream().mapToLong(Long::longValue).sum(),
        batch.timings().withTotal(),
        batch.steps().byStep(spark.sparkContext()));
  }

  private static List<RunReport.FileRead> filesRead(List<InputFile> files) {
    return files.stream()
        .map(
            file ->
                new RunReport.FileRead(
                    file.path(),
                    file.size(),
                    Instant.ofEpochMilli(file.modificationTime()).toString()))
        .toList();
  }

  /** Writes what a person may need to inspect or replay; returns where, by kind. */
  private Map<String, String> writeAudit(
      Dataset<Row> classified,
      Dataset<Row> outcome,
      List<InputFile> unreadable,
      RunCounts counts,
      OutputLayout layout,
      String runId) {
    List<Row> unreadEntries =
        unreadable.stream()
            .map(file -> RowFactory.create(file.sparkPath(), Reasons.EMPTY_FILE))
            .toList();
    Map<String, String> written = new LinkedHashMap<>();
    keep(
        written,
        "rejected",
        counts.rejected(),
        Audit.rejectedRecords(classified),
        layout.rejected(runId));
    keep(
        written,
        "quarantined",
        counts.quarantinedFiles(),
        Audit.quarantinedFiles(classified)
            .unionByName(spark.createDataFrame(unreadEntries, Audit.QUARANTINED_FILE)),
        layout.quarantined(runId));
    keep(
        written,
        "conflicts",
        counts.conflicts(),
        Audit.conflicts(outcome, options.key()),
        layout.conflicts(runId));
    return written;
  }

  private void keep(
      Map<String, String> written, String kind, long count, Dataset<Row> rows, Path path) {
    if (count > 0) {
      describe("audit", "keep " + count + " " + kind);
      writeJson(rows, path.toString());
      written.put(kind, path.toString());
    }
  }

  // Audit outputs are small: one JSON-lines file each, easy to open and to replay.
  private static void writeJson(Dataset<Row> rows, String path) {
    rows.coalesce(1).write().mode(SaveMode.ErrorIfExists).json(path);
  }

  /** Names the Spark jobs that follow: {@code step} for the report, {@code text} for people. */
  private void describe(String step, String text) {
    spark.sparkContext().setLocalProperty(StepMetrics.STEP, step);
    spark.sparkContext().setJobDescription("json-dedup: " + text);
  }
}
