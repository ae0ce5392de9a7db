package io.github.jsondedup.job;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static io.github.jsondedup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.ExpectedLogs;
import io.github.jsondedup.Fixtures;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.config.ReaderKind;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.report.ReportWriter;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.Reasons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJobTest {
  /** What a first run of the bundled sample counts. */
  private static final RunCounts SAMPLE_COUNTS =
      RunCounts.of()
          .files(5)
          .quarantinedFiles(1)
          .recordsRead(14)
          .written(6)
          .exactDuplicates(3)
          .conflicts(1)
          .rejected(4)
          .build();

  private final SparkSession spark = TestSpark.session();

  @TempDir Path input;
  @TempDir Path output;
  @TempDir Path laterInput;

  @Test
  void theBundledSampleGivesTheExpectedRowsAuditAndReport() throws IOException {
    Fixtures.copyDataSample(input);

    RunReport report = run(input);

    assertThat(storedRows())
        .containsExactly(
            "10101|ABC|2019-04-23T17:25:43.111Z|2019-04-23",
            "10102|XYZ|2019-04-23T18:20:32.876Z|2019-04-23",
            "10103|DEF|2019-04-24T08:00:00Z|2019-04-24",
            "10104|GHI|2019-04-25T01:30:00.500Z|2019-04-25",
            "10105|JKL|2019-04-24T09:15:00.123456Z|2019-04-24",
            "10109|null|2019-04-24T03:48:00Z|2019-04-24");
    assertThat(report.counts()).isEqualTo(SAMPLE_COUNTS);
    assertThat(report.partitions()).containsExactly("2019-04-23", "2019-04-24", "2019-04-25");
    assertThat(partitionFolders())
        .containsExactly("date=2019-04-23", "date=2019-04-24", "date=2019-04-25");

    // Rule 8: the contract's columns, microsecond UTC timestamps in Parquet.
    StructType schema = spark.read().parquet(output.toString()).schema();
    assertThat(schema.fields())
        .extracting(field -> field.name() + ":" + field.dataType().simpleString())
        .containsExactly("id:string", "data:string", "ts:timestamp", "date:date");
    assertThat(parquetSchema(dataFiles().get(0)).getType("ts").toString())
        .isEqualTo("optional int64 ts (TIMESTAMP(MICROS,true))");

    // Rules 6 and 7: what needs a person's eyes is kept, with where it came from.
    String bad = sparkPath(input.resolve("bad/04-bad-records.json"));
    assertThat(
            Datasets.auditRows(
                report, "rejected", "source_file", "source_position", "reason", "ts"))
        .containsExactly(
            bad + "|1|" + Reasons.MISSING_ID + "|2019-04-24T09:16:00Z",
            bad + "|2|" + Reasons.MISSING_TS + "|null",
            bad + "|3|" + Reasons.UNPARSABLE_TS + "|yesterday",
            bad + "|4|" + Reasons.UNPARSABLE_TS + "|2019-04-24T09:17:00");
    assertThat(Datasets.auditRows(report, "quarantined", "source_file"))
        .containsExactly(sparkPath(input.resolve("bad/05-not-json.json")));
    Row conflict = spark.read().json(report.audit().get("conflicts")).first();
    assertThat(conflict.<String>getAs("data")).isEqualTo("ABD");
    assertThat(conflict.<String>getAs("source_file"))
        .isEqualTo(sparkPath(input.resolve("2019-04-24/03-conflicting-data.json")));
    Row survivor = conflict.getAs("survivor");
    assertThat(survivor.<String>getAs("data")).isEqualTo("ABC");
    assertThat(survivor.<String>getAs("source_file"))
        .isEqualTo(sparkPath(input.resolve("2019-04-23/01-problem-statement.json")));
    assertThat(survivor.<Long>getAs("source_position")).isZero();

    // Rule 9: the report, as JSON beside the dataset.
    RunReport stored =
        ReportWriter.read(
            new OutputLayout(new org.apache.hadoop.fs.Path(report.output())).report(report.runId()),
            new Configuration());
    assertThat(stored).isEqualTo(report);
    assertThat(stored.runId()).matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
    assertThat(stored.inputs()).containsExactly(input.toString());
    assertThat(stored.timingsMillis()).containsKeys("list", "read", "dedupe_and_write", "total");
    // Each file: records read, rejected, written, quarantined.
    assertThat(stored.files())
        .extracting(
            file ->
                input.relativize(Path.of(java.net.URI.create(file.path())))
                    + " "
                    + file.records()
                    + " "
                    + file.rejected()
                    + " "
                    + file.written()
                    + " "
                    + file.quarantined())
        .containsExactly(
            "2019-04-23/01-problem-statement.json 2 0 2 false",
            "2019-04-23/02-problem-statement-redelivered.json 2 0 0 false",
            "2019-04-24/03-conflicting-data.json 4 0 2 false",
            "bad/04-bad-records.json 6 4 2 false",
            "bad/05-not-json.json 0 0 0 true");
  }

  @Test
  void aRerunAddsNothingAndRewritesNothingEvenWithoutAdaptiveExecution() throws Exception {
    // Without AQE nothing runs the read's shuffle early: the job must, to learn the batch's dates
    // before it reads the stored rows of those dates.
    Fixtures.copyDataSample(input);
    TestSpark.withSettings(
        Map.of("spark.sql.adaptive.enabled", "false"),
        () -> {
          RunReport first = run(input);
          Map<Path, Long> filesAfterFirstRun = modificationTimes(dataFiles());

          RunReport again = run(input);

          assertThat(first.counts()).isEqualTo(SAMPLE_COUNTS);
          // The sample's 6 survivors and 3 exact duplicates are copies of stored rows; its conflict
          // conflicts with the stored row as it did with the batch's survivor.
          assertThat(again.counts())
              .isEqualTo(
                  RunCounts.of()
                      .files(5)
                      .quarantinedFiles(1)
                      .recordsRead(14)
                      .conflicts(1)
                      .alreadyStored(9)
                      .rejected(4)
                      .build());
          assertThat(again.partitions()).isEmpty();
          assertThat(modificationTimes(dataFiles())).isEqualTo(filesAfterFirstRun);
          assertThat(storedRows()).hasSize(6);
        });
  }

  @Test
  void aClustersOwnDefaultsDoNotChangeWhatIsStored() throws Exception {
    // A session zone far from UTC, and the legacy time parser, which is lenient: it reads
    // February 30th as March 2nd. The job sets what the contract needs over both, on its own
    // session: the caller's keeps them.
    write(
        input,
        "a.json",
        0,
        document(
            record("late", "x", "2019-04-23T23:30:00-02:00"),
            record("early", "y", "2019-04-24T00:30:00+02:00"),
            record("impossible", "z", "2019-02-30T10:00:00Z")));
    Map<String, String> clusterDefaults =
        Map.of(
            "spark.sql.session.timeZone",
            "America/Los_Angeles",
            "spark.sql.legacy.timeParserPolicy",
            "LEGACY");
    List<RunReport> reports = new ArrayList<>();

    TestSpark.withSettings(
        clusterDefaults,
        () -> {
          reports.add(run(input, ReaderKind.SPARK_JSON));
          assertThat(spark.conf().get("spark.sql.session.timeZone"))
              .as("the caller's session, after the run")
              .isEqualTo("America/Los_Angeles");
        });

    assertThat(storedRows())
        .containsExactly(
            "early|y|2019-04-23T22:30:00Z|2019-04-23", "late|x|2019-04-24T01:30:00Z|2019-04-24");
    assertThat(partitionFolders()).containsExactly("date=2019-04-23", "date=2019-04-24");
    assertThat(Datasets.auditRows(reports.get(0), "rejected", "reason"))
        .containsExactly(Reasons.UNPARSABLE_TS);
  }

  @Test
  void aBatchOfOnlyEmptyFilesMeetsTheWholeStoredDatasetUnderAKeyWithoutTs() {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    run(List.of(input.toString()), List.of(Columns.ID));
    write(laterInput, "nothing.json", 1, "");

    RunReport report = run(List.of(laterInput.toString()), List.of(Columns.ID));

    assertThat(report.counts().recordsRead()).isZero();
    assertThat(report.counts().quarantinedFiles()).isEqualTo(1);
    assertThat(storedRows()).containsExactly("1|A|2019-04-23T10:00:00Z|2019-04-23");
  }

  @Test
  void readsFilesRecursivelyAndDecompressesByExtension() throws IOException {
    write(input, "day1/a.json", 0, document(record("1", "plain", "2019-04-23T10:00:00Z")));
    write(
        input,
        "day2/deeper/b.json.gz",
        1,
        Fixtures.gzip(
            document(record("2", "gz", "2019-04-23T11:00:00Z")).getBytes(StandardCharsets.UTF_8)));
    write(input, "_staging/c.json", 2, document(record("3", "hidden", "2019-04-23T12:00:00Z")));
    write(input, ".d.json", 3, document(record("4", "hidden", "2019-04-23T13:00:00Z")));

    RunReport report = run(input);

    assertThat(storedRows())
        .containsExactly(
            "1|plain|2019-04-23T10:00:00Z|2019-04-23", "2|gz|2019-04-23T11:00:00Z|2019-04-23");
    assertThat(report.counts().files()).isEqualTo(2);
  }

  @Test
  void underSparksReaderAFileThatGivesNoRowIsQuarantinedAsEmpty() {
    write(input, "good.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    write(input, "blank.json", 1, "  \n\t \n");

    RunReport report = run(input, ReaderKind.SPARK_JSON);

    assertThat(report.counts())
        .isEqualTo(RunCounts.of().files(2).quarantinedFiles(1).recordsRead(1).written(1).build());
    assertThat(Datasets.auditRows(report, "quarantined", "source_file", "reason"))
        .containsExactly(sparkPath(input.resolve("blank.json")) + "|" + Reasons.EMPTY_FILE);
  }

  @Test
  void everyRecordReadIsAccountedFor() {
    write(
        input,
        "a.json",
        0,
        document(
            record("1", "A", "2019-04-23T10:00:00Z"),
            record("1", "A", "2019-04-23T10:00:00Z"),
            record("1", "B", "2019-04-23T10:00:00Z"),
            record("2", "A", "nope")));
    write(input, "b.json", 1, document(record("1", "A", "2019-04-23T10:00:00Z")));

    RunCounts counts = run(input).counts();

    assertThat(counts.recordsRead()).isEqualTo(5);
    assertThat(counts.recordsRead())
        .isEqualTo(counts.written() + counts.duplicates() + counts.rejected());
    assertThat(counts)
        .isEqualTo(
            RunCounts.of()
                .files(2)
                .recordsRead(5)
                .written(1)
                .exactDuplicates(2)
                .conflicts(1)
                .rejected(1)
                .build());
  }

  @Test
  void filesAKilledRunNeverCommittedAreRemovedNotCommittedWithTheNextRun() throws Exception {
    // What a run killed after its tasks committed leaves: Hadoop's committer would move these
    // files into the dataset at the next run's job commit, beside that run's own copy of the rows.
    Dataset<Row> deadRunRows =
        spark
            .sql("SELECT '1' AS id, 'A' AS data, TIMESTAMP'2019-04-23 10:00:00' AS ts")
            .selectExpr("id", "data", "ts");
    deadRunRows
        .write()
        .parquet(
            output
                .resolve("_temporary/0/task_202604230000_0001_m_000000/date=2019-04-23")
                .toString());
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));

    RunReport report = ExpectedLogs.during("a killed run's files removed", () -> run(input));

    assertThat(storedRows()).containsExactly("1|A|2019-04-23T10:00:00Z|2019-04-23");
    assertThat(output.resolve("_temporary")).doesNotExist();
    assertThat(report.recovery())
        .containsExactly(
            "removed file:"
                + output.resolve("_temporary")
                + ", left uncommitted by an interrupted run");
  }

  @Test
  void aRunThatTakesOverADeadRunsLockSaysSoInItsReport() throws IOException {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    write(output, "_ingest/lock", 0, "owner=dead-run\nhost=elsewhere\npid=1\n");
    Files.setLastModifiedTime(
        output.resolve("_ingest/lock"),
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(600)));

    RunReport report = ExpectedLogs.during("a dead run's lock taken over", () -> run(input));

    assertThat(report.recovery())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith(
            "took over the lock file:" + output.resolve("_ingest/lock") + " of run dead-run")
        .endsWith(": that run is dead");
    assertThat(storedRows()).containsExactly("1|A|2019-04-23T10:00:00Z|2019-04-23");
  }

  @Test
  void aRunOnAnOutputAnotherRunIsWritingIsRefusedAndChangesNothing() throws IOException {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    write(output, "_ingest/lock", 0, "owner=other-run\nhost=elsewhere\npid=1\n");
    Files.setLastModifiedTime(
        output.resolve("_ingest/lock"),
        java.nio.file.attribute.FileTime.from(java.time.Instant.now()));

    assertThatThrownBy(() -> run(input))
        .isInstanceOf(io.github.jsondedup.output.OutputLockedException.class)
        .hasMessageContaining("other-run");
    assertThat(partitionFolders()).isEmpty();
    assertThat(output.resolve("_ingest/runs")).doesNotExist();
  }

  @Test
  void twoRunsStartedAtOnceLeaveTheDatasetOfOneRun() throws Exception {
    Fixtures.copyDataSample(input);
    java.util.concurrent.Callable<RunReport> waitingRun =
        () -> {
          RunSettings settings = RunSettings.of(List.of(input.toString()), output.toString());
          return new IngestJob(spark, settings.withLock(Duration.ofMinutes(2), settings.lockTtl()))
              .run();
        };
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = pool.submit(waitingRun);
      var second = pool.submit(waitingRun);

      List<RunCounts> counts = List.of(first.get().counts(), second.get().counts());

      assertThat(counts).extracting(RunCounts::written).containsExactlyInAnyOrder(6L, 0L);
      assertThat(counts).extracting(RunCounts::alreadyStored).containsExactlyInAnyOrder(0L, 9L);
      assertThat(storedRows()).hasSize(6).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void eachRunAddsOneFilePerDateItTouchesHoweverManyInputFiles() throws IOException {
    for (int file = 0; file < 40; file++) {
      write(
          input,
          "f" + file + ".json",
          file,
          document(
              record("a" + file, "x", "2019-04-23T10:00:00Z"),
              record("b" + file, "x", "2019-04-24T10:00:00Z")));
    }

    run(input);

    assertThat(dataFiles()).hasSize(2);
  }

  @Test
  void aBatchOverMoreDatesThanATaskCouldKeepFilesOpenForStillWritesOneFilePerDate()
      throws IOException {
    // Two records a day over 300 days: a task holds far more than the 64 dates it could write
    // side by side, and each date's second record comes long after its first in key order.
    List<String> records = new ArrayList<>();
    LocalDate first = LocalDate.parse("2019-01-01");
    for (int day = 0; day < 300; day++) {
      for (String id : List.of("a", "b")) {
        records.add(record(id + day, "x", first.plusDays(day) + "T10:00:00Z"));
      }
    }
    write(input, "backfill.json", 0, document(records.toArray(String[]::new)));

    run(input);
    RunReport rerun = run(input);

    assertThat(dataFiles()).hasSize(300);
    assertThat(partitionFolders()).hasSize(300);
    assertThat(storedRows()).hasSize(600);
    assertThat(rerun.counts().written()).isZero();
    assertThat(rerun.counts().alreadyStored()).isEqualTo(600);
  }

  private RunReport run(Path in) {
    return run(List.of(in.toString()), Columns.DEFAULT_KEY);
  }

  private RunReport run(Path in, ReaderKind reader) {
    return new IngestJob(
            spark, RunSettings.of(List.of(in.toString()), output.toString()).withReader(reader))
        .run();
  }

  private RunReport run(List<String> inputs, List<String> key) {
    return new IngestJob(spark, RunSettings.of(inputs, output.toString()).withKey(key)).run();
  }

  private List<String> storedRows() {
    return Datasets.storedRows(output);
  }

  private List<Path> dataFiles() throws IOException {
    try (Stream<Path> files = Files.walk(output)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .sorted()
          .toList();
    }
  }

  private List<String> partitionFolders() {
    try (Stream<Path> children = Files.list(output)) {
      return children
          .map(child -> child.getFileName().toString())
          .filter(name -> name.startsWith("date="))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A local file as Spark names it in {@code _metadata.file_path}. */
  private static String sparkPath(Path file) {
    return "file:" + file.toAbsolutePath();
  }

  private static Map<Path, Long> modificationTimes(List<Path> files) {
    return files.stream()
        .collect(Collectors.toMap(file -> file, file -> file.toFile().lastModified()));
  }

  private static MessageType parquetSchema(Path file) throws IOException {
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(sparkPath(file)), new Configuration()))) {
      return reader.getFooter().getFileMetaData().getSchema();
    }
  }
}
