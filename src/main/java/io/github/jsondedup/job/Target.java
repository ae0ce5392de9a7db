package io.github.jsondedup.job;

import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.table.ConcurrentCommitException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where a run stores its rows: a folder of Parquet files or an Iceberg table. Reading, checking and
 * ruling are the same for both; only the stored rows' source and the last write differ.
 */
interface Target {
  /** Where the run's audit outputs and report go. */
  OutputLayout layout();

  /** What the run report names as the output: the folder, or the table. */
  String name();

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
}
