package io.github.jsondedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_micros;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.job.IngestJob;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import io.github.jsondedup.watch.HistoryView;
import io.github.jsondedup.watch.RunHistory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Reading a stored dataset back, as a test compares it. */
public final class Datasets {
  private Datasets() {}

  /**
   * The rows a local run in the tests' own session writes from {@code input} into {@code output}:
   * what a run elsewhere (a cluster, S3, HDFS) must equal.
   */
  public static List<String> rowsOfALocalRun(Path input, Path output) {
    new IngestJob(TestSpark.session(), RunSettings.of(List.of(input.toString()), output.toString()))
        .run();
    return storedRows(output);
  }

  /**
   * The dataset at {@code path} as sorted {@code id|data|ts|date} lines, ts an ISO instant. Times
   * leave Spark as numbers: {@code java.sql.Timestamp} and {@code Date} would shift instants before
   * 1582 to the Julian calendar.
   */
  /** The history of the dataset folder {@code output}, as {@code json-dedup history} reads it. */
  public static RunHistory history(Path output) {
    return RunHistory.read(
        TestSpark.session().sparkContext().hadoopConfiguration(),
        new org.apache.hadoop.fs.Path(output.resolve("_ingest").toUri()));
  }

  /** {@link #history}'s text, as {@code json-dedup history} prints it. */
  public static String historyText(Path output) {
    return HistoryView.of(history(output), 10).text();
  }

  public static List<String> storedRows(Path path) {
    return lines(
        TestSpark.session()
            .read()
            .schema(Columns.DATASET_SCHEMA)
            .parquet(path.toString())
            .select(
                col(Columns.ID),
                col(Columns.DATA),
                unix_micros(col(Columns.TS)),
                unix_date(col(Columns.DATE))));
  }

  /**
   * Rows of id, data, ts (microseconds since the epoch) and date (days since the epoch) as sorted
   * {@code id|data|ts|date} lines.
   */
  public static List<String> lines(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows) {
    return rows.collectAsList().stream()
        .map(
            row ->
                row.getString(0)
                    + "|"
                    + row.getString(1)
                    + "|"
                    + Instant.EPOCH.plus(row.getLong(2), ChronoUnit.MICROS)
                    + "|"
                    + LocalDate.ofEpochDay(row.getInt(3)))
        .sorted()
        .toList();
  }

  /**
   * The {@code kind} audit of a run ({@code rejected}, {@code quarantined}, {@code conflicts}) as
   * sorted {@code a|b|...} lines of {@code columns}; none if the run kept nothing of that kind.
   */
  public static List<String> auditRows(RunReport report, String kind, String... columns) {
    String path = report.audit().get(kind);
    return path == null ? List.of() : auditRows(path, columns);
  }

  /** Every run's {@code kind} audit under {@code output}, as {@link #auditRows} gives one run's. */
  public static List<String> auditRows(Path output, String kind, String... columns) {
    Path path = output.resolve("_ingest").resolve(kind);
    return java.nio.file.Files.isDirectory(path) ? auditRows(path.toString(), columns) : List.of();
  }

  private static List<String> auditRows(String path, String... columns) {
    StructType schema = new StructType();
    for (String column : columns) {
      schema = schema.add(column, DataTypes.StringType);
    }
    // A folder of several runs adds their run= partition column: left out.
    return TestSpark.session()
        .read()
        .schema(schema)
        .json(path)
        .select(columns[0], java.util.Arrays.copyOfRange(columns, 1, columns.length))
        .collectAsList()
        .stream()
        .map(row -> row.mkString("|"))
        .sorted()
        .toList();
  }

  /** {@code rows} with each status code spelled out ({@link RecordStatus#value}), for reading. */
  public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> withStatusText(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows) {
    org.apache.spark.sql.Column code = org.apache.spark.sql.functions.col(Columns.STATUS);
    org.apache.spark.sql.Column text = org.apache.spark.sql.functions.lit(null).cast("string");
    for (RecordStatus status : RecordStatus.values()) {
      text =
          org.apache
              .spark
              .sql
              .functions
              .when(code.equalTo(status.code()), org.apache.spark.sql.functions.lit(status.value()))
              .otherwise(text);
    }
    return rows.withColumn(Columns.STATUS, text);
  }

  /** The status of {@code row}, spelled out. */
  public static String statusText(org.apache.spark.sql.Row row) {
    return RecordStatus.ofCode(row.<Byte>getAs(Columns.STATUS)).value();
  }
}
