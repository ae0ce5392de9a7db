package io.github.jsondedup.job;

import io.github.jsondedup.config.Destination;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.table.ConcurrentCommitException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where a run stores its rows: a folder of Parquet files or an Iceberg table. Reading, checking and
 * ruling are the same for both; only the stored rows' source, the last write, and what a write
 * needs around it (a lock, a retry) differ.
 */
interface Target {

  /** The target of {@code settings} for the run {@code runId}: nothing is read or written yet. */
  static Target open(SparkSession spark, RunSettings settings, String runId) {
    return settings.destination() instanceof Destination.Folder folder
        ? FolderTarget.open(spark, folder, settings.inputs())
        : TableTarget.open(spark, settings, runId);
  }

  /** Where the run's audit outputs and report go. */
  OutputLayout layout();

  /** What the run report names as the output: the folder, or the table. */
  String name();

  /**
   * The lock a run holds while it writes ({@link OutputGuard}), or null when the target's commits
   * need none.
   */
  Path lockFile();

  /**
   * Removes what killed runs left uncommitted; called holding {@link #lockFile()}. Returns what it
   * removed.
   */
  List<Path> removeLeftovers();

  /**
   * The dataset's identity, made with {@code key} if it has none yet (a new dataset, or one from
   * before datasets kept theirs); refuses a run with another key than the dataset's.
   */
  DatasetIdentity identity(List<String> key);

  /**
   * The stored rows ({@code Columns.DATASET_SCHEMA} with {@code Columns.STORED_FILE}) of {@code
   * dates} (yyyy-MM-dd; every date when null), or null when there are none. The next {@link #store}
   * is checked against what this read.
   */
  Dataset<Row> stored(List<String> dates);

  /**
   * Stores {@code rows} (id, data, ts, date) of the batch's {@code dates}, and returns the files
   * added, with their sizes.
   *
   * @throws ConcurrentCommitException if another run stored rows that may collide with these since
   *     {@link #stored} read; then nothing was stored
   */
  Map<String, Long> store(Dataset<Row> rows, List<String> dates);

  /**
   * Runs {@code attempt} (read the stored rows, rule, {@link #store}) until one stores: once for a
   * folder, whose lock keeps other runs out; for a table, again after another run's commit won
   * ({@link ConcurrentCommitException}), running {@code beforeRetry} first, a bounded number of
   * times.
   */
  <T> T storing(Supplier<T> attempt, Runnable beforeRetry);

  /** How many times the last {@link #storing} ruled again. */
  int retries();

  /** The table snapshot the last {@link #store} committed; none for a folder or an empty batch. */
  default Optional<Long> committedSnapshot() {
    return Optional.empty();
  }
}
