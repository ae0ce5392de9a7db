package io.github.jsondedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_micros;

import io.github.jsondedup.config.ReadRetries;
import io.github.jsondedup.dedup.KeyScan;
import io.github.jsondedup.dedup.KeySpread;
import io.github.jsondedup.read.Arrival;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.read.StreamingJsonReader;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import io.github.jsondedup.sparkcompat.CatalystRows;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;

/**
 * A batch of input files held in memory, and the dataset's stored rows, for testing the rules where
 * they live: the files are parsed and checked by the streaming reader's own code in Spark tasks,
 * without a file on disk, and ruled on by the dedup's scan ({@link KeyScan#classify}), without a
 * write. A file is named {@code file:/in/NAME}; a {@code .gz} name is gzip, as on disk.
 */
public final class InMemoryBatch {
  /** The dataset file every stored row is said to be in. */
  public static final String STORED_FILE = "file:/dataset/date=any/part-00000.parquet";

  private final SparkSession spark = TestSpark.session();
  private final HashMap<String, byte[]> contents = new HashMap<>();
  private final List<InputFile> files = new ArrayList<>();
  private final List<Row> stored = new ArrayList<>();

  /** Adds the file {@code name}, modified at {@link Fixtures#EPOCH} plus {@code seconds}. */
  public InMemoryBatch file(String name, long seconds, String text) {
    return file(name, seconds, text.getBytes(StandardCharsets.UTF_8));
  }

  public InMemoryBatch file(String name, long seconds, byte[] bytes) {
    String path = "file:/in/" + name;
    contents.put(path, bytes.clone());
    files.add(
        new InputFile(path, Fixtures.EPOCH.plusSeconds(seconds).toEpochMilli(), bytes.length));
    return this;
  }

  /** Adds a row to the dataset as an earlier run stored it; {@code ts} an ISO instant. */
  public InMemoryBatch stored(String id, String data, String ts) {
    Instant instant = Instant.parse(ts);
    stored.add(
        RowFactory.create(
            id,
            data,
            java.sql.Timestamp.from(instant),
            java.sql.Date.valueOf(instant.atZone(java.time.ZoneOffset.UTC).toLocalDate()),
            STORED_FILE));
    return this;
  }

  /** The files in survivor order: a file's index is its rank. */
  public List<InputFile> ranked() {
    return Arrival.ranked(files);
  }

  /** The streaming reader's rows ({@link Columns#CHECKED}). */
  public Dataset<Row> checked() {
    // Broadcast, not captured: a large file would make every task's closure large.
    Broadcast<HashMap<String, byte[]>> bytes =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(contents);
    return StreamingJsonReader.read(
        spark,
        ranked(),
        file -> {
          InputStream in = new ByteArrayInputStream(bytes.value().get(file.path()));
          CompressionCodec codec =
              new CompressionCodecFactory(new Configuration()).getCodec(new Path(file.path()));
          return codec == null ? in : codec.createInputStream(in);
        },
        ReadRetries.ONCE);
  }

  /** The dedup's rows ({@link Columns#RULED}) under {@code key}, over 2 partitions of 2 buckets. */
  public Dataset<Row> ruled(List<String> key) {
    Dataset<Row> storedRows =
        stored.isEmpty()
            ? null
            : spark.createDataFrame(
                stored, Columns.DATASET_SCHEMA.add(Columns.STORED_FILE, DataTypes.StringType));
    return classify(spark, checked(), storedRows, new KeySpread(key, 2, 2), ranked());
  }

  /**
   * The dedup as production composes it ({@link KeyScan#classify} on the rows {@link
   * KeySpread#batch} spread), without the materialized shuffle between the two: {@code checked}
   * rows ({@link Columns#CHECKED}) of the {@code ranked} files ruled against {@code stored} (or
   * null), as rows of {@link Columns#RULED}.
   */
  public static Dataset<Row> classify(
      SparkSession spark,
      Dataset<Row> checked,
      Dataset<Row> stored,
      KeySpread spread,
      List<InputFile> ranked) {
    Broadcast<List<String>> paths =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .broadcast(new ArrayList<>(ranked.stream().map(InputFile::sparkPath).toList()));
    RDD<InternalRow> ruled =
        KeyScan.classify(CatalystRows.of(spread.batch(checked)), stored, spread, paths);
    return CatalystRows.toDataset(spark, ruled, Columns.RULED);
  }

  /** The rows the dedup lets through, as sorted {@code id|data|ts|date} lines. */
  public List<String> written(List<String> key) {
    return lines(
        ruled(key).where(col(Columns.STATUS).equalTo(RecordStatus.WRITTEN.code())),
        col(Columns.ID),
        col(Columns.DATA),
        unix_micros(col(Columns.TS)),
        unix_date(col(Columns.DATE)));
  }

  /**
   * {@code rows} as sorted lines of {@code columns} joined by {@code |}; a long column named like a
   * timestamp is shown as an ISO instant, an int one as a date.
   */
  public static List<String> lines(Dataset<Row> rows, Column... columns) {
    Dataset<Row> selected = rows.select(columns);
    String[] names = selected.columns();
    return selected.collectAsList().stream()
        .map(
            row -> {
              List<String> fields = new ArrayList<>();
              for (int i = 0; i < names.length; i++) {
                Object value = row.get(i);
                if (value != null && names[i].startsWith("unix_micros")) {
                  value = Instant.EPOCH.plus(row.getLong(i), ChronoUnit.MICROS);
                } else if (value != null && names[i].startsWith("unix_date")) {
                  value = LocalDate.ofEpochDay(row.getInt(i));
                }
                fields.add(String.valueOf(value));
              }
              return String.join("|", fields);
            })
        .sorted()
        .toList();
  }
}
