package io.github.jsondedup.job;

import static org.apache.spark.sql.functions.col;

import io.github.jsondedup.config.Destination;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.output.StoredFiles;
import io.github.jsondedup.schema.Columns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A dataset folder of {@code date=} partitions, written while the run holds its lock. */
record FolderTarget(SparkSession spark, OutputLayout layout) implements Target {
  private static final Logger LOG = LoggerFactory.getLogger(FolderTarget.class);

  /** The folder {@code destination}, refused if it overlaps one of {@code inputs}. */
  static FolderTarget open(
      SparkSession spark, Destination.Folder destination, List<String> inputs) {
    return new FolderTarget(
        spark,
        OutputLayout.checked(
            spark.sparkContext().hadoopConfiguration(), destination.path(), inputs));
  }

  @Override
  public String name() {
    return layout.root().toString();
  }

  @Override
  public Path lockFile() {
    return layout.lock();
  }

  @Override
  public List<Path> removeLeftovers() {
    Configuration hadoop = hadoop();
    List<Path> leftovers = layout.leftoversOfDeadRuns(hadoop);
    for (Path leftover : leftovers) {
      LOG.warn("Removing {}, left by an interrupted run: its files were never committed", leftover);
      try {
        leftover.getFileSystem(hadoop).delete(leftover, true);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot remove " + leftover + ": " + e.getMessage(), e);
      }
    }
    return leftovers;
  }

  /** Kept in {@code _ingest/dataset.json}, written by the first run (which holds the lock). */
  @Override
  public DatasetIdentity identity(List<String> key) {
    Path file = new Path(layout.ingest(), "dataset.json");
    DatasetIdentity identity = JsonFiles.read(hadoop(), file, DatasetIdentity.class);
    if (identity == null) {
      identity = DatasetIdentity.create(key);
      JsonFiles.replace(hadoop(), file, identity);
    }
    return identity.refuseOtherKey(name(), key);
  }

  /**
   * The stored rows of {@code dates}, read from their files alone ({@link StoredFiles}): Spark's
   * discovery of the dataset's partitions would list every date folder the dataset holds, on every
   * run. A key without ts may meet any date: then the whole dataset is read, through Spark.
   */
  @Override
  public Dataset<Row> stored(List<String> dates) {
    if (!layout.hasDataset(hadoop())) {
      return null;
    }
    if (dates == null) {
      return read(layout.root().toString());
    }
    Map<String, Long> files = layout.dataFiles(hadoop(), dates);
    return files.isEmpty() ? null : StoredFiles.read(spark, files);
  }

  private Dataset<Row> read(String path) {
    return spark
        .read()
        .schema(Columns.DATASET_SCHEMA)
        .option("basePath", layout.root().toString())
        .parquet(path)
        .withColumn(Columns.STORED_FILE, col("_metadata.file_path"));
  }

  @Override
  public Map<String, Long> store(Dataset<Row> rows, List<String> dates) {
    Map<String, Long> before = layout.dataFiles(hadoop(), dates);
    rows
        // Each task holds whole (date, bucket) groups (KeySpread): one file per group and run.
        .select(Columns.ID, Columns.DATA, Columns.TS, Columns.DATE)
        .write()
        // Keys are near unique: a dictionary of them grows to its limit, then is thrown away.
        .option("parquet.enable.dictionary#" + Columns.ID, false)
        .option("parquet.enable.dictionary#" + Columns.TS, false)
        // The writer measures its buffer first after 100 rows (then as their size tells): 100
        // rows of 10 MB values would be a gigabyte. From the first row on, it keeps to its
        // row group's size.
        .option("parquet.page.size.row.check.min", 1)
        .mode(SaveMode.Append)
        .partitionBy(Columns.DATE)
        .parquet(layout.root().toString());
    Map<String, Long> added = new LinkedHashMap<>(layout.dataFiles(hadoop(), dates));
    added.keySet().removeAll(before.keySet());
    return added;
  }

  /** The lock keeps other runs out while this one rules and stores: one attempt is enough. */
  @Override
  public <T> T storing(Supplier<T> attempt, Runnable beforeRetry) {
    return attempt.get();
  }

  @Override
  public int retries() {
    return 0;
  }

  private Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }
}
