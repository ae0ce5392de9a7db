package io.github.jsondedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.job.IngestJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * contract rule 5: a run killed at any moment, then run again, leaves the same dataset as one
 * uninterrupted run. The job runs as a process of its own over a few hundred files, is killed with
 * SIGKILL at a chosen point of its write (see {@link PausingCommitProtocol}) or early on, and is
 * then run again.
 */
class CrashRecoveryIT {
  private static final int FILES = 300;
  private static final long LOCK_TTL_SECONDS = 1;

  private static final SparkSession spark = TestSpark.session();

  @TempDir static Path input;
  @TempDir static Path uninterrupted;
  private static List<String> expected;

  @BeforeAll
  static void ingestOnceWithoutInterruption() {
    Fixtures.writeRandomBatches(input, FILES);
    ingest(uninterrupted);
    expected = Datasets.storedRows(uninterrupted);
  }

  @ParameterizedTest(name = "killed {0}")
  @ValueSource(
      strings = {
        "after-task-commit",
        "before-job-commit",
        "mid-job-commit",
        "after-job-commit",
        "while-reading"
      })
  void aRunKilledThenRunAgainLeavesTheSameDatasetAsOneRun(String point, @TempDir Path work)
      throws Exception {
    Path output = work.resolve("dataset");

    killJobAt(point, output, work);
    assertThatEveryVisibleDataFileIsWhole(output);
    // No wait for the killed run's lock to expire: its process is gone, so the next run takes it.
    ExpectedLogs.run(
        "the killed run's lock taken over, its leftovers removed", () -> ingest(output));

    assertThat(Datasets.storedRows(output)).isEqualTo(expected);
    assertThat(output.resolve("_temporary")).doesNotExist();
    assertThat(output.resolve("_ingest/lock")).doesNotExist();
  }

  private static void killJobAt(String point, Path output, Path work) throws Exception {
    Path stdout = work.resolve("stdout");
    Process job =
        JobProcesses.start(
            JobProcesses.submitRun(
                List.of("-Djsondedup.test.pauseAt=" + point),
                List.of(
                    Path.of(
                        PausingCommitProtocol.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())),
                List.of(
                    "--master",
                    "local[2]",
                    "--conf",
                    "spark.sql.sources.commitProtocolClass="
                        + PausingCommitProtocol.class.getName(),
                    // Several write tasks, so that a job commit can be caught half-way.
                    "--conf",
                    "spark.sql.adaptive.coalescePartitions.enabled=false",
                    "--conf",
                    "spark.sql.shuffle.partitions=6"),
                "--input",
                input.toString(),
                "--output",
                output.toString()),
            stdout,
            work.resolve("stderr"));
    try {
      if (point.equals("while-reading")) {
        JobProcesses.awaitLine(stdout, work.resolve("stderr"), null, Duration.ofSeconds(6));
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

  /** A reader listing {@code date=*}{@code /*.parquet} must never find a half-written file. */
  private static void assertThatEveryVisibleDataFileIsWhole(Path output) throws Exception {
    if (!Files.exists(output)) {
      return;
    }
    try (Stream<Path> dates = Files.list(output)) {
      for (Path date :
          dates.filter(path -> path.getFileName().toString().startsWith("date=")).toList()) {
        try (Stream<Path> files = Files.list(date)) {
          for (Path file : files.filter(path -> path.toString().endsWith(".parquet")).toList()) {
            assertThat(spark.read().parquet(file.toString()).count())
                .as("rows readable from " + file)
                .isPositive();
          }
        }
      }
    }
  }

  private static void ingest(Path output) {
    new IngestJob(
            spark,
            RunSettings.of(List.of(input.toString()), output.toString())
                .withLock(Duration.ZERO, Duration.ofSeconds(LOCK_TTL_SECONDS)))
        .run();
  }
}
