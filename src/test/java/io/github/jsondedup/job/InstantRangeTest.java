package io.github.jsondedup.job;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static io.github.jsondedup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.report.RunReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every instant the contract accepts, years 1 to 9999 on the proleptic Gregorian calendar, is
 * stored and read back as written, by Spark and by another Parquet reader (DuckDB). Spark's default
 * rebase mode fails any write before 1900 and its legacy mode shifts such instants by days.
 */
class InstantRangeTest {
  private static final List<String> INSTANTS =
      List.of(
          "0001-01-01T00:00:00Z",
          "1000-02-29T12:00:00Z", // a leap day only on the Julian calendar: proleptic rejects it
          "1582-10-04T23:59:59.999999Z", // the Julian calendar's last day
          "1582-10-10T00:00:00Z", // a day that never existed on the hybrid calendar
          "1899-12-31T23:59:59.999999Z",
          "1900-01-01T00:00:00Z",
          "9999-12-31T23:59:59.999999Z");

  @TempDir Path input;
  @TempDir Path output;

  @Test
  void instantsFromYearOneToYear9999AreStoredAndReadBackAsWritten() throws SQLException {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < INSTANTS.size(); i++) {
      records.add(record("r" + i, "x", INSTANTS.get(i)));
    }
    write(input, "ancient.json", 0, document(records.toArray(String[]::new)));

    RunReport report =
        new IngestJob(
                TestSpark.session(), RunSettings.of(List.of(input.toString()), output.toString()))
            .run();

    List<String> accepted =
        List.of(
            "r0|x|0001-01-01T00:00:00Z|0001-01-01",
            "r2|x|1582-10-04T23:59:59.999999Z|1582-10-04",
            "r3|x|1582-10-10T00:00:00Z|1582-10-10",
            "r4|x|1899-12-31T23:59:59.999999Z|1899-12-31",
            "r5|x|1900-01-01T00:00:00Z|1900-01-01",
            "r6|x|9999-12-31T23:59:59.999999Z|9999-12-31");
    assertThat(report.counts().written()).isEqualTo(6);
    assertThat(report.counts().rejected()).as("1000-02-29 is no proleptic date").isEqualTo(1);
    assertThat(Datasets.storedRows(output)).containsExactlyElementsOf(accepted);
    assertThat(duckDbRows(output)).containsExactlyElementsOf(accepted);
  }

  /** The dataset as DuckDB reads it: id|data|ts|date, ts in ISO form with Z. */
  private static List<String> duckDbRows(Path dataset) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duckdb.createStatement()) {
      sql.execute("SET TimeZone = 'UTC'");
      ResultSet result =
          sql.executeQuery(
              """
              SELECT id, data, strftime(ts, '%%Y-%%m-%%dT%%H:%%M:%%S.%%f') AS ts, date::VARCHAR
              FROM read_parquet('%s/**/*.parquet', hive_partitioning = true)
              ORDER BY id
              """
                  .formatted(dataset));
      while (result.next()) {
        String ts = result.getString(3).replaceFirst("\\.?0*$", "") + "Z";
        rows.add(
            result.getString(1) + "|" + result.getString(2) + "|" + ts + "|" + result.getString(4));
      }
    }
    return rows;
  }
}
