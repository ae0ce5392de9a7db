package io.github.jsondedup.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jsondedup.TestSpark;
import io.github.jsondedup.schema.Columns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredFilesTest {
  /** What a run sets for its writes (SparkSessions.CONTRACT_SETTINGS). */
  private static final Map<String, String> AS_A_RUN_WRITES =
      Map.of(
          "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS",
          "spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED",
          "spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED");

  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  @Test
  void givesTheRowsAndFilesSparksParquetReaderGives() throws Exception {
    List<Row> rows = new ArrayList<>();
    rows.add(row("a", "plain", "2019-04-23T17:25:43.111Z"));
    rows.add(row("é\u00a0𝄞", null, "2019-04-23T00:00:00Z"));
    rows.add(row("", "", "2019-04-24T23:59:59.999999Z"));
    rows.add(row("old", "before 1900", "1850-01-01T12:00:00Z"));
    rows.add(row("first", "year 1", "0001-01-01T00:00:00Z"));
    rows.add(row("last", "year 9999", "9999-12-31T23:59:59.999999Z"));
    // Enough rows of one date for several row groups, with repeated data (a dictionary).
    IntStream.range(0, 3_000)
        .forEach(i -> rows.add(row("k" + i, "v" + (i % 7), "2019-04-25T10:00:00Z")));
    TestSpark.withSettings(
        AS_A_RUN_WRITES,
        () -> {
          write(rows.subList(0, 3_003));
          // A second run's files beside the first's, in the same dates.
          write(rows.subList(3_003, rows.size()));
        });
    OutputLayout layout = new OutputLayout(new org.apache.hadoop.fs.Path(dir.toUri()));
    Map<String, Long> files =
        layout.dataFiles(
            new Configuration(),
            List.of(
                "2019-04-23",
                "2019-04-24",
                "2019-04-25",
                "1850-01-01",
                "0001-01-01",
                "9999-12-31"));

    Dataset<Row> ours = StoredFiles.read(spark, files);

    Dataset<Row> sparks =
        spark
            .read()
            .schema(Columns.DATASET_SCHEMA)
            .option("basePath", dir.toUri().toString())
            .parquet(files.keySet().toArray(String[]::new))
            .withColumn(Columns.STORED_FILE, col("_metadata.file_path"));
    assertThat(files).hasSizeGreaterThan(6);
    assertThat(lines(ours)).hasSize(rows.size()).containsExactlyInAnyOrderElementsOf(lines(sparks));
  }

  @Test
  void aFileWhoseTimestampsAreNotMicrosecondsIsRefused() throws Exception {
    TestSpark.withSettings(
        Map.of("spark.sql.parquet.outputTimestampType", "INT96"),
        () -> write(List.of(row("a", "x", "2019-04-23T00:00:00Z"))));
    Map<String, Long> files =
        new OutputLayout(new org.apache.hadoop.fs.Path(dir.toUri()))
            .dataFiles(new Configuration(), List.of("2019-04-23"));

    // In a task's place, so that the refusal is an exception here, not a failed task in the log.
    StoredFiles.TaskRows rows =
        new StoredFiles.TaskRows(files.keySet().iterator(), new Configuration());

    assertThatThrownBy(rows::hasNext)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("its ts column is not microsecond timestamps");
  }

  private void write(List<Row> rows) {
    spark
        .createDataFrame(rows, Columns.DATASET_SCHEMA.add(Columns.TS + "_text", "string"))
        .drop(Columns.TS, Columns.DATE)
        .selectExpr(
            Columns.ID,
            Columns.DATA,
            "to_timestamp(" + Columns.TS + "_text) AS " + Columns.TS,
            "to_date(to_timestamp(" + Columns.TS + "_text)) AS " + Columns.DATE)
        .repartition(2)
        .write()
        .mode(SaveMode.Append)
        .option("parquet.block.size", 4096)
        .option("parquet.enable.dictionary#" + Columns.ID, false)
        .partitionBy(Columns.DATE)
        .parquet(dir.toUri().toString());
  }

  /** Each row as text, instants and dates as numbers: what is stored, not how it is shown. */
  private static List<String> lines(Dataset<Row> rows) {
    return rows
        .select(
            col(Columns.ID),
            col(Columns.DATA),
            unix_micros(col(Columns.TS)),
            unix_date(col(Columns.DATE)),
            col(Columns.STORED_FILE))
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  private static Row row(String id, String data, String ts) {
    return RowFactory.create(id, data, null, null, ts);
  }
}
