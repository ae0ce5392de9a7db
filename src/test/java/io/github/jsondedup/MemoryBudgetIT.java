package io.github.jsondedup;

import static io.github.jsondedup.JobProcesses.launcher;
import static io.github.jsondedup.JobProcesses.run;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.to_date;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.JobProcesses.Result;
import io.github.jsondedup.generate.DataGenerator;
import io.github.jsondedup.generate.GeneratorSettings;
import io.github.jsondedup.generate.GroundTruth;
import io.github.jsondedup.report.ReportWriter;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.schema.Columns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher in a small heap, on inputs shaped where a run's memory used to grow with the input:
 * many dates, many rows of one date, many files. Each run stores exactly the generator's ground
 * truth, and a second run of the same input adds nothing. The full sizes, at the default heap, are
 * {@code bench/memory}'s.
 */
class MemoryBudgetIT {
  /** Half the launcher's default; Spark refuses to start under 450 MB. */
  private static final String HEAP = "512m";

  @TempDir Path work;

  @ParameterizedTest(name = "{0} into a {4}")
  @CsvSource({
    "3000 dates,      20,    1000, 3000, folder",
    "3000 dates,      20,    1000, 3000, table",
    "one date,        20,   50000,    1, folder",
    "one date,        20,   50000,    1, table",
    "100000 files, 100000,      1,   30, folder",
    "100000 files, 100000,      1,   30, table",
  })
  void storesTheGroundTruthInASmallHeap(
      String shape, int files, int recordsPerFile, int days, String target) throws Exception {
    Path input = work.resolve("input");
    GroundTruth truth =
        new DataGenerator(
                new GeneratorSettings(
                    files, recordsPerFile, 0.1, 0.5, 0.5, 0.02, days, 1, true, false))
            .writeTo(input);
    boolean table = target.equals("table");
    Path warehouse = work.resolve("warehouse");
    Path output = work.resolve("dataset");
    List<String> command = new ArrayList<>(List.of("run", "--input", input.toString()));
    command.addAll(
        table ? List.of("--table", "local.db.budget") : List.of("--output", output.toString()));
    Map<String, String> environment =
        Map.of("JSON_DEDUP_DRIVER_MEMORY", HEAP, "JSON_DEDUP_WAREHOUSE", warehouse.toString());
    Path reports =
        table ? warehouse.resolve("db/budget_ingest/runs") : output.resolve("_ingest/runs");

    Result first = run(launcher(command.toArray(String[]::new)), environment);

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(lastReport(reports).counts().written()).isEqualTo(truth.distinctKeys());
    assertThat(rowsPerDate(table ? tableRows(warehouse) : folderRows(output)))
        .isEqualTo(truth.rowsPerDate());

    Result again = run(launcher(command.toArray(String[]::new)), environment);

    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(lastReport(reports).counts().written()).as("a second run adds nothing").isZero();
  }

  private static Dataset<Row> folderRows(Path output) {
    return TestSpark.session().read().parquet(output.toString());
  }

  private static Dataset<Row> tableRows(Path warehouse) {
    String catalog = TestTables.catalog(warehouse);
    return TestSpark.session()
        .read()
        .format("iceberg")
        .load(catalog + ".db.budget")
        .withColumn(Columns.DATE, to_date(col(Columns.TS)));
  }

  private static Map<String, Long> rowsPerDate(Dataset<Row> rows) {
    Map<String, Long> perDate = new TreeMap<>();
    for (Row row :
        rows.groupBy(date_format(col(Columns.DATE), "yyyy-MM-dd")).count().collectAsList()) {
      perDate.put(row.getString(0), row.getLong(1));
    }
    return perDate;
  }

  private static RunReport lastReport(Path reports) throws IOException {
    try (Stream<Path> files = Files.list(reports)) {
      Path last =
          files
              .filter(file -> file.toString().endsWith(".json"))
              .sorted()
              .reduce((a, b) -> b)
              .orElseThrow();
      return ReportWriter.read(new org.apache.hadoop.fs.Path(last.toUri()), new Configuration());
    }
  }
}
