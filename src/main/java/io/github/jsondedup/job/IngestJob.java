package io.github.jsondedup.job;

import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.dedup.KeyScan;
import io.github.jsondedup.dedup.KeySpread;
import io.github.jsondedup.output.AuditOutputs;
import io.github.jsondedup.output.AuditTee;
import io.github.jsondedup.output.OutputLockedException;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.read.InputReader;
import io.github.jsondedup.read.Unread;
import io.github.jsondedup.report.FailureText;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.report.StepMetrics;
import io.github.jsondedup.report.Tally;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import io.github.jsondedup.sparkcompat.CatalystRows;
import io.github.jsondedup.sparkcompat.Shuffles;
import io.github.jsondedup.table.ConcurrentCommitException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * needs a person's eyes, and reports. Two Spark jobs touch the records: the first reads and spreads
 * them by key (counting as it goes), the second sorts each task's share, rules on every record in
 * one scan, and writes.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final SparkSession caller;
  private final RunSettings settings;

  /** The batch at hand, for the report of a run that runs out of memory ({@link MemoryWatch}). */
  private volatile Batch current;

  /**
   * A run of {@code settings}, on a session of its own beside {@code caller}'s ({@link
   * JobSession}).
   */
  public IngestJob(SparkSession caller, RunSettings settings) {
    this.caller = caller;
    this.settings = settings;
  }

  /** Ingests every file under the inputs. */
  public RunReport run() {
    return run(Optional.empty());
  }

  /**
   * Ingests every file under the inputs, in a process that started at {@code processStart} (when
   * given, the report counts the process's start-up as a step, and its total is the wall time).
   */
  @SuppressWarnings("try") // the stop is held for its close alone
  public RunReport run(Optional<Instant> processStart) {
    try (JobSession own = JobSession.of(caller);
        RunStop stop = RunStop.onShutdown(own.session().sparkContext());
        MemoryWatch memory = watchMemory()) {
      SparkSession spark = own.session();
      RunStart start = RunStart.listing(spark, settings, processStart);
      return start.onGuardedTarget(spark, settings, target -> ingest(spark, start, target));
    }
  }

  /**
   * One batch, step by step: the records of its files read and checked, refused if too many are
   * bad, ruled on against each other and the stored rows and stored (again if a table's commit
   * lost), their audit published and their report written.
   */
  RunReport ingest(SparkSession spark, RunStart start, Target target) {
    try (Batch batch = Batch.open(spark, settings, start, target)) {
      current = batch;
      LOG.info(
          "Run {}: {} input files, {} empty",
          batch.runId(),
          start.files().size(),
          batch.emptyFiles().size());
      BatchRead read = null;
      boolean committed = false;
      try {
        RunStop.unlessAsked();
        read = read(batch);
        if (Refusal.due(settings.maxRejected(), read)) {
          throw Refusal.refuse(batch, read);
        }
        BatchRead toStore = read;
        Stored stored =
            target.storing(() -> ruleAndStore(batch, toStore), batch::discardStagedAudit);
        committed = true;
        return report(batch, read, stored);
      } catch (TooManyRejectedException
          | ConcurrentCommitException
          | OutputLockedException
          | InvalidSettingException e) {
        // Outcomes with codes and messages of their own (a refusal, a lost race, a usage error).
        throw e;
      } catch (Exception | Error e) {
        // Exception, not only RuntimeException: Spark's Scala code throws its checked
        // SparkException undeclared.
        throw ended(batch, read, committed, e);
      }
    }
  }

  /**
   * A watch that ends this run's JVM if its heap stays full, saying so in one line on stderr with
   * the {@code failed} report of the batch at hand, as far as the memory left allows.
   */
  MemoryWatch watchMemory() {
    return MemoryWatch.start(
        () -> {
          String line =
              FailureText.of(
                  new OutOfMemoryError(
                      "the heap stayed full, the JVM collecting garbage for over "
                          + Math.round(MemoryWatch.GC_SHARE * 100)
                          + "% of "
                          + MemoryWatch.WINDOW_MILLIS / 1000
                          + " s"),
                  "nothing was stored");
          Batch batch = current;
          String where = "";
          if (batch != null) {
            where =
                " (report "
                    + BatchReport.ended(batch, RunReport.FAILED, 1, null, line).reportFile()
                    + ")";
          }
          System.err.println("json-dedup run: " + line + where);
        },
        1);
  }

  /** Publishes the audit of a batch that stored its rows, and writes its report. */
  private RunReport report(Batch batch, BatchRead read, Stored stored) {
    Map<String, String> audit =
        batch
            .timings()
            .time(
                StepMetrics.AUDIT,
                () ->
                    AuditOutputs.publish(
                        batch.hadoop(),
                        batch.layout(),
                        batch.runId(),
                        stored.ruled().auditFiles(),
                        read.unreadable()));
    RunCounts counts = counts(read, stored.ruled(), batch.start().files().size());
    List<String> written = BatchRead.dates(stored.ruled());
    RunReport report =
        BatchReport.succeeded(batch, read, stored.ruled(), counts, written, audit, stored.added());
    if (!counts.balanced()) {
      throw new IllegalStateException(
          "Cannot account for every record read, the run report says how: " + report.reportFile());
    }
    return report;
  }

  /**
   * What ends a batch that failed or was stopped: its report ({@code failed} or {@code stopped},
   * written if the output takes it) and the exception that says in one line what happened.
   */
  private static RuntimeException ended(
      Batch batch, BatchRead read, boolean committed, Throwable error) {
    boolean stopped = RunStop.asked() && !committed;
    String stored =
        committed ? "its rows were stored, its audit or report not all" : "nothing was stored";
    String line =
        error instanceof UnreadFilesException
            ? error.getMessage()
            : stopped
                ? "stopped by a signal; "
                    + stored
                    + " and the output is released: run again to"
                    + " ingest"
                : FailureText.of(
                    // A heap full when the run failed: what failed first was memory, whatever
                    // the run's own thread was told (a context shut down, a task lost).
                    MemoryWatch.heapFull() && !FailureText.isOutOfMemory(error)
                        ? new OutOfMemoryError("Java heap space")
                        : error,
                    stored);
    RunReport report = null;
    try {
      report =
          BatchReport.ended(
              batch,
              stopped ? RunReport.STOPPED : RunReport.FAILED,
              stopped ? RunStoppedException.EXIT_CODE : 1,
              read,
              line);
    } catch (RuntimeException | Error e) {
      // Where the output is full or gone, the report is too: the line still says what failed.
      LOG.debug("Cannot write the report of the failed run {}", batch.runId(), e);
    }
    if (error instanceof UnreadFilesException unread) {
      return unread;
    }
    String where = report == null ? "" : " (report " + report.reportFile() + ")";
    return stopped
        ? new RunStoppedException(line + where, error)
        : new RunFailedException(line + where, error, report);
  }

  /**
   * The first Spark job: reads and checks the batch's files, spreads the rows by key and counts
   * them; the files that gave no row are unreadable (the empty ones are not read).
   */
  private BatchRead read(Batch batch) {
    SparkSession spark = batch.spark();
    batch.describe(
        StepMetrics.READ, "read, validate and spread " + batch.start().files().size() + " files");
    Tally tally = Tally.register(spark.sparkContext());
    RDD<InternalRow> rows =
        batch
            .timings()
            .time(
                StepMetrics.READ,
                () -> {
                  Dataset<Row> checked =
                      InputReader.read(
                          spark, settings.reader(), batch.ranked(), settings.readRetries());
                  return Shuffles.materialized(
                      CatalystRows.of(batch.spread().batch(tally.counting(spark, checked))));
                });
    Tally.Sum sum = tally.sum();
    List<InputFile> unreadable = new ArrayList<>(batch.emptyFiles());
    for (int rank = 0; rank < batch.ranked().size(); rank++) {
      if (!sum.files().contains(rank)) {
        unreadable.add(batch.ranked().get(rank));
      }
    }
    List<Unread> unread = new ArrayList<>(batch.start().unlisted());
    sum.unread()
        .forEach((rank, cause) -> unread.add(new Unread(batch.ranked().get(rank).path(), cause)));
    UnreadFilesException.check(unread, settings.readRetries().maxUnread());
    return new BatchRead(KeySpread.without(rows, sum.unread().keySet()), sum, unreadable, unread);
  }

  /** What the rule-and-store step ruled, and the files it added. */
  private record Stored(Tally.Sum ruled, Map<String, Long> added) {}

  /**
   * The second Spark job: rules on the batch's rows against each other and the stored rows of its
   * dates, tees the audit off, and stores the new rows.
   */
  private Stored ruleAndStore(Batch batch, BatchRead read) {
    SparkSession spark = batch.spark();
    Target target = batch.target();
    batch.describe(StepMetrics.DEDUPE_AND_WRITE, "dedupe and write new rows to " + target.name());
    Tally tally = Tally.register(spark.sparkContext());
    AuditTee.Sink sink = batch.sink();
    List<String> dates = read.dates();
    Map<String, Long> added =
        batch
            .timings()
            .time(
                StepMetrics.DEDUPE_AND_WRITE,
                () -> {
                  Dataset<Row> stored =
                      target.stored(batch.spread().keyDeterminesDate() ? dates : null);
                  RDD<InternalRow> kept =
                      KeyScan.classify(read.rows(), stored, batch.spread(), sink.files())
                          .toJavaRDD()
                          .mapPartitions(rows -> AuditTee.apply(rows, sink, tally))
                          .rdd();
                  return target.store(
                      batch.spread().rowsInDateOrder()
                          ? CatalystRows.toDatasetSortedBy(spark, kept, Columns.RULED, Columns.DATE)
                          : CatalystRows.toDataset(spark, kept, Columns.RULED),
                      dates);
                });
    return new Stored(tally.sum(), added);
  }

  private static RunCounts counts(BatchRead read, Tally.Sum ruled, int files) {
    return read.counts(files)
        .written(ruled.countOf(RecordStatus.WRITTEN))
        .exactDuplicates(ruled.countOf(RecordStatus.DUPLICATE))
        .conflicts(ruled.countOf(RecordStatus.CONFLICT))
        .alreadyStored(ruled.countOf(RecordStatus.ALREADY_STORED))
        .rejected(ruled.countOf(RecordStatus.REJECTED))
        .build();
  }
}
