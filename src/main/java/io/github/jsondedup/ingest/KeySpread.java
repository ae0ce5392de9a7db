package io.github.jsondedup.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How a batch is spread over tasks: all records of a key meet in one task (the dedup needs them
 * together) and, when the key holds {@code ts}, a task holds whole (date, bucket) groups: it
 * dedupes them and writes one file per group, without another shuffle. A date is split into {@code
 * buckets} by a hash of the key, so that a batch of one date still uses many tasks.
 *
 * @param buckets groups per date, at least 1
 */
record KeySpread(List<String> key, int buckets) {
  /** The helper column that holds a row's bucket. */
  static final String BUCKET = "bucket";

  /** Input bytes per bucket: a date's rows of a run land in files of about 100 MB of Parquet. */
  private static final long INPUT_BYTES_PER_BUCKET = 1L << 30;

  /** Buckets for a batch of {@code inputBytes}. */
  static KeySpread forInput(List<String> key, long inputBytes) {
    return new KeySpread(key, (int) Math.max(1, (inputBytes - 1) / INPUT_BYTES_PER_BUCKET + 1));
  }

  /** Whether the key fixes the date: a record can only collide with records of its date. */
  boolean keyDeterminesDate() {
    return key.contains(Columns.TS);
  }

  /**
   * {@code rows} with their {@link #BUCKET}: a hash of the key for VALID rows; rows without a
   * usable key (rejected records, file problems) by where they come from, so they do not all land
   * in one task.
   */
  Dataset<Row> withBucket(Dataset<Row> rows, Column valid) {
    Column sourceHash = xxhash64(col(Columns.SOURCE_FILE), col(Columns.SOURCE_POSITION));
    return rows.withColumn(BUCKET, bucketOf(when(valid, keyHash()).otherwise(sourceHash)));
  }

  /** Stored rows with their {@link #BUCKET}, as {@link #withBucket} gives it to new ones. */
  Dataset<Row> withBucket(Dataset<Row> stored) {
    return stored.withColumn(BUCKET, bucketOf(keyHash()));
  }

  private Column keyHash() {
    return xxhash64(key.stream().map(field -> col(field)).toArray(Column[]::new));
  }

  private Column bucketOf(Column hash) {
    return pmod(hash, lit((long) buckets));
  }

  /** The columns rows are partitioned by: the date (when the key fixes it), then the bucket. */
  List<Column> partitionColumns() {
    List<Column> columns = new ArrayList<>();
    if (keyDeterminesDate()) {
      columns.add(col(Columns.DATE));
    }
    columns.add(col(BUCKET));
    return columns;
  }
}
