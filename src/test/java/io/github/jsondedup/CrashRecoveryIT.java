package io.github.jsondedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.job.IngestJob;
import io.github.jsondedup.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    Optional<RunReport> killed = killJobAt(point, output, work);
    assertThatEveryVisibleDataFileIsWhole(output);
    killed.ifPresent(
        run ->
            assertThat(history(output))
                .as("the killed run, its report left running by a process that is gone")
                .extracting(RunReport::runId, RunReport::status)
                .containsExactly(tuple(run.runId(), RunReport.DIED)));
    // No wait for the killed run's lock to expire: its process is gone, so the next run takes it.
    ExpectedLogs.run(
        "the killed run's lock taken over, its leftovers removed", () -> ingest(output));

    assertThat(Datasets.storedRows(output)).isEqualTo(expected);
    if (killed.isPresent()) {
      List<RunReport> after = history(output);
      assertThat(after)
          .extracting(RunReport::status)
          .containsExactly(RunReport.SUCCEEDED, RunReport.DIED);
      assertThat(after.get(0).recovery())
          .as("the run that took over says so")
          .anySatisfy(note -> assertThat(note).contains("of run " + killed.get().runId() + " "));
      assertThat(Datasets.historyText(output))
          .as("history says who died and who took over")
          .containsPattern(
              java.util.regex.Pattern.quote(killed.get().runId()) + " +\\S+ \\S+ +died ")
          .contains(after.get(0).runId() + " took over the lock");
    }
    assertThat(output.resolve("_temporary")).doesNotExist();
    assertThat(output.resolve("_ingest/lock")).doesNotExist();
  }

  /**
   * Kills the job at {@code point}; the report it had written when killed, if it had taken the
   * output by then (it must have, at a point of its write).
   */
  private static Optional<RunReport> killJobAt(String point, Path output, Path work)
      throws Exception {
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
        return history(output).stream().findFirst();
      }
      assertThat(
              JobProcesses.awaitLine(
                  stdout, work.resolve("stderr"), "PAUSED " + point, Duration.ofMinutes(3)))
          .as("the job reached " + point)
          .isTrue();
      RunReport running = history(output).get(0);
      assertThat(running.status()).as("a run holding its output").isEqualTo(RunReport.RUNNING);
      assertThat(running.process().pid()).isEqualTo(Long.toString(job.pid()));
      return Optional.of(running);
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

  private static List<RunReport> history(Path output) {
    return Files.exists(output.resolve("_ingest")) ? Datasets.history(output).runs() : List.of();
  }

  private static void ingest(Path output) {
    new IngestJob(
            spark,
            RunSettings.of(List.of(input.toString()), output.toString())
                .withLock(Duration.ZERO, Duration.ofSeconds(LOCK_TTL_SECONDS)))
        .run();
  }
}
