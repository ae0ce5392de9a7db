package io.github.jsondedup.job;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.dedup.KeyScan;
import io.github.jsondedup.dedup.KeySpread;
import io.github.jsondedup.dedup.Shuffles;
import io.github.jsondedup.output.AuditOutputs;
import io.github.jsondedup.output.AuditTee;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.read.Arrival;
import io.github.jsondedup.read.InputDiscovery;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.read.InputReader;
import io.github.jsondedup.report.ReportWriter;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.report.StepMetrics;
import io.github.jsondedup.report.Tally;
import io.github.jsondedup.report.Timings;
import io.github.jsondedup.report.Version;
import io.github.jsondedup.schema.CatalystRows;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import io.github.jsondedup.table.ConcurrentCommitException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest run: lists the input, then reads and checks the records, spreads them by key, rules on
 * each against the others and the stored rows in one sorted scan, writes the new rows, keeps what
 * needs a person's eyes, and reports. This class only wires the steps to storage.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final SparkSession spark;
  private final RunSettings settings;

  public IngestJob(SparkSession spark, RunSettings settings) {
    this.spark = SparkSessions.withContract(spark);
    this.settings = settings;
  }

  /** Ingests every file under the inputs. */
  public RunReport run() {
    Instant startedAt = Instant.now();
    String runId = RunIds.next(startedAt);
    Timings timings = new Timings();
    List<InputFile> files =
        timings.time("list", () -> InputDiscovery.list(hadoop(), settings.inputs()));
    return OutputGuard.guarded(
        spark,
        settings,
        runId,
        timings,
        target -> ingest(runId, startedAt, files, target, timings));
  }

  private Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }

  /**
   * One batch: the records of {@code files} (empty ones, size 0, are not read) read and checked,
   * deduplicated against each other and the stored rows, written, their audit kept and their report
   * written. Two Spark jobs touch the records: the first reads and spreads them by key (counting as
   * it goes), the second sorts each task's share, rules on every record in one scan, and writes.
   */
  RunReport ingest(
      String runId, Instant startedAt, List<InputFile> files, Target target, Timings timings) {
    Configuration hadoop = hadoop();
    OutputLayout layout = target.layout();
    List<InputFile> emptyFiles = files.stream().filter(file -> file.size() == 0).toList();
    List<InputFile> ranked =
        Arrival.ranked(files.stream().filter(file -> file.size() != 0).toList());
    LOG.info("Run {}: {} input files, {} empty", runId, files.size(), emptyFiles.size());

    KeySpread spread =
        KeySpread.forInput(
            settings.key(),
            ranked.stream().mapToLong(InputFile::size).sum(),
            spark.sparkContext().defaultParallelism(),
            settings.inputBytesPerTask(),
            settings.inputBytesPerBucket());
    StepMetrics steps = StepMetrics.listenTo(spark.sparkContext());
    Batch batch = new Batch(runId, startedAt, files, target, timings, steps);
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    AuditTee.Sink sink =
        new AuditTee.Sink(
            AuditOutputs.staging(layout, runId).toString(),
            context.broadcast(new SerializableWritable<>(hadoop)),
            context.broadcast(new ArrayList<>(ranked.stream().map(InputFile::sparkPath).toList())),
            settings.key(),
            true);
    try {
      describe(StepMetrics.READ, "read, validate and spread " + files.size() + " files");
      Tally readTally = Tally.register(spark.sparkContext());
      RDD<InternalRow> batchRows =
          timings.time(
              StepMetrics.READ,
              () -> {
                Dataset<Row> checked = InputReader.read(spark, settings.reader(), ranked);
                return Shuffles.materialized(
                    CatalystRows.of(spread.batch(readTally.counting(spark, checked))));
              });
      Tally.Sum read = readTally.sum();
      List<InputFile> unreadable = new ArrayList<>(emptyFiles);
      for (int rank = 0; rank < ranked.size(); rank++) {
        if (!read.files().contains(rank)) {
          unreadable.add(ranked.get(rank));
        }
      }
      if (tooManyRejected(read, unreadable)) {
        refuse(batch, read, unreadable, KeyScan.rule(batchRows, null, spread, sink.files()), sink);
      }

      describe(StepMetrics.DEDUPE_AND_WRITE, "dedupe and write new rows to " + target.name());
      List<String> dates = read.dates().stream().map(IngestJob::dateText).toList();
      Stored stored = dedupeAndStore(runId, target, timings, batchRows, spread, sink, dates);
      Tally.Sum ruled = stored.ruled();
      List<String> written = ruled.dates().stream().map(IngestJob::dateText).toList();
      Map<String, Long> added = stored.added();
      RunCounts counts =
          new RunCounts(
              files.size(),
              quarantinedFiles(read, unreadable),
              read.records(),
              ruled.countOf(RecordStatus.WRITTEN),
              ruled.countOf(RecordStatus.DUPLICATE),
              ruled.countOf(RecordStatus.CONFLICT),
              ruled.countOf(RecordStatus.ALREADY_STORED),
              ruled.countOf(RecordStatus.REJECTED));
      Map<String, String> audit =
          timings.time(
              StepMetrics.AUDIT,
              () -> AuditOutputs.publish(hadoop, layout, runId, ruled.auditFiles(), unreadable));

      RunReport report =
          report(batch, RunReport.SUCCEEDED, 0, counts, written, audit, added, stored.retries());
      ReportWriter.write(report, layout.report(runId), hadoop);
      if (!counts.balanced()) {
        throw new IllegalStateException(
            "Cannot account for every record read, the run report says how: "
                + layout.report(runId));
      }
      return report;
    } finally {
      AuditOutputs.discard(hadoop, layout, runId);
      spark.sparkContext().setJobDescription(null);
      spark.sparkContext().setLocalProperty(StepMetrics.STEP, null);
      spark.sparkContext().removeSparkListener(steps);
    }
  }

  /** What the dedup-and-write step ruled, and the files it added. */
  private record Stored(Tally.Sum ruled, Map<String, Long> added, int retries) {}

  /**
   * Rules on the batch's rows against each other and the stored rows, keeps the audit and stores
   * the new rows. When another run stored rows of the same days in between (a table's commit
   * conflict), rules again from what is stored now, at most {@code
   * spark.jsondedup.table.commitRetries} times.
   */
  private Stored dedupeAndStore(
      String runId,
      Target target,
      Timings timings,
      RDD<InternalRow> batchRows,
      KeySpread spread,
      AuditTee.Sink sink,
      List<String> dates) {
    for (int attempt = 0; ; attempt++) {
      Tally ruledTally = Tally.register(spark.sparkContext());
      try {
        Map<String, Long> added =
            timings.time(
                StepMetrics.DEDUPE_AND_WRITE,
                () -> {
                  Dataset<Row> stored = target.stored(spread.keyDeterminesDate() ? dates : null);
                  RDD<InternalRow> ruled =
                      KeyScan.rule(
                          batchRows,
                          stored == null ? null : CatalystRows.of(spread.stored(stored)),
                          spread,
                          sink.files());
                  RDD<InternalRow> kept =
                      ruled
                          .toJavaRDD()
                          .mapPartitions(rows -> AuditTee.apply(rows, sink, ruledTally))
                          .rdd();
                  return target.store(
                      spread.rowsInDateOrder()
                          ? CatalystRows.toDatasetSortedBy(spark, kept, Columns.RULED, Columns.DATE)
                          : CatalystRows.toDataset(spark, kept, Columns.RULED),
                      dates);
                });
        return new Stored(ruledTally.sum(), added, attempt);
      } catch (ConcurrentCommitException e) {
        AuditOutputs.discard(hadoop(), target.layout(), runId);
        if (attempt >= settings.commitRetries()) {
          throw new ConcurrentCommitException(
              String.format(
                  Locale.ROOT,
                  "Other runs stored rows of this run's days while it ruled, %d times in a row:"
                      + " nothing of this run was stored, and running it again is safe (or allow"
                      + " more retries with spark.jsondedup.table.commitRetries)",
                  attempt + 1),
              e);
        }
        LOG.info(
            "Run {}: {}; ruling again on what is stored now (retry {} of {})",
            runId,
            e.getMessage(),
            attempt + 1,
            settings.commitRetries());
      }
    }
  }

  private static String dateText(int epochDay) {
    return LocalDate.ofEpochDay(epochDay).toString();
  }

  /**
   * Whether the batch's bad input is above {@code --max-rejected}: rejected records and quarantined
   * files count alike, as shares of the records read and the files quarantined.
   */
  private boolean tooManyRejected(Tally.Sum read, List<InputFile> unreadable) {
    long quarantined = quarantinedFiles(read, unreadable);
    return settings
        .maxRejected()
        .exceededBy(
            read.countOf(RecordStatus.REJECTED) + quarantined, read.records() + quarantined);
  }

  private static long quarantinedFiles(Tally.Sum read, List<InputFile> unreadable) {
    return read.countOf(RecordStatus.QUARANTINED) + unreadable.size();
  }

  /**
   * Stops the run before it writes to the dataset, keeping the rejected records and quarantined
   * files (and why) for the user to look at, and a report that says so.
   */
  private void refuse(
      Batch batch,
      Tally.Sum read,
      List<InputFile> unreadable,
      RDD<InternalRow> ruled,
      AuditTee.Sink sink) {
    List<InputFile> files = batch.files();
    OutputLayout layout = batch.target().layout();
    String runId = batch.runId();
    long rejected = read.countOf(RecordStatus.REJECTED);
    long quarantined = quarantinedFiles(read, unreadable);
    // Nothing was ruled on or written: every record read that was not rejected is held back.
    RunCounts counts =
        new RunCounts(
            files.size(),
            quarantined,
            read.records(),
            0,
            0,
            0,
            0,
            rejected,
            read.records() - rejected);
    describe(
        StepMetrics.AUDIT, "keep " + rejected + " rejected records and " + quarantined + " files");
    Tally auditTally = Tally.register(spark.sparkContext());
    AuditTee.Sink badInputOnly = sink.withoutConflicts();
    Map<String, String> audit =
        batch
            .timings()
            .time(
                StepMetrics.AUDIT,
                () -> {
                  ruled
                      .toJavaRDD()
                      .mapPartitions(rows -> AuditTee.apply(rows, badInputOnly, auditTally))
                      .foreachPartition(rows -> rows.forEachRemaining(row -> {}));
                  return AuditOutputs.publish(
                      hadoop(), layout, runId, auditTally.sum().auditFiles(), unreadable);
                });
    RunReport report =
        report(
            batch,
            RunReport.REFUSED,
            TooManyRejectedException.EXIT_CODE,
            counts,
            List.of(),
            audit,
            Map.of(),
            0);
    ReportWriter.write(report, layout.report(runId), hadoop());
    StringBuilder where = new StringBuilder();
    audit.forEach(
        (kind, path) ->
            where
                .append(" The ")
                .append(
                    kind.equals(AuditOutputs.REJECTED) ? "rejected records" : "quarantined files")
                .append(" are in ")
                .append(path)
                .append('.'));
    throw new TooManyRejectedException(
        String.format(
            Locale.ROOT,
            "%d of %d records rejected and %d of %d files quarantined, above the max-rejected limit"
                + " of %s: nothing was written to the dataset.%s The run report is %s",
            rejected,
            read.records(),
            quarantined,
            files.size(),
            settings.maxRejected(),
            where,
            layout.report(runId)));
  }

  /** What a batch's report says whatever its outcome. */
  private record Batch(
      String runId,
      Instant startedAt,
      List<InputFile> files,
      Target target,
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
      Map<String, Long> added,
      int commitRetries) {
    return new RunReport(
        batch.runId(),
        status,
        exitCode,
        Version.ofJob(),
        settings.reader().option(),
        batch.startedAt().toString(),
        Instant.now().toString(),
        settings.inputs(),
        filesRead(batch.files()),
        batch.target().name(),
        batch.target().layout().ingest().toString(),
        settings.key(),
        counts,
        partitions,
        audit,
        added.size(),
        added.values().stream().mapToLong(Long::longValue).sum(),
        commitRetries,
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

  /** Names the Spark jobs that follow: {@code step} for the report, {@code text} for people. */
  private void describe(String step, String text) {
    spark.sparkContext().setLocalProperty(StepMetrics.STEP, step);
    spark.sparkContext().setJobDescription("json-dedup: " + text);
  }
}
