package io.github.jsondedup.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.shiftleft;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.github.jsondedup.read.Arrival;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import io.github.jsondedup.sparkcompat.PartitionSlots;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * How a batch is spread over tasks: all records of a key meet in one task (the dedup needs them
 * together) and, when the key holds {@code ts}, a task holds whole (date, bucket) groups: it
 * dedupes them and writes one file per group, without another shuffle. A date is split into {@code
 * buckets} by a hash of the key, so that a batch of one date still uses many tasks. The stored rows
 * a batch may meet are spread the same way into as many partitions, so that partition {@code i} of
 * both holds the same keys.
 *
 * @param buckets groups per date, at least 1
 * @param partitions the shuffle's partitions, at least 1
 */
public record KeySpread(List<String> key, int buckets, int partitions) implements Serializable {
  /**
   * The helper column that holds a hash of a row's key. Rows are sorted by it first: Spark's sort
   * compares an 8-byte prefix of the first column before whole rows, and a hash's prefix tells
   * almost every two keys apart, where a date or an id's first bytes would not. When the key fixes
   * the date, the date's day number takes the high bits and the hash the low {@link #HASH_BITS}: a
   * task's rows then come date by date, and it writes one file at a time.
   */
  static final String KEY_HASH = "key_hash";

  /**
   * The key hash's bits under a day number: 24 bits are left for days, signed, ±22,000 years around
   * 1970, more than a date can be; 2^40 hashes still tell a task's keys of one date apart.
   */
  private static final int HASH_BITS = 40;

  /** A row's {@link RecordStatus}, by its code: 8 bytes in Spark's row, where text takes 16. */
  static final String STATUS_CODE = "status_code";

  /** What few rows have (rejected records, file problems, stored rows), as one field. */
  static final String EXTRA = "extra";

  static final StructType EXTRA_SCHEMA =
      new StructType()
          .add(Columns.TS_TEXT, DataTypes.StringType)
          .add(Columns.REASON, DataTypes.StringType)
          .add(Columns.SOURCE_TEXT, DataTypes.StringType)
          .add(Columns.STORED_FILE, DataTypes.StringType);

  /**
   * A spread row: what the sort and the scan need of a checked row ({@link Columns#CHECKED}) or a
   * stored one, compact, since every byte is shuffled, sorted and maybe spilled: a VALID record's
   * row holds its key's hash, arrival, fields and status, and a null {@link #EXTRA}.
   */
  static final StructType SPREAD =
      new StructType()
          .add(KEY_HASH, DataTypes.LongType, false)
          .add(Columns.ARRIVAL, DataTypes.LongType, false)
          .add(Columns.ID, DataTypes.StringType)
          .add(Columns.DATA, DataTypes.StringType)
          .add(Columns.TS, DataTypes.TimestampType)
          .add(Columns.DATE, DataTypes.DateType)
          .add(STATUS_CODE, DataTypes.ByteType, false)
          .add(EXTRA, EXTRA_SCHEMA);

  /**
   * The spread of a batch of {@code inputBytes} over at least {@code parallelism} tasks, each with
   * about {@code bytesPerTask} of it, with a bucket for each {@code bytesPerBucket} of it.
   */
  public static KeySpread forInput(
      List<String> key, long inputBytes, int parallelism, long bytesPerTask, long bytesPerBucket) {
    return new KeySpread(
        key,
        (int) Math.max(1, ceilDiv(inputBytes, bytesPerBucket)),
        (int) Math.max(Math.max(1, parallelism), ceilDiv(inputBytes, bytesPerTask)));
  }

  private static long ceilDiv(long bytes, long per) {
    return bytes <= 0 ? 0 : (bytes - 1) / per + 1;
  }

  /** Whether the key fixes the date: a record can only collide with records of its date. */
  public boolean keyDeterminesDate() {
    return key.contains(Columns.TS);
  }

  /**
   * Checked batch rows ({@link Columns#CHECKED}) spread and sorted for the dedup scan, in {@link
   * #SPREAD}: VALID rows by a hash of their key, rows without a usable key (rejected records, file
   * problems) by their arrival, so that they do not all land in one task.
   */
  public Dataset<Row> batch(Dataset<Row> checked) {
    Column valid = col(Columns.STATUS).equalTo(RecordStatus.VALID.code());
    return sorted(
        checked.select(
            when(valid, keyHash()).otherwise(xxhash64(col(Columns.ARRIVAL))).as(KEY_HASH),
            col(Columns.ARRIVAL),
            col(Columns.ID),
            col(Columns.DATA),
            col(Columns.TS),
            col(Columns.DATE),
            col(Columns.STATUS).as(STATUS_CODE),
            when(
                    not(valid),
                    struct(
                        col(Columns.TS_TEXT),
                        col(Columns.REASON),
                        col(Columns.SOURCE_TEXT),
                        lit(null).cast(DataTypes.StringType).as(Columns.STORED_FILE)))
                .as(EXTRA)));
  }

  /**
   * Spread batch rows ({@link #batch}, as Catalyst rows) without those of the files of {@code
   * ranks}: the files the file system failed to give part-way, whose rows the run must not rule on
   * (they are all read again by the next run). Keeps the partitioning.
   */
  public static RDD<InternalRow> without(RDD<InternalRow> spread, Set<Integer> ranks) {
    if (ranks.isEmpty()) {
      return spread;
    }
    int arrival = SPREAD.fieldIndex(Columns.ARRIVAL);
    Set<Integer> dropped = new HashSet<>(ranks);
    return spread
        .toJavaRDD()
        .filter(row -> !dropped.contains(Arrival.rank(row.getLong(arrival))))
        .rdd();
  }

  /**
   * Stored rows ({@link Columns#DATASET_SCHEMA} with their {@link Columns#STORED_FILE}) spread and
   * sorted as {@link #batch} spreads the batch, in {@link #SPREAD}, with the arrival of a stored
   * row, before every new one, and their file in {@link #EXTRA}.
   */
  public Dataset<Row> stored(Dataset<Row> stored) {
    Column nothing = lit(null).cast(DataTypes.StringType);
    return sorted(
        stored.select(
            keyHash().as(KEY_HASH),
            lit(Arrival.STORED).as(Columns.ARRIVAL),
            col(Columns.ID),
            col(Columns.DATA),
            col(Columns.TS),
            col(Columns.DATE),
            lit(RecordStatus.VALID.code()).as(STATUS_CODE),
            struct(
                    nothing.as(Columns.TS_TEXT),
                    nothing.as(Columns.REASON),
                    nothing.as(Columns.SOURCE_TEXT),
                    col(Columns.STORED_FILE))
                .as(EXTRA)));
  }

  private Dataset<Row> sorted(Dataset<Row> spread) {
    List<Column> order = new ArrayList<>();
    groupFields().forEach(field -> order.add(col(field)));
    order.add(col(Columns.ARRIVAL));
    return spread
        .repartition(partitions, partitionColumns().toArray(Column[]::new))
        .sortWithinPartitions(order.toArray(Column[]::new));
  }

  private Column keyHash() {
    Column hash = xxhash64(key.stream().map(field -> col(field)).toArray(Column[]::new));
    if (!keyDeterminesDate()) {
      return hash;
    }
    return shiftleft(unix_date(col(Columns.DATE)).cast(DataTypes.LongType), HASH_BITS)
        .bitwiseOR(hash.bitwiseAND(lit((1L << HASH_BITS) - 1)));
  }

  /**
   * Whether a task's kept rows come in date order: when the key fixes the date, its day number
   * leads {@link #KEY_HASH}, the sort's first field.
   */
  public boolean rowsInDateOrder() {
    return keyDeterminesDate();
  }

  /**
   * What rows are partitioned by. When the key fixes the date, a (date, bucket) group's slot: the
   * groups of consecutive dates take the partitions in turn, so that 30 dates over 13 tasks give
   * each task two or three, not one to six as their hashes would. Otherwise the key's bucket.
   */
  private List<Column> partitionColumns() {
    Column bucket = pmod(col(KEY_HASH), lit((long) buckets));
    if (!keyDeterminesDate()) {
      return List.of(bucket);
    }
    Column group =
        unix_date(col(Columns.DATE)).cast(DataTypes.LongType).multiply(buckets).plus(bucket);
    return List.of(
        PartitionSlots.landingIn(
            pmod(group, lit((long) partitions)).cast(DataTypes.IntegerType), partitions));
  }

  /** The fields spread rows are sorted on before their arrival: the key's hash, then the key. */
  List<String> groupFields() {
    List<String> fields = new ArrayList<>();
    fields.add(KEY_HASH);
    fields.addAll(key);
    return fields;
  }
}
