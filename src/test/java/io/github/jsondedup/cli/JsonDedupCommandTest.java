package io.github.jsondedup.cli;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static io.github.jsondedup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.jsondedup.ExpectedLogs;
import io.github.jsondedup.PrometheusFiles;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.faults.Faults;
import io.github.jsondedup.faults.FaultyFileSystem;
import io.github.jsondedup.report.ReportWriter;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class JsonDedupCommandTest {
  @TempDir Path input;
  @TempDir Path output;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void runPrintsTheSummaryAndExitsZero() {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));

    int exitCode = execute("run", "--input", input.toString(), "--output", output.toString());

    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("1 record written to")
        .contains("records     1 read = 1 written + 0 duplicates + 0 rejected")
        .contains("partitions  date=2019-04-23")
        .contains("report      file:" + output + "/_ingest/runs/");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void missingOutputIsAOneLineUsageError() {
    assertUsageError(
        execute("run", "--input", input.toString()),
        "json-dedup run: Missing required argument (specify one of these): (--output=PATH |"
            + " (--table=CATALOG.DB.TABLE [--audit=PATH])) (see 'json-dedup run --help')");
  }

  @Test
  void aRunThatOtherRunsKeptOutOfTheTableExitsWithThree() {
    assertThat(
            ExitCodes.of(new io.github.jsondedup.table.ConcurrentCommitException("kept out", null)))
        .isEqualTo(ExitCodes.OUTPUT_LOCKED);
  }

  @Test
  void anOutputAndATableTogetherAreAUsageError() {
    assertUsageError(
        execute("run", "--input", input.toString(), "--output", "x", "--table", "local.db.t"),
        "json-dedup run: --output=PATH and (--table=CATALOG.DB.TABLE [--audit=PATH]) are mutually"
            + " exclusive (specify only one) (see 'json-dedup run --help')");
  }

  @Test
  void anAuditFolderGoesWithATable() {
    assertUsageError(
        execute("run", "--input", input.toString(), "--output", "x", "--audit", "y"),
        "json-dedup run: Missing required argument(s): --table=CATALOG.DB.TABLE (see"
            + " 'json-dedup run --help')");
  }

  @Test
  void aTableNameNeedsItsCatalogAndDatabase() {
    assertUsageError(execute("run", "--input", input.toString(), "--table", "events"), null);
    assertThat(err.toString())
        .startsWith(
            "json-dedup run: Invalid value for option '--table': 'events' is not a table name of"
                + " three parts: CATALOG.DB.TABLE, such as local.db.events");
  }

  @Test
  void aTableInACatalogSparkDoesNotKnowIsAUsageErrorSayingHowToDefineIt() {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));

    assertUsageError(
        execute("run", "--input", input.toString(), "--table", "nowhere.db.events"), null);
    assertThat(err.toString())
        .startsWith(
            "json-dedup run: Invalid --table: the catalog 'nowhere' is not configured: give Spark"
                + " spark.sql.catalog.nowhere=org.apache.iceberg.spark.SparkCatalog");
    assertThat(err.toString().lines()).hasSize(1);
  }

  @Test
  void inputThatDoesNotExistIsAOneLineUsageError() {
    Path missing = input.resolve("missing");

    assertUsageError(
        execute("run", "--input", missing.toString(), "--output", output.toString()),
        "json-dedup run: Invalid --input: "
            + missing
            + " does not exist (see 'json-dedup run --help')");
  }

  @Test
  void inputWithNoFilesIsAOneLineUsageError() throws Exception {
    Files.createDirectories(input.resolve("empty"));

    int exitCode =
        execute("run", "--input", input.resolve("empty").toString(), "--output", output.toString());

    assertUsageError(exitCode, null);
    assertThat(err.toString()).startsWith("json-dedup run: Invalid --input: no input files under ");
  }

  @Test
  void unknownOptionIsAOneLineUsageError() {
    assertUsageError(
        execute("run", "--input", "x", "--output", "y", "--frobnicate"),
        "json-dedup run: Unknown option: '--frobnicate' (see 'json-dedup run --help')");
  }

  @Test
  void unknownKeyFieldIsAOneLineUsageError() {
    assertUsageError(
        execute("run", "--input", "x", "--output", "y", "--key", "id,when"),
        "json-dedup run: Invalid --key: 'id,when' names a field that is not a record's: choose"
            + " from [id, data, ts]"
            + " (see 'json-dedup run --help')");
  }

  @Test
  void noCommandIsAUsageError() {
    assertUsageError(
        execute(), "json-dedup: Missing command: try 'json-dedup run' (see 'json-dedup --help')");
  }

  @Test
  void outputThatIsAFileIsAUsageError() throws Exception {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    Path file = Files.writeString(output.resolve("file"), "x");

    assertUsageError(
        execute("run", "--input", input.toString(), "--output", file.toString()),
        "json-dedup run: Invalid --output: "
            + file
            + " is a file, not a directory (see 'json-dedup run --help')");
  }

  @Test
  void anOutputAnotherRunIsWritingIsRefusedInOneLineWithExitCodeThree() {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    write(output, "_ingest/lock", 0, "owner=other-run\n");
    output.resolve("_ingest/lock").toFile().setLastModified(System.currentTimeMillis());

    int exitCode = execute("run", "--input", input.toString(), "--output", output.toString());

    assertThat(exitCode).isEqualTo(ExitCodes.OUTPUT_LOCKED);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString())
        .startsWith("json-dedup run: Cannot write to file:" + output + ": run other-run")
        .doesNotContain("Exception");
  }

  @Test
  void maxFilesPerBatchWithoutACheckpointIsAUsageError() {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));

    assertUsageError(
        execute(
            "run",
            "--input",
            input.toString(),
            "--output",
            output.toString(),
            "--max-files-per-batch",
            "10"),
        "json-dedup run: Missing required argument(s): --checkpoint=PATH"
            + " (see 'json-dedup run --help')");
  }

  @Test
  void anIntervalWithoutWatchIsAUsageError() {
    assertUsageError(
        execute(
            "run",
            "--input",
            input.toString(),
            "--output",
            output.toString(),
            "--checkpoint",
            output.resolve("_checkpoint").toString(),
            "--interval",
            "5"),
        "json-dedup run: Missing required argument(s): --watch (see 'json-dedup run --help')");
  }

  @Test
  void watchWithoutACheckpointIsAUsageError() {
    assertUsageError(
        execute("run", "--input", input.toString(), "--output", output.toString(), "--watch"),
        "json-dedup run: Missing required argument(s): --checkpoint=PATH"
            + " (see 'json-dedup run --help')");
  }

  @Test
  void anIncrementalRunWithNothingNewSaysSoAndLeavesAHeartbeatReport() throws IOException {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    String checkpoint = output.resolve("_checkpoint").toString();
    String[] args = {
      "run", "--input", input.toString(), "--output", output.toString(), "--checkpoint", checkpoint
    };
    assertThat(execute(args)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("1 record written to");
    out.getBuffer().setLength(0);

    assertThat(execute(args)).isEqualTo(ExitCodes.OK);

    assertThat(out.toString().strip())
        .startsWith(
            "json-dedup run: no new or changed files under "
                + input
                + " since the last run (report file:"
                + output
                + "/_ingest/runs/")
        .endsWith(".json)");
    String reportPath = out.toString().strip().replaceAll(".*\\(report file:(.*)\\)$", "$1");
    RunReport heartbeat = ReportWriter.fromJson(Files.readString(Path.of(reportPath)));
    assertThat(heartbeat.status()).isEqualTo(RunReport.IDLE);
    assertThat(heartbeat.counts()).isEqualTo(RunCounts.of().build());
    assertThat(heartbeat.timingsMillis()).containsKeys("list", "total");
  }

  @Test
  void aSparkSettingStandsInForAnOptionLeftOutAndTheCommandLineWins() {
    writeFourRecordsOneNotATime("2019-04-23T12:00:00Z");
    String[] run = {"run", "--input", input.toString(), "--output", output.toString()};
    // What spark-submit --conf, or the launcher's JSON_DEDUP_JAVA_OPTIONS=-D..., gives the driver.
    System.setProperty("spark.jsondedup.maxRejected", "0");
    try {
      assertThat(execute(run)).as(err.toString()).isEqualTo(ExitCodes.TOO_MANY_REJECTED);
      assertThat(execute("run", "--help")).isZero();
      assertThat(out.toString()).contains("(default: 0;");

      String[] allowingOne = java.util.Arrays.copyOf(run, run.length + 2);
      allowingOne[run.length] = "--max-rejected";
      allowingOne[run.length + 1] = "1";
      assertThat(execute(allowingOne)).as(err.toString()).isEqualTo(ExitCodes.OK);
    } finally {
      System.clearProperty("spark.jsondedup.maxRejected");
    }
  }

  @Test
  void helpListsTheOptionsAndExitCodes() {
    int exitCode = execute("run", "--help");

    assertThat(exitCode).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("--input=PATH", "--output=PATH", "--key=FIELD", "Exit codes:", "usage error");
  }

  @Test
  void versionNamesTheBuildSparkAndJava() {
    int exitCode = execute("--version");

    assertThat(exitCode).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("json-dedup-etl ", "Spark 3.5.", "Java 17");
  }

  @Test
  void aRunWithMoreRejectedRecordsThanAllowedWritesNothingAndSaysWhy() {
    writeFourRecordsOneNotATime("2019-04-23");

    int exitCode = runWithMaxRejected("1");

    assertThat(exitCode).isEqualTo(ExitCodes.TOO_MANY_REJECTED);
    assertThat(err.toString())
        .startsWith(
            "json-dedup run: 2 of 4 records rejected and 0 of 1 files quarantined, above"
                + " the max-rejected limit of 1: nothing was written to the dataset. The rejected"
                + " records are"
                + " in file:"
                + output
                + "/_ingest/rejected/run=")
        .contains("The run report is file:" + output + "/_ingest/runs/")
        .doesNotContain("\tat ");
    assertThat(output.resolve("date=2019-04-23")).doesNotExist();
    assertThat(output.resolve("_ingest/lock")).doesNotExist();
    RunReport report = onlyReport();
    assertThat(report.status()).isEqualTo(RunReport.REFUSED);
    assertThat(report.exitCode()).isEqualTo(ExitCodes.TOO_MANY_REJECTED);
    // The 2 good records are held back, so that the counts still balance.
    assertThat(report.counts())
        .isEqualTo(RunCounts.of().files(1).recordsRead(4).rejected(2).heldBack(2).build());
    assertThat(report.counts().balanced()).isTrue();
  }

  @Test
  void quarantinedFilesCountTowardTheRejectLimitAndAreKept() {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    write(input, "broken.json", 1, "not json");

    int exitCode = runWithMaxRejected("0");

    assertThat(exitCode).isEqualTo(ExitCodes.TOO_MANY_REJECTED);
    assertThat(err.toString())
        .startsWith("json-dedup run: 0 of 1 records rejected and 1 of 2 files quarantined")
        .contains("The quarantined files are in file:" + output + "/_ingest/quarantined/run=");
    assertThat(onlyReport().audit()).containsOnlyKeys("quarantined");
    assertThat(output.resolve("date=2019-04-23")).doesNotExist();
  }

  @Test
  void theRunReportSaysWhatRanOnWhatAndWhatItAdded() throws IOException {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));

    execute("run", "--input", input.toString(), "--output", output.toString());

    RunReport report = onlyReport();
    assertThat(report.status()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.exitCode()).isZero();
    assertThat(report.version()).isNotBlank().isNotEqualTo("unknown");
    assertThat(report.reader()).isEqualTo("streaming");
    assertThat(report.files())
        .singleElement()
        .satisfies(
            file -> {
              assertThat(file.path()).endsWith("/a.json");
              assertThat(file.size()).isEqualTo(Files.size(input.resolve("a.json")));
              assertThat(file.modifiedAt()).isEqualTo("2024-01-01T00:00:00Z");
            });
    assertThat(report.steps()).containsKeys("read", "dedupe_and_write");
    RunReport.Step read = report.steps().get("read");
    assertThat(read.tasks()).isPositive();
    assertThat(read.executors()).as("local mode: the driver").isEqualTo(1);
    assertThat(read.shuffleRecords()).as("the records read, through the shuffle").isEqualTo(1);
    assertThat(report.outputFiles()).isEqualTo(1);
    try (Stream<Path> parquet = Files.walk(output.resolve("date=2019-04-23"))) {
      assertThat(report.outputBytes())
          .isEqualTo(
              parquet
                  .filter(file -> file.toString().endsWith(".parquet"))
                  .mapToLong(file -> file.toFile().length())
                  .sum());
    }
  }

  private RunReport onlyReport() {
    try (Stream<Path> reports = Files.list(output.resolve("_ingest/runs"))) {
      Path report =
          reports
              .filter(file -> file.toString().endsWith(".json"))
              .reduce(
                  (a, b) -> {
                    throw new AssertionError("more than one report: " + a + ", " + b);
                  })
              .orElseThrow();
      return ReportWriter.fromJson(Files.readString(report));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aShareOfRejectedRecordsAtTheLimitPasses() {
    writeFourRecordsOneNotATime("2019-04-23T12:00:00Z");

    int exitCode = runWithMaxRejected("25%");

    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("3 records written to");
  }

  @Test
  void aMalformedRejectLimitIsAOneLineUsageError() {
    assertUsageError(
        runWithMaxRejected("lots"),
        "json-dedup run: Invalid value for option '--max-rejected': 'lots' is not a limit: give a"
            + " count like 100, a share like 0.5%, or none (see 'json-dedup run --help')");
  }

  /** Records 1 to 4, record 2 with a ts that is not a time, record 4 with {@code lastTs}. */
  @Test
  void aMetricsFileHoldsTheRunsCountsInPrometheusTextFormatAndARefusedRunsToo(@TempDir Path metrics)
      throws IOException {
    writeFourRecordsOneNotATime("2019-04-23T12:00:00Z");
    Path file = metrics.resolve("json_dedup.prom");
    String dataset = "dataset=\"file:" + output + "\"";

    int ok =
        execute(
            "run",
            "--input",
            input.toString(),
            "--output",
            output.toString(),
            "--metrics-file",
            file.toString());
    String written = Files.readString(file);
    int refused =
        execute(
            "run",
            "--input",
            input.toString(),
            "--output",
            output.toString(),
            "--metrics-file",
            file.toString(),
            "--max-rejected",
            "0");
    String afterRefusal = Files.readString(file);

    assertThat(ok).isEqualTo(ExitCodes.OK);
    Map<String, Double> first = PrometheusFiles.samples(written);
    assertThat(first)
        .containsEntry("jsondedup_last_run_exit_code{" + dataset + "}", 0.0)
        .containsEntry("jsondedup_last_run_records{" + dataset + ",outcome=\"read\"}", 4.0)
        .containsEntry("jsondedup_last_run_records{" + dataset + ",outcome=\"written\"}", 3.0)
        .containsEntry("jsondedup_last_run_records{" + dataset + ",outcome=\"rejected\"}", 1.0)
        .containsKey("jsondedup_last_run_step_seconds{" + dataset + ",step=\"total\"}");
    double succeededAt = first.get("jsondedup_last_success_timestamp_seconds{" + dataset + "}");
    assertThat(succeededAt)
        .isEqualTo(first.get("jsondedup_last_run_timestamp_seconds{" + dataset + "}"))
        .isCloseTo(System.currentTimeMillis() / 1000.0, within(60.0));
    assertThat(refused).isEqualTo(ExitCodes.TOO_MANY_REJECTED);
    assertThat(PrometheusFiles.samples(afterRefusal))
        .containsEntry("jsondedup_last_run_exit_code{" + dataset + "}", 4.0)
        .containsEntry(
            "jsondedup_last_run_info{"
                + dataset
                + ",run_id=\""
                + runId(afterRefusal)
                + "\",status=\"refused\"}",
            1.0)
        .containsEntry("jsondedup_last_run_records{" + dataset + ",outcome=\"held_back\"}", 3.0)
        .as("the last success is the run before the refusal")
        .containsEntry("jsondedup_last_success_timestamp_seconds{" + dataset + "}", succeededAt);
    PrometheusFiles.assertPromtoolAccepts(file);
    try (Stream<Path> left = Files.list(metrics)) {
      assertThat(left).as("no temporary file left").containsExactly(file);
    }
  }

  private static String runId(String metrics) {
    java.util.regex.Matcher id =
        java.util.regex.Pattern.compile("run_id=\"([^\"]+)\"").matcher(metrics);
    assertThat(id.find()).as(metrics).isTrue();
    return id.group(1);
  }

  @Test
  void aFailedRunWritesItsExitCodeInTheSeriesOfTheSuccessesAsTheOutputWasTyped(
      @TempDir Path metrics) throws IOException {
    writeFourRecordsOneNotATime("2019-04-23T12:00:00Z");
    Path file = metrics.resolve("json_dedup.prom");
    String typed = FaultyFileSystem.uri(output);
    String[] run = {
      "run", "--input", input.toString(), "--output", typed, "--metrics-file", file.toString()
    };
    assertThat(execute(run)).as(err.toString()).isEqualTo(ExitCodes.OK);
    String success = Files.readString(file);
    write(input, "b.json", 0, document(record("9", "A", "2019-04-24T10:00:00Z")));

    Faults.diskFullAfter("/date=", 0);
    int failed;
    try {
      failed = ExpectedLogs.during("the test's fault plan fills the disk", () -> execute(run));
    } finally {
      Faults.clear();
    }

    // A success names the dataset qualified (faulty:/... as typed here, file:/... for a plain
    // path): the failure must fall in the same series, or an alert keyed on it never fires.
    String dataset = "dataset=\"" + new org.apache.hadoop.fs.Path(typed) + "\"";
    String exitCode = "jsondedup_last_run_exit_code{" + dataset + "}";
    String lastSuccess = "jsondedup_last_success_timestamp_seconds{" + dataset + "}";
    assertThat(PrometheusFiles.samples(success)).containsEntry(exitCode, 0.0);
    assertThat(failed).isEqualTo(1);
    Map<String, Double> afterFailure = PrometheusFiles.samples(Files.readString(file));
    assertThat(afterFailure)
        .containsEntry(exitCode, 1.0)
        .as("the success before, kept")
        .containsEntry(lastSuccess, PrometheusFiles.samples(success).get(lastSuccess));
    assertThat(afterFailure.keySet())
        .as("one series per metric")
        .allMatch(key -> key.contains(dataset));
    PrometheusFiles.assertPromtoolAccepts(file);
  }

  @Test
  void aMetricsFileInAMissingFolderIsAUsageErrorThatStoresNothing() {
    writeFourRecordsOneNotATime("2019-04-23T12:00:00Z");
    Path dataset = output.resolve("dataset");
    Path missing = output.resolve("no-such-folder");

    int exitCode =
        execute(
            "run",
            "--input",
            input.toString(),
            "--output",
            dataset.toString(),
            "--metrics-file",
            missing.resolve("json_dedup.prom").toString());

    assertUsageError(
        exitCode,
        "json-dedup run: Invalid --metrics-file: the folder "
            + missing
            + " does not exist; create it (node_exporter's textfile directory) or name a file in"
            + " one that does (see 'json-dedup run --help')");
    assertThat(dataset).as("nothing stored, no key bound").doesNotExist();
  }

  private void writeFourRecordsOneNotATime(String lastTs) {
    write(
        input,
        "a.json",
        0,
        document(
            record("1", "A", "2019-04-23T10:00:00Z"),
            record("2", "B", "not a time"),
            record("3", "C", "2019-04-23T11:00:00Z"),
            record("4", "D", lastTs)));
  }

  @Test
  void generateWritesFilesAndTheirGroundTruth() throws Exception {
    Path generated = output.resolve("generated");

    int exitCode =
        execute(
            "generate",
            "--output",
            generated.toString(),
            "--files",
            "3",
            "--records-per-file",
            "5");

    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("Wrote 15 records in 3 files to " + generated);
    try (var files = Files.list(generated)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "records-000000.json",
              "records-000001.json",
              "records-000002.json",
              "_ground_truth.json");
    }
  }

  @Test
  void generateRefusesAShareAboveOne() {
    assertUsageError(
        execute(
            "generate",
            "--output",
            output.toString(),
            "--files",
            "1",
            "--records-per-file",
            "1",
            "--duplicate-rate",
            "1.5"),
        "json-dedup generate: Invalid --duplicate-rate: 1.5 is not a share between 0 and 1"
            + " (see 'json-dedup generate --help')");
  }

  @Test
  void generateRefusesAFolderThatHoldsFiles() throws Exception {
    write(input, "a.json", 0, "{}");

    assertUsageError(
        execute(
            "generate", "--output", input.toString(), "--files", "1", "--records-per-file", "1"),
        "json-dedup generate: Invalid --output: "
            + input
            + " is not empty: generate into a new directory (see 'json-dedup generate --help')");
  }

  @Test
  void aMistypedOptionIsNamedEvenWhenItLeavesARequiredOneMissing() {
    assertUsageError(
        execute("run", "--inptu", input.toString(), "--output", output.toString()), null);
    assertThat(err.toString())
        .startsWith("json-dedup run: Unknown option: '--inptu'")
        .contains("did you mean --input");
  }

  @Test
  void helpRunShowsTheRunCommandsHelp() {
    int exitCode = execute("help", "run");

    assertThat(exitCode).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("Usage: json-dedup run ").contains("--checkpoint=PATH");
  }

  private int runWithMaxRejected(String limit) {
    return execute(
        "run", "--input", input.toString(), "--output", output.toString(), "--max-rejected", limit);
  }

  private int execute(String... args) {
    CommandLine commandLine = JsonDedupCommand.commandLine(TestSpark::session);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private void assertUsageError(int exitCode, String expectedLine) {
    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().lines()).hasSize(1);
    if (expectedLine != null) {
      assertThat(err.toString().strip()).isEqualTo(expectedLine);
    }
    assertThat(err.toString()).doesNotContain("Exception", "\tat ");
    assertThat(out.toString()).isEmpty();
  }
}
