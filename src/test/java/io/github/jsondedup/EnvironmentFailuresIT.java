package io.github.jsondedup;

import static io.github.jsondedup.JobProcesses.launcher;
import static io.github.jsondedup.JobProcesses.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.JobProcesses.Result;
import io.github.jsondedup.report.ReportWriter;
import io.github.jsondedup.report.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract rule 6 as a user meets it, through the launcher: a full disk, a read-only output, a
 * SIGTERM and a heap too small each end the run in one line on stderr (no stack trace), with a
 * report that says so where the output takes one, the output released, and a rerun that stores what
 * one uninterrupted run stores. The disks are real: tmpfs mounts (the tests run as root, as CI
 * does).
 */
class EnvironmentFailuresIT {
  @TempDir Path work;

  @Test
  void aFullDiskEndsTheRunInOneLineAndARunWithSpaceIsExact() throws Exception {
    Path input = generate(work.resolve("input"), 20, 10_000, 30);
    Path disk = mount(work.resolve("disk"), "size=3m");
    try {
      Path output = disk.resolve("dataset");

      Result full =
          run(launcher("run", "--input", input.toString(), "--output", output.toString()));

      assertThat(full.exitCode()).isEqualTo(1);
      assertThat(full.stderr().lines().toList())
          .singleElement()
          .isEqualTo(
              "json-dedup run: cannot write file:"
                  + output
                  + ": No space left on device; nothing was stored, run again when there is space"
                  + " (report file:"
                  + onlyReport(output)
                  + ")");
      assertThat(report(onlyReport(output)).status()).isEqualTo(RunReport.FAILED);
      assertThat(output.resolve("_ingest/lock")).doesNotExist();

      remount(disk, "size=400m");
      Result rerun =
          run(launcher("run", "--input", input.toString(), "--output", output.toString()));

      assertThat(rerun.exitCode()).as(rerun.stderr()).isZero();
      assertThat(Datasets.storedRows(output))
          .isEqualTo(Datasets.rowsOfALocalRun(input, work.resolve("expected")));
    } finally {
      unmount(disk);
    }
  }

  @Test
  void aReadOnlyOutputEndsTheRunInOneLine() throws Exception {
    Path input = Fixtures.copyDataSample(work.resolve("input"));
    Path disk = mount(work.resolve("disk"), "ro,size=1m");
    try {
      Result result =
          run(launcher("run", "--input", input.toString(), "--output", disk.toString()));

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr().lines().toList())
          .singleElement()
          .asString()
          .startsWith("json-dedup run: cannot write file:" + disk + "/_ingest")
          .contains("Read-only file system")
          .endsWith(
              "nothing was stored, point the run at a writable place, or remount it, and run"
                  + " again");
    } finally {
      unmount(disk);
    }
  }

  @Test
  void sigtermStopsARunInOneLineWithAStoppedReportAndTheOutputReleased() throws Exception {
    Path input = generate(work.resolve("input"), 60, 20_000, 30);
    Path output = work.resolve("dataset");
    Path stdout = work.resolve("stdout");
    Path stderr = work.resolve("stderr");
    Process job =
        JobProcesses.start(
            launcher("run", "--input", input.toString(), "--output", output.toString()),
            stdout,
            stderr);
    // The lock is taken once Spark has started and the input is listed: the run is at work.
    awaitFile(output.resolve("_ingest/lock"), Duration.ofMinutes(2));
    Thread.sleep(2_000);
    job.toHandle().descendants().forEach(ProcessHandle::destroy);
    job.destroy();

    assertThat(job.waitFor(60, TimeUnit.SECONDS)).as("ended within a minute").isTrue();
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertThat(job.exitValue()).as(err).isEqualTo(143);
    assertThat(err.lines().toList())
        .singleElement()
        .asString()
        .startsWith(
            "json-dedup run: stopped by a signal; nothing was stored and the output is released:"
                + " run again to ingest (report file:");
    assertThat(report(onlyReport(output)).status()).isEqualTo(RunReport.STOPPED);
    assertThat(output.resolve("_ingest/lock")).doesNotExist();
    assertThat(Files.readString(stdout)).isEmpty();

    Result rerun = run(launcher("run", "--input", input.toString(), "--output", output.toString()));

    assertThat(rerun.exitCode()).as(rerun.stderr()).isZero();
    assertThat(Datasets.storedRows(output))
        .isEqualTo(Datasets.rowsOfALocalRun(input, work.resolve("expected")));
  }

  @Test
  void aRunThatRunsOutOfMemoryEndsPromptlyInOneLineWithAReport() throws Exception {
    // Spark's JSON reader holds a whole document in memory: 125 MB of it in a 600 MB heap.
    Path input = generate(work.resolve("input"), 1, 1_500_000, 30);
    Path warehouse = work.resolve("warehouse");
    Instant start = Instant.now();

    Result result =
        run(
            launcher(
                "run",
                "--reader",
                "spark-json",
                "--input",
                input.toString(),
                "--table",
                "local.db.backfill"),
            Map.of(
                "JSON_DEDUP_WAREHOUSE", warehouse.toString(), "JSON_DEDUP_DRIVER_MEMORY", "600m"));

    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMinutes(2));
    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
    assertThat(result.stderr().lines().toList())
        .singleElement()
        .asString()
        .startsWith("json-dedup run: ran out of memory (")
        .contains("nothing was stored: give the run more memory");
    Path reports = warehouse.resolve("db/backfill_ingest/runs");
    assertThat(report(onlyJson(reports)).status()).isEqualTo(RunReport.FAILED);
    try (var files = Files.walk(warehouse)) {
      assertThat(files.filter(file -> file.toString().endsWith(".parquet")))
          .as("no data file left behind")
          .isEmpty();
    }
  }

  private static Path generate(Path dir, int files, int recordsPerFile, int days) throws Exception {
    Result generated =
        run(
            launcher(
                "generate",
                "--output",
                dir.toString(),
                "--files",
                String.valueOf(files),
                "--records-per-file",
                String.valueOf(recordsPerFile),
                "--days",
                String.valueOf(days)));
    assertThat(generated.exitCode()).as(generated.stderr()).isZero();
    return dir;
  }

  private static Path mount(Path dir, String options) throws Exception {
    Files.createDirectories(dir);
    sh("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
    return dir;
  }

  private static void remount(Path dir, String options) throws Exception {
    sh("mount", "-o", "remount," + options, dir.toString());
  }

  private static void unmount(Path dir) throws Exception {
    sh("umount", dir.toString());
  }

  private static void sh(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor())
        .as("%s (these tests need root, as CI has): %s", List.of(command), said)
        .isZero();
  }

  private static void awaitFile(Path file, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!Files.exists(file)) {
      assertThat(Instant.now()).as("%s in time", file).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private static Path onlyReport(Path output) throws IOException {
    return onlyJson(output.resolve("_ingest/runs"));
  }

  private static Path onlyJson(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(file -> file.toString().endsWith(".json")).toList().get(0);
    }
  }

  private static RunReport report(Path file) {
    return ReportWriter.read(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
  }
}
