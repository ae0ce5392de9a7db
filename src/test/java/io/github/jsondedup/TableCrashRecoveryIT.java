package io.github.jsondedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.job.IngestJob;
import io.github.jsondedup.table.LocalCommitLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contract rule 5 in table mode: a run killed with SIGKILL while it writes its files or inside any
 * of its commits leaves the table at its previous snapshot or its new one, and a run after it
 * leaves the rows of one uninterrupted run. A reader polling the table all along sees no row or
 * every row, never part of a run.
 */
class TableCrashRecoveryIT {
  private static final int FILES = 200;

  private static final SparkSession spark = TestSpark.session();

  @TempDir static Path input;
  @TempDir static Path uninterrupted;
  private static List<String> expected;

  @BeforeAll
  static void ingestOnceWithoutInterruption() {
    Fixtures.writeRandomBatches(input, FILES);
    expected = Datasets.rowsOfALocalRun(input, uninterrupted);
  }

  @ParameterizedTest(name = "killed {0}")
  @ValueSource(
      strings = {
        "while-writing",
        "commit-1",
        "commit-2",
        "after-commit-2",
        "commit-3",
        "after-commit-3"
      })
  void aRunKilledThenRunAgainLeavesTheRowsOfOneRun(String point, @TempDir Path work)
      throws Exception {
    Path warehouse = work.resolve("warehouse");
    String catalog = TestTables.catalog(warehouse);
    String table = catalog + ".db.events";
    Set<Long> seen;
    try (PollingReader reader = PollingReader.start(table)) {
      killJobAt(point, catalog, warehouse, table, work);
      new IngestJob(spark, RunSettings.ofTable(List.of(input.toString()), table)).run();
      seen = reader.counts();
    }

    assertThat(TestTables.rows(table)).isEqualTo(expected);
    assertThat(seen).as("row counts a reader saw").isSubsetOf(0L, (long) expected.size());
  }

  private static Path classesOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static void killJobAt(
      String point, String catalog, Path warehouse, String table, Path work) throws Exception {
    Path stdout = work.resolve("stdout");
    String key = "spark.sql.catalog." + catalog;
    Process job =
        JobProcesses.start(
            JobProcesses.submitRun(
                List.of("-Djsondedup.test.pauseAt=" + point),
                // The pausing lock and the lock it wraps, both where Iceberg's classes are.
                List.of(classesOf(PausingCommitLock.class), classesOf(LocalCommitLock.class)),
                List.of(
                    "--master",
                    "local[2]",
                    "--conf",
                    key + "=org.apache.iceberg.spark.SparkCatalog",
                    "--conf",
                    key + ".type=hadoop",
                    "--conf",
                    key + ".warehouse=" + warehouse.toUri(),
                    "--conf",
                    key + ".lock-impl=" + PausingCommitLock.class.getName()),
                "--input",
                input.toString(),
                "--table",
                table),
            stdout,
            work.resolve("stderr"));
    try {
      if (point.equals("while-writing")) {
        awaitDataFile(warehouse, work.resolve("stderr"));
      } else {
        assertThat(
                JobProcesses.awaitLine(
                    stdout, work.resolve("stderr"), "PAUSED " + point, Duration.ofMinutes(3)))
            .as("the job reached " + point)
            .isTrue();
      }
    } finally {
      job.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
      job.waitFor();
    }
  }

  /** Waits for the run's first data file to appear: its tasks are writing. */
  private static void awaitDataFile(Path warehouse, Path stderr) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(warehouse)) {
        try (Stream<Path> files = Files.walk(warehouse)) {
          if (files.anyMatch(file -> file.toString().endsWith(".parquet"))) {
            return;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("No data file in time; the job said: " + Files.readString(stderr));
  }
}
