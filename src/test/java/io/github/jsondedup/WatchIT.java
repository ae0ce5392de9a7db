package io.github.jsondedup;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.report.RunReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --checkpoint --watch}: ingests files as they land, into a folder or a table, and stops
 * cleanly on SIGTERM.
 */
class WatchIT {
  @TempDir Path input;
  @TempDir Path work;

  @Test
  void watchIngestsFilesAsTheyLandAndStopsCleanlyOnSigterm() throws Exception {
    Path output = work.resolve("dataset");
    Path stdout = work.resolve("stdout");
    Path stderr = work.resolve("stderr");
    Path metrics = work.resolve("json_dedup.prom");
    Fixtures.write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    Process job =
        JobProcesses.start(
            JobProcesses.submitRun(
                List.of(),
                List.of(),
                List.of("--master", "local[2]"),
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--checkpoint",
                work.resolve("checkpoint").toString(),
                "--watch",
                "--interval",
                "1",
                "--metrics-file",
                metrics.toString()),
            stdout,
            stderr);
    try {
      awaitSummaries(stdout, stderr, 1);
      Fixtures.write(input, "later/b.json", 1, document(record("2", "B", "2019-04-24T10:00:00Z")));
      awaitSummaries(stdout, stderr, 2);
      assertThat(output.resolve("_ingest/lock")).as("held while watching").exists();
      assertThatIdlePollsRenewTheHeartbeat(metrics, "dataset=\"file:" + output + "\"");

      job.destroy(); // SIGTERM

      assertThat(job.waitFor(2, TimeUnit.MINUTES)).as("stopped").isTrue();
    } finally {
      job.destroyForcibly();
    }
    assertThat(job.exitValue()).as("a stop asked for is a success").isZero();
    assertThat(Files.readString(stderr)).as("the log of a normal stop").doesNotContain("WARN");
    assertThat(output.resolve("_ingest/lock")).as("released").doesNotExist();
    assertThat(TestSpark.session().read().parquet(output.toString()).select("id").collectAsList())
        .extracting(row -> row.getString(0))
        .containsExactlyInAnyOrder("1", "2");
    assertThat(Datasets.history(output).runs())
        .as("the watch's batches, its own running report settled")
        .extracting(RunReport::status)
        .containsExactly(RunReport.SUCCEEDED, RunReport.SUCCEEDED);
  }

  /** The watch's metrics file: its poll time moves on while the last batch's figures stay. */
  private static void assertThatIdlePollsRenewTheHeartbeat(Path metrics, String dataset)
      throws Exception {
    String poll = "jsondedup_last_poll_timestamp_seconds{" + dataset + "}";
    String lastRun = "jsondedup_last_run_timestamp_seconds{" + dataset + "}";
    Map<String, Double> before = PrometheusFiles.samples(Files.readString(metrics));
    assertThat(before).containsKeys(poll, lastRun);
    Map<String, Double> after = before;
    for (int i = 0; i < 100 && after.get(poll) <= before.get(poll); i++) {
      Thread.sleep(100);
      after = PrometheusFiles.samples(Files.readString(metrics));
    }
    assertThat(after.get(poll)).as("a later poll, idle").isGreaterThan(before.get(poll));
    assertThat(after.get(lastRun)).as("still the last batch's").isEqualTo(before.get(lastRun));
    PrometheusFiles.assertPromtoolAccepts(metrics);
  }

  @Test
  void watchCommitsToATableThroughTheLaunchersCatalog() throws Exception {
    Path warehouse = work.resolve("warehouse");
    Path checkpoint = work.resolve("checkpoint");
    Path stdout = work.resolve("stdout");
    Path stderr = work.resolve("stderr");
    Fixtures.write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    // Without its class-data archive the launcher records one, running the JVM as its child: the
    // SIGTERM below must reach that child too. (A run beside it records its own, as meant.)
    Files.deleteIfExists(JobProcesses.PROJECT.resolve("target/json-dedup.jsa"));
    Process job =
        JobProcesses.start(
            JobProcesses.launcher(
                "run",
                "--input",
                input.toString(),
                "--table",
                "local.db.events",
                "--checkpoint",
                checkpoint.toString(),
                "--watch",
                "--interval",
                "1"),
            stdout,
            stderr,
            Map.of("JSON_DEDUP_WAREHOUSE", warehouse.toString()));
    try {
      awaitSummaries(stdout, stderr, 1);
      Fixtures.write(input, "later/b.json", 1, document(record("2", "B", "2019-04-24T10:00:00Z")));
      awaitSummaries(stdout, stderr, 2);
      assertThat(checkpoint.resolve("lock")).as("the checkpoint held while watching").exists();

      job.destroy(); // SIGTERM

      assertThat(job.waitFor(2, TimeUnit.MINUTES)).as("stopped").isTrue();
    } finally {
      job.destroyForcibly();
    }
    assertThat(job.exitValue()).as("a stop asked for is a success").isZero();
    assertThat(Files.readString(stdout)).contains("1 record written to local.db.events");
    assertThat(checkpoint.resolve("lock")).as("released").doesNotExist();
    assertThat(warehouse.resolve("db/events_ingest/runs")).isNotEmptyDirectory();
    TestTables.register(TestSpark.session(), "watched", warehouse);
    assertThat(TestTables.rows("watched.db.events"))
        .containsExactly(
            "1|A|2019-04-23T10:00:00Z|2019-04-23", "2|B|2019-04-24T10:00:00Z|2019-04-24");
  }

  private static void awaitSummaries(Path stdout, Path stderr, int count) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      String out = Files.readString(stdout, StandardCharsets.UTF_8);
      if (out.split(" written to ", -1).length - 1 >= count) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "No " + count + " batch summaries in time; stderr: " + Files.readString(stderr));
  }
}
