package io.github.jsondedup.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.ExpectedLogs;
import io.github.jsondedup.Fixtures;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.faults.Faults;
import io.github.jsondedup.faults.FaultyFileSystem;
import io.github.jsondedup.report.FailureText;
import io.github.jsondedup.report.ReportWriter;
import io.github.jsondedup.report.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract rule 6, a failure of the environment: the run ends with one line that says what failed,
 * where and what to do, stores nothing, leaves a {@code failed} report where the output takes it,
 * releases the output, and the next run stores what one uninterrupted run stores.
 */
class EnvironmentFailuresTest {
  private final SparkSession spark = TestSpark.session();

  @TempDir Path input;
  @TempDir Path work;

  @AfterEach
  void clearFaults() {
    Faults.clear();
  }

  @Test
  void aFullDiskFailsTheRunInOneLineAndTheNextRunIsExact() throws IOException {
    Fixtures.writeRandomBatches(input, 20);
    Path output = work.resolve("dataset");
    Faults.diskFullAfter("/dataset/.*date=", 1_000);

    assertThatThrownBy(() -> run(output))
        .isInstanceOf(RunFailedException.class)
        .hasMessageStartingWith("cannot write " + FaultyFileSystem.uri(output))
        .hasMessageContaining(
            ": No space left on device; nothing was stored, run again when there is space")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(dataFiles(output)).as("nothing visible").isEmpty();
    assertThat(output.resolve("_ingest/lock")).doesNotExist();
    RunReport failed = onlyReport(output);
    assertThat(failed.status()).isEqualTo(RunReport.FAILED);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.failure()).contains("No space left on device");

    Faults.clear();
    run(output);

    assertThat(Datasets.storedRows(output))
        .isEqualTo(Datasets.rowsOfALocalRun(input, work.resolve("expected")));
  }

  @Test
  void anUnwritableOutputFailsTheRunInOneLine() {
    Fixtures.writeRandomBatches(input, 2);
    Path output = work.resolve("dataset");
    Faults.always(Faults.Op.CREATE, "/dataset/", "Permission denied");

    // Before the run takes the output: the command line says it as the run's own failures.
    assertThatThrownBy(() -> run(output))
        .satisfies(
            e ->
                assertThat(FailureText.of(e, "nothing was stored"))
                    .isEqualTo(
                        "cannot write "
                            + FaultyFileSystem.uri(output)
                            + "/_ingest/lock: Permission denied; nothing was stored, give this"
                            + " user the right to write there, and run again"));
    assertThat(dataFiles(output)).isEmpty();
  }

  private void run(Path output) {
    ExpectedLogs.during(
        "the test's fault plan fails the output",
        () ->
            new IngestJob(
                    spark, RunSettings.of(List.of(input.toString()), FaultyFileSystem.uri(output)))
                .run());
  }

  private static List<Path> dataFiles(Path output) {
    if (!Files.exists(output)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(output)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private RunReport onlyReport(Path output) throws IOException {
    try (Stream<Path> reports = Files.list(output.resolve("_ingest/runs"))) {
      Path report = reports.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
      return ReportWriter.read(
          new org.apache.hadoop.fs.Path(report.toUri()),
          spark.sparkContext().hadoopConfiguration());
    }
  }
}
