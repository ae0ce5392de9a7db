package io.github.jsondedup.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The single-node peer: DuckDB does the job in one SQL statement, reading the JSON files, unnesting
 * the records, keeping one row per (id, ts) and writing Parquet partitioned by date. Its survivor
 * is whichever row DuckDB meets first: it keeps no survivor rule, no audit and no exactly-once
 * state, so it does less than the job.
 *
 * <p>Usage: {@code DuckDbJob INPUT_DIR OUTPUT_DIR THREADS}
 */
public final class DuckDbJob {
  private DuckDbJob() {}

  public static void main(String[] args) throws SQLException {
    String input = args[0];
    String output = args[1];
    int threads = Integer.parseInt(args[2]);
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duckdb.createStatement()) {
      sql.execute("SET threads = " + threads);
      sql.execute("SET TimeZone = 'UTC'");
      sql.execute(
          """
          COPY (
            SELECT DISTINCT ON (id, ts) id, data, ts, CAST(ts AS DATE) AS date
            FROM (
              SELECT r.id, r.data, CAST(r.ts AS TIMESTAMP) AS ts
              FROM (
                SELECT unnest(records) AS r
                FROM read_json('%s/records-*', format = 'auto',
                  columns = {records: 'STRUCT(id VARCHAR, data VARCHAR, ts VARCHAR)[]'})
              )
            )
          ) TO '%s' (FORMAT parquet, PARTITION_BY (date))
          """
              .formatted(input, output));
    }
  }
}
