package io.github.jsondedup.cli;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static io.github.jsondedup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.TestTables;
import io.github.jsondedup.report.ReportWriter;
import io.github.jsondedup.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code history}, {@code explain} and {@code status} on the bundled sample, run twice, in folder
 * and in table mode: what a person running the job daily asks of it.
 */
class WatchCommandsTest {
  private static final Path SAMPLE = Path.of("data-sample");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void historyListsTheSampleRunsNewestFirstWithTheirSummaryCounts() throws IOException {
    String[] dataset = {"--output", dir.resolve("out").toString()};
    List<String> summaries = runSampleTwice(dataset);

    String history = ok("history", dataset);

    List<String> lines = history.lines().toList();
    assertThat(lines.get(0)).startsWith("RUN").contains("WRITTEN", "REJECT", "TIME");
    List<RunReport> reports = reports(dir.resolve("out/_ingest"));
    assertThat(lines.get(1)).startsWith(reports.get(1).runId());
    assertThat(lines.get(2)).startsWith(reports.get(0).runId());
    // FILES QUAR READ WRITTEN EXACT CONFL STORED REJECT HELD: as the two summaries say.
    assertThat(figures(lines.get(2))).containsExactly("5", "1", "14", "6", "3", "1", "0", "4", "0");
    assertThat(figures(lines.get(1))).containsExactly("5", "1", "14", "0", "0", "1", "9", "4", "0");
    assertThat(summaries.get(0)).contains("14 read = 6 written + 4 duplicates + 4 rejected");
    assertThat(summaries.get(1)).contains("14 read = 0 written + 10 duplicates + 4 rejected");
    assertThat(history)
        .containsPattern("2 runs: 10 files read, 2 quarantined, [0-9.]+ s in all\n")
        .contains("  records 28 read = 6 written + 14 duplicates (2 conflicting) + 8 rejected\n")
        .contains(
            "trend, the last 1 run against the 1 before:\n"
                + "  duplicates 71.4% of records read (was 28.6%), conflicts 7.1% (was 7.1%),"
                + " rejected 28.6% (was 28.6%)\n");

    JsonNode json = JSON.readTree(ok("history", "--json", "--last", "1", dataset[0], dataset[1]));
    assertThat(json.get("runs")).hasSize(1);
    assertThat(json.get("runs").get(0).get("runId").asText()).isEqualTo(reports.get(1).runId());
    assertThat(json.get("runs").get(0).get("counts").get("alreadyStored").asLong()).isEqualTo(9);
    assertThat(json.get("trend").get("before").get("written").asLong()).isEqualTo(6);
  }

  @Test
  void historyCountsARefusedRunsGoodRecordsAsHeldBackNotRejected() {
    String[] dataset = {"--output", dir.resolve("out").toString()};
    out.getBuffer().setLength(0);
    int refused =
        execute("run", "--input", SAMPLE.toString(), dataset[0], dataset[1], "--max-rejected", "0");
    String summary = out.toString() + err.toString();

    String history = ok("history", dataset);

    assertThat(refused).as(err.toString()).isEqualTo(ExitCodes.TOO_MANY_REJECTED);
    assertThat(summary).contains("4 of 14 records rejected");
    assertThat(history.lines().toList().get(0)).contains("REJECT  HELD");
    // FILES QUAR READ WRITTEN EXACT CONFL STORED REJECT HELD
    assertThat(figures(history.lines().toList().get(1)))
        .containsExactly("5", "1", "14", "0", "0", "0", "0", "4", "10");
    assertThat(history)
        .contains(
            "  records 14 read = 0 written + 0 duplicates (0 conflicting) + 4 rejected"
                + " + 10 held back (refused runs)\n");
  }

  @Test
  void historyDrawsTheRunsAsAnSvgChart() throws Exception {
    String[] dataset = {"--output", dir.resolve("out").toString()};
    runSampleTwice(dataset);
    Path chart = dir.resolve("runs.svg");

    ok("history", dataset[0], dataset[1], "--chart", chart.toString());

    var xml = javax.xml.parsers.DocumentBuilderFactory.newInstance();
    // The SVG 1.0 doctype names the W3C's DTD: not fetched (no network here, nor needed).
    xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    org.w3c.dom.Document svg = xml.newDocumentBuilder().parse(chart.toFile());
    assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(svg.getDocumentElement().getAttribute("width")).isEqualTo("900");
    // Five series of two runs each: lines and markers, beside the axes, grid, labels and legend.
    assertThat(svg.getElementsByTagName("path").getLength()).isGreaterThan(20);
  }

  @Test
  void historyOfATableFindsItsReportsFromTheCatalogOrTheAuditFolder() throws IOException {
    String table = TestTables.catalog(dir.resolve("warehouse")) + ".db.events";
    runSampleTwice("--table", table);

    String fromCatalog = ok("history", "--table", table);
    Path audit = dir.resolve("warehouse/db/events_ingest");
    String fromAudit = ok("history", "--table", table, "--audit", audit.toString());

    assertThat(fromCatalog.lines()).as(fromCatalog).hasSize(8);
    assertThat(figures(fromCatalog.lines().toList().get(2)))
        .containsExactly("5", "1", "14", "6", "3", "1", "0", "4", "0");
    assertThat(fromAudit).isEqualTo(fromCatalog);
  }

  @Test
  void explainNamesTheStoredRowItsFileAndRunAndTheConflictingRecordWithItsSource()
      throws IOException {
    String[] dataset = {"--output", dir.resolve("out").toString()};
    runSampleTwice(dataset);
    RunReport first = reports(dir.resolve("out/_ingest")).get(0);

    assertExplainsTheSample(ok("explain", "--id", "10101", dataset[0], dataset[1]), first);

    String oneInstant =
        ok(
            "explain",
            "--id",
            "10101",
            "--ts",
            "2019-04-23T17:25:43.111+00:00",
            dataset[0],
            dataset[1]);
    assertThat(oneInstant).contains("stored      1 row", "conflicts   2 records");
    String otherInstant =
        ok("explain", "--id", "10101", "--ts", "2019-04-23T17:25:44Z", dataset[0], dataset[1]);
    assertThat(otherInstant).contains("stored      0 rows", "conflicts   0 records");
    assertThat(ok("explain", "--id", "10106", dataset[0], dataset[1]))
        .contains("rejected    2 records", "missing ts", "04-bad-records.json, position 2");
  }

  @Test
  void explainReadsATableAsAFolder() throws IOException {
    String table = TestTables.catalog(dir.resolve("warehouse")) + ".db.events";
    runSampleTwice("--table", table);
    RunReport first = reports(dir.resolve("warehouse/db/events_ingest")).get(0);

    String explained = ok("explain", "--id", "10101", "--table", table);

    assertExplainsTheSample(explained, first);
    assertThat(first.snapshotId()).isNotNull();
  }

  @Test
  void statusListsAFileAddedAfterTheLastBatchAsPending() throws IOException {
    Path input = dir.resolve("in");
    write(input, "a.json", 1_000, document(record("1", "A", "2019-04-23T10:00:00Z")));
    String checkpoint = dir.resolve("checkpoint").toString();
    String[] dataset = {"--output", dir.resolve("out").toString()};
    ok("run", "--input", input.toString(), dataset[0], dataset[1], "--checkpoint", checkpoint);
    write(input, "b.json", 2_000, document(record("2", "B", "2019-04-23T11:00:00Z")));

    String status = ok("status", "--checkpoint", checkpoint, "--input", input.toString());

    String run = reports(dir.resolve("out/_ingest")).get(0).runId();
    assertThat(status)
        .contains("reading into file:" + dir.resolve("out"))
        .containsPattern("pending +1 file, \\d+ B \\(1 new, 0 changed since read\\), oldest first:")
        .contains(input.resolve("b.json").toString())
        .doesNotContain(input.resolve("a.json").toString())
        .contains("read        1 file; the last runs that read files:")
        .contains(run + "  1 file, succeeded, 1 record written in")
        .contains("lock        free (file:" + dir.resolve("out/_ingest/lock") + ")");
    JsonNode json =
        JSON.readTree(
            ok("status", "--json", "--checkpoint", checkpoint, "--input", input.toString()));
    assertThat(json.get("pendingFiles").asInt()).isEqualTo(1);
    assertThat(json.get("lock").isNull()).isTrue();
  }

  @Test
  void statusOfATableCheckpointNamesTheChangedFileAndTheCheckpointsLock() throws IOException {
    Path input = dir.resolve("in");
    write(input, "a.json", 1_000, document(record("1", "A", "2019-04-23T10:00:00Z")));
    String checkpoint = dir.resolve("checkpoint").toString();
    String table = TestTables.catalog(dir.resolve("warehouse")) + ".db.events";
    ok("run", "--input", input.toString(), "--table", table, "--checkpoint", checkpoint);
    write(input, "a.json", 3_000, document(record("1", "A", "2019-04-23T10:00:00Z")));

    String status = ok("status", "--checkpoint", checkpoint, "--input", input.toString());

    assertThat(status)
        .contains("reading into " + table)
        .contains("(0 new, 1 changed since read)")
        .contains(input.resolve("a.json") + "  (changed)")
        .contains("1 file, succeeded, 1 record written")
        .contains("lock        free (file:" + dir.resolve("checkpoint/lock") + ")");
  }

  @Test
  void aDatasetThatDoesNotExistIsOneLineAndExitCodeTwo() {
    Path missing = dir.resolve("missing");

    for (String[] args :
        List.of(
            new String[] {"history", "--output", missing.toString()},
            new String[] {"explain", "--id", "1", "--output", missing.toString()},
            new String[] {"status", "--checkpoint", missing.toString(), "--input", "."},
            new String[] {"explain", "--id", "1", "--ts", "yesterday", "--output", "x"},
            new String[] {"history", "--output", "x", "--table", "local.db.t"})) {
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);

      int exitCode = execute(args);

      assertThat(exitCode).as(String.join(" ", args) + ": " + err).isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString().lines()).as(err.toString()).hasSize(1);
      assertThat(err.toString()).startsWith("json-dedup " + args[0] + ": ").doesNotContain("\tat ");
      assertThat(out.toString()).isEmpty();
    }
  }

  private static void assertExplainsTheSample(String explained, RunReport first) {
    String stored =
        first.dataFiles().stream()
            .filter(f -> f.contains("date=2019-04-23") || f.contains("ts_day=2019-04-23"))
            .findFirst()
            .orElse("?");
    assertThat(explained)
        .contains("stored      1 row")
        .contains("ts 2019-04-23T17:25:43.111Z  data \"ABC\"")
        .contains("    run  " + first.runId() + " (started " + first.startedAt() + ")")
        .contains("conflicts   2 records")
        .contains("  run " + first.runId() + ": ts 2019-04-23T17:25:43.111Z  data \"ABD\"")
        .contains("from file:" + SAMPLE.toAbsolutePath() + "/2019-04-24/03-conflicting-data.json")
        .contains(
            "lost to data \"ABC\" from file:"
                + SAMPLE.toAbsolutePath()
                + "/2019-04-23/01-problem-statement.json, position 0");
    assertThat(explained)
        .containsPattern(
            "    file \\S+"
                + java.util.regex.Pattern.quote(new org.apache.hadoop.fs.Path(stored).getName()));
  }

  /** The sample ingested twice into {@code dataset}; the two summaries. */
  private List<String> runSampleTwice(String... dataset) {
    List<String> summaries = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      List<String> args = new ArrayList<>(List.of("run", "--input", SAMPLE.toString()));
      args.addAll(List.of(dataset));
      summaries.add(ok(args.toArray(String[]::new)));
    }
    return summaries;
  }

  /** The run reports in {@code ingest}, oldest first (two runs may start in the same second). */
  private static List<RunReport> reports(Path ingest) throws IOException {
    try (Stream<Path> files = Files.list(ingest.resolve("runs"))) {
      List<RunReport> reports = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        reports.add(ReportWriter.fromJson(Files.readString(file)));
      }
      reports.sort(java.util.Comparator.comparing(report -> Instant.parse(report.startedAt())));
      return reports;
    }
  }

  /** The figures of a history line: its columns after run id, start date and time, status. */
  private static List<String> figures(String line) {
    List<String> columns = List.of(line.trim().split(" +"));
    return columns.subList(5, columns.size() - 2);
  }

  private String ok(String... args) {
    out.getBuffer().setLength(0);
    int exitCode = execute(args);
    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.OK);
    return out.toString();
  }

  private String ok(String command, String[] dataset) {
    return ok(command, dataset[0], dataset[1]);
  }

  private int execute(String... args) {
    CommandLine commandLine =
        JsonDedupCommand.commandLine(
            TestSpark::session,
            () ->
                new SparkSettings(
                    scala.collection.JavaConverters.mapAsJavaMap(
                        TestSpark.session().conf().getAll()),
                    TestSpark.session().sparkContext().hadoopConfiguration()));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
