package io.github.jsondedup;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.cli.JsonDedupCommand;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.job.IncrementalIngest;
import io.github.jsondedup.report.RunReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Incremental runs into a table leave one small file per day per run; {@code json-dedup maintain}
 * compacts them to at most one file per day and target size, keeps the rows, and a reader polling
 * the table meanwhile always counts the same rows.
 */
class TableMaintenanceIT {
  private static final int RUNS = 12;
  private static final List<String> DAYS = List.of("2019-04-23", "2019-04-24", "2019-04-25");

  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  @Test
  void maintainCompactsTwelveSmallRunsAtomically() throws Exception {
    String table = TestTables.catalog(dir.resolve("warehouse")) + ".db.events";
    Path input = dir.resolve("input");
    RunSettings settings =
        RunSettings.ofTable(List.of(input.toString()), table)
            .withCheckpoint(dir.resolve("checkpoint").toString(), Integer.MAX_VALUE, null);
    long written = 0;
    for (int run = 0; run < RUNS; run++) {
      int first = run * 10;
      String[] records =
          IntStream.range(first, first + 10)
              .mapToObj(key -> record("id-" + key, "x", DAYS.get(key % DAYS.size()) + "T12:00:00Z"))
              .toArray(String[]::new);
      Fixtures.write(input, "file-" + run + ".json", run, document(records));
      List<RunReport> reports = new ArrayList<>();
      new IncrementalIngest(spark, settings).run(reports::add);
      assertThat(reports).as("run %d: one batch of its one new file", run).hasSize(1);
      written += reports.get(0).counts().written();
    }
    assertThat(written).isEqualTo(RUNS * 10L);
    List<String> rows = TestTables.rows(table);
    assertThat(rows).hasSize(RUNS * 10);
    assertThat(filesPerDay(table))
        .containsOnlyKeys(DAYS)
        .allSatisfy((day, files) -> assertThat(files).isEqualTo(RUNS));

    // What a run killed before publishing its audit leaves.
    Path deadStaging =
        java.nio.file.Files.createDirectories(
            dir.resolve("warehouse/db/events_ingest/staging/run=killed/conflicts"));
    String dryRun = maintain(table, "--dry-run", "--expire-after", "0", "--orphans-after", "0");
    // How many files the rewrite makes is Iceberg's to decide: the dry run does not guess.
    assertThat(dryRun)
        .contains("compact: " + RUNS * 3 + " files in 3 days, 3 days with more than one file")
        .contains("would rewrite 3 days of " + RUNS * 3 + " files, into files of up to 512 MB")
        .containsPattern("orphans: would remove [0-9,]+ files? older than 0 days");
    assertThat(filesPerDay(table).values()).containsOnly(RUNS);
    assertThat(dryRun).contains("audit: would remove 1 staging folder of killed runs");
    assertThat(deadStaging).exists();

    String done;
    Set<Long> counts;
    try (PollingReader reader = PollingReader.start(table)) {
      done =
          maintain(
              table, "--target-file-size", "128m", "--expire-after", "0", "--orphans-after", "0");
      counts = reader.counts();
    }

    assertThat(done).contains("rewrote 3 days: " + RUNS * 3 + " files -> 3");
    Path reports = dir.resolve("warehouse/db/events_ingest/maintenance");
    assertThat(done).contains("report file:" + reports + "/");
    try (var kept = Files.list(reports)) {
      List<com.fasterxml.jackson.databind.JsonNode> maintenance =
          kept.filter(file -> file.toString().endsWith(".json"))
              .map(
                  file -> {
                    try {
                      return new com.fasterxml.jackson.databind.ObjectMapper()
                          .readTree(file.toFile());
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .toList();
      assertThat(maintenance).as("the dry run's report and the real one's").hasSize(2);
      // A dry run after it only says what it would do: history's last maintain is the real one.
      assertThat(maintain(table, "--dry-run", "--target-file-size", "128m")).contains("(dry run)");
      StringWriter history = new StringWriter();
      CommandLine command = JsonDedupCommand.commandLine(() -> spark);
      command.setOut(new PrintWriter(history));
      String audit = dir.resolve("warehouse/db/events_ingest").toString();
      assertThat(command.execute("history", "--table", table, "--audit", audit)).isZero();
      assertThat(history.toString())
          .contains(RUNS + " runs: ")
          .containsPattern(
              "last maintain: \\S+: 3 days compacted \\(" + RUNS * 3 + " -> 3 files\\)");
      assertThat(maintenance)
          .anySatisfy(
              report -> {
                assertThat(report.get("dryRun").asBoolean()).isFalse();
                assertThat(report.get("result").get("daysCompacted").asLong()).isEqualTo(3);
                assertThat(report.get("result").get("filesAfter").asLong()).isEqualTo(3);
                assertThat(report.get("targetFileSize").asLong()).isEqualTo(128L << 20);
              });
    }
    assertThat(deadStaging.getParent()).doesNotExist();
    assertThat(filesPerDay(table).values()).containsOnly(1);
    assertThat(TestTables.rows(table)).isEqualTo(rows);
    assertThat(counts).as("row counts a reader saw during maintain").containsOnly((long) RUNS * 10);
    // The runs' staged snapshots and the compacted ones are gone; one snapshot is left.
    assertThat(spark.sql("SELECT count(*) FROM " + table + ".snapshots").first().getLong(0))
        .isEqualTo(1);
    try (var files = Files.walk(dir.resolve("warehouse"))) {
      assertThat(files.filter(file -> file.toString().endsWith(".parquet")).count())
          .as("data files left on disk")
          .isEqualTo(3);
    }
  }

  private String maintain(String table, String... options) {
    StringWriter out = new StringWriter();
    CommandLine command = JsonDedupCommand.commandLine(() -> spark);
    command.setOut(new PrintWriter(out));
    List<String> args = new ArrayList<>(List.of("maintain", "--table", table));
    args.addAll(List.of(options));
    assertThat(command.execute(args.toArray(String[]::new))).as(out.toString()).isZero();
    return out.toString();
  }

  private Map<String, Integer> filesPerDay(String table) {
    Map<String, Integer> files = new TreeMap<>();
    spark
        .sql("SELECT partition.ts_day AS day FROM " + table + ".files")
        .collectAsList()
        .forEach(row -> files.merge(row.get(0).toString(), 1, Integer::sum));
    return files;
  }
}
