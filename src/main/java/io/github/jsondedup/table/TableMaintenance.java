package io.github.jsondedup.table;

import io.github.jsondedup.output.OutputLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps a table fast to read as runs keep adding small files: compacts each day's files to the
 * target size, expires old snapshots, and removes files no snapshot references, and killed runs'
 * audit staging. Each change is one atomic commit: a reader sees the table before it or after it,
 * with the same rows.
 */
public final class TableMaintenance {
  private final SparkSession spark;
  private final Table table;
  private final OutputLayout audit;
  private final Consumer<String> progress;

  /**
   * What to do.
   *
   * @param targetFileSize the size a day's files are compacted to
   * @param expireAfter snapshots older than this expire (the current one never does)
   * @param orphansAfter files that no snapshot references are removed once older than this; runs
   *     still writing must be younger
   * @param dryRun say what would be done, change nothing
   */
  public record Plan(
      long targetFileSize, Duration expireAfter, Duration orphansAfter, boolean dryRun) {}

  /**
   * What was done (or, in a dry run, would be).
   *
   * @param filesBefore the table's data files before
   * @param filesAfter after compaction
   * @param daysCompacted days whose files were rewritten
   * @param expiredSnapshots snapshots expired
   * @param deletedFiles files deleted with the expired snapshots
   * @param orphanFiles files no snapshot references, removed
   * @param deadStaging audit staging folders of runs that were killed, removed
   */
  public record Result(
      long filesBefore,
      long filesAfter,
      long daysCompacted,
      long expiredSnapshots,
      long deletedFiles,
      List<String> orphanFiles,
      List<String> deadStaging) {}

  /** Maintenance of {@code table}, whose runs keep their audit in {@code audit}. */
  public TableMaintenance(
      SparkSession spark, Table table, OutputLayout audit, Consumer<String> progress) {
    this.spark = spark;
    this.table = table;
    this.audit = audit;
    this.progress = progress;
  }

  /** Compacts, expires, removes orphans and dead runs' audit staging, in that order. */
  public Result run(Plan plan) {
    table.refresh();
    Compaction compaction = compact(plan);
    Expiry expiry = expire(plan);
    List<String> orphans = removeOrphans(plan);
    List<String> deadStaging = removeDeadStaging(plan);
    return new Result(
        compaction.filesBefore(),
        compaction.filesAfter(),
        compaction.days(),
        expiry.snapshots(),
        expiry.deletedFiles(),
        orphans,
        deadStaging);
  }

  private record Compaction(long filesBefore, long filesAfter, long days) {}

  private record Expiry(long snapshots, long deletedFiles) {}

  private Compaction compact(Plan plan) {
    Map<String, Integer> filesPerDay = filesPerDay();
    long filesBefore = filesPerDay.values().stream().mapToLong(Integer::longValue).sum();
    long daysToCompact = filesPerDay.values().stream().filter(files -> files > 1).count();
    progress.accept(
        String.format(
            Locale.ROOT,
            "compact: %s in %s, %s with more than one file",
            count(filesBefore, "file"),
            count(filesPerDay.size(), "day"),
            count(daysToCompact, "day")));
    long filesAfter = filesBefore;
    long daysCompacted = daysToCompact;
    if (!plan.dryRun() && daysToCompact > 0) {
      RewriteDataFiles.Result rewritten =
          SparkActions.get(spark)
              .rewriteDataFiles(table)
              .option(RewriteDataFiles.TARGET_FILE_SIZE_BYTES, Long.toString(plan.targetFileSize()))
              // Any day with two files or more is rewritten, in one commit for the whole table.
              .option("min-input-files", "2")
              .option(RewriteDataFiles.PARTIAL_PROGRESS_ENABLED, "false")
              .execute();
      table.refresh();
      filesAfter = filesPerDay().values().stream().mapToLong(Integer::longValue).sum();
      daysCompacted = rewritten.rewriteResults().size();
    }
    // How many files a rewrite makes is Iceberg's to decide (it packs files into groups and
    // groups into files of up to the target size): a dry run says what it would rewrite, not that.
    progress.accept(
        plan.dryRun()
            ? String.format(
                Locale.ROOT,
                "compact: would rewrite %s of %s, into files of up to %s",
                count(daysCompacted, "day"),
                count(filesBefore, "file"),
                megabytes(plan.targetFileSize()))
            : String.format(
                Locale.ROOT,
                "compact: rewrote %s: %s -> %,d",
                count(daysCompacted, "day"),
                count(filesBefore, "file"),
                filesAfter));
    return new Compaction(filesBefore, filesAfter, daysCompacted);
  }

  private Expiry expire(Plan plan) {
    long expireBefore = Instant.now().minus(plan.expireAfter()).toEpochMilli();
    long expired = expirable(expireBefore).size();
    long deleted = 0;
    if (!plan.dryRun() && expired > 0) {
      ExpireSnapshots.Result result =
          SparkActions.get(spark)
              .expireSnapshots(table)
              .expireOlderThan(expireBefore)
              .retainLast(1)
              .execute();
      table.refresh();
      deleted =
          result.deletedDataFilesCount()
              + result.deletedManifestsCount()
              + result.deletedManifestListsCount();
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "expire: %s %s older than %s (%s)%s",
            plan.dryRun() ? "would expire" : "expired",
            count(expired, "snapshot"),
            days(plan.expireAfter()),
            Instant.ofEpochMilli(expireBefore),
            plan.dryRun()
                ? ""
                : ", deleting " + count(deleted, "file") + " no other snapshot holds"));
    return new Expiry(expired, deleted);
  }

  private List<String> removeOrphans(Plan plan) {
    List<String> orphans = new ArrayList<>();
    DeleteOrphanFiles action =
        SparkActions.get(spark)
            .deleteOrphanFiles(table)
            .olderThan(Instant.now().minus(plan.orphansAfter()).toEpochMilli());
    if (plan.dryRun()) {
      action = action.deleteWith(orphans::add);
    }
    for (String path : action.execute().orphanFileLocations()) {
      if (!orphans.contains(path)) {
        orphans.add(path);
      }
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "orphans: %s %s older than %s that no snapshot references",
            plan.dryRun() ? "would remove" : "removed",
            count(orphans.size(), "file"),
            days(plan.orphansAfter())));
    return orphans;
  }

  /**
   * A run keeps its audit outputs in a staging folder until it publishes them; a killed run leaves
   * its folder there. No lock tells a live run's from a dead one's, so only folders older than the
   * orphan window go, as for the table's own files.
   */
  private List<String> removeDeadStaging(Plan plan) {
    List<String> dead = new ArrayList<>();
    long before = Instant.now().minus(plan.orphansAfter()).toEpochMilli();
    Path staging = audit.staging();
    try {
      FileSystem fs = staging.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(staging)) {
        for (FileStatus run : fs.listStatus(staging)) {
          if (run.getModificationTime() < before) {
            dead.add(run.getPath().toString());
            if (!plan.dryRun()) {
              fs.delete(run.getPath(), true);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean " + staging + ": " + e.getMessage(), e);
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "audit: %s %s of killed runs under %s",
            plan.dryRun() ? "would remove" : "removed",
            count(dead.size(), "staging folder"),
            staging));
    return dead;
  }

  /** {@code 1 day}, {@code 3 days}, {@code 1,000 files}. */
  private static String count(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
  }

  /** A window as people say it: {@code 3 days}, {@code 0 days}; or hours when not whole days. */
  private static String days(Duration window) {
    return window.toHours() % 24 == 0
        ? count(window.toDays(), "day")
        : count(window.toHours(), "hour");
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%,d MB", bytes / (1024 * 1024));
  }

  /** The snapshots an expiry at {@code beforeMillis} would remove. */
  private List<Snapshot> expirable(long beforeMillis) {
    Snapshot current = table.currentSnapshot();
    List<Long> referenced = new ArrayList<>();
    for (SnapshotRef ref : table.refs().values()) {
      referenced.add(ref.snapshotId());
    }
    List<Snapshot> expirable = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.timestampMillis() < beforeMillis
          && (current == null || snapshot.snapshotId() != current.snapshotId())
          && !referenced.contains(snapshot.snapshotId())) {
        expirable.add(snapshot);
      }
    }
    return expirable;
  }

  private Map<String, Integer> filesPerDay() {
    Map<String, Integer> files = new HashMap<>();
    if (table.currentSnapshot() == null) {
      return files;
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        // The day, ts_day=YYYY-MM-DD, in a table partitioned as a run creates it.
        DataFile file = task.file();
        files.merge(
            table.specs().get(file.specId()).partitionToPath(file.partition()), 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan a scan of " + table.name(), e);
    }
    return files;
  }
}
