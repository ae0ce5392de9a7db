package io.github.jsondedup.job;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static io.github.jsondedup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.Fixtures;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.config.InvalidSettingException;
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
  private final SparkSession spark = TestSpark.session();

  @TempDir Path input;
  @TempDir Path output;
  @TempDir Path laterInput;

  @Test
  void ingestsTheBundledSampleIntoExactlyTheExpectedRows() {
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
    assertThat(report.counts()).isEqualTo(new RunCounts(5, 1, 14, 6, 3, 1, 0, 4));
    assertThat(report.partitions()).containsExactly("2019-04-23", "2019-04-24", "2019-04-25");
  }

  @Test
  void withoutAdaptiveExecutionTheShuffleRunsFirstAndARerunStillMeetsTheStoredRows() {
    Fixtures.copyDataSample(input);
    spark.conf().set("spark.sql.adaptive.enabled", false);
    try {
      RunReport first = run(input);
      RunReport again = run(input);

      assertThat(first.counts()).isEqualTo(new RunCounts(5, 1, 14, 6, 3, 1, 0, 4));
      assertThat(again.counts()).isEqualTo(new RunCounts(5, 1, 14, 0, 0, 1, 9, 4));
      assertThat(storedRows()).hasSize(6);
    } finally {
      spark.conf().unset("spark.sql.adaptive.enabled");
    }
  }

  @Test
  void outputHasTheContractColumnsAndMicrosecondUtcTimestamps() throws IOException {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T17:25:43.123456Z")));

    run(input);

    StructType schema = spark.read().parquet(output.toString()).schema();
    assertThat(schema.fields())
        .extracting(field -> field.name() + ":" + field.dataType().simpleString())
        .containsExactly("id:string", "data:string", "ts:timestamp", "date:date");
    MessageType parquet = parquetSchema(dataFiles().get(0));
    assertThat(parquet.getType("ts").toString())
        .isEqualTo("optional int64 ts (TIMESTAMP(MICROS,true))");
  }

  @Test
  void partitionsByTheUtcDateWhateverTheSessionTimeZone() {
    spark.conf().set("spark.sql.session.timeZone", "America/Los_Angeles");
    write(
        input,
        "a.json",
        0,
        document(
            record("late", "x", "2019-04-23T23:30:00-02:00"),
            record("early", "y", "2019-04-24T00:30:00+02:00")));

    run(input);

    assertThat(storedRows())
        .containsExactly(
            "early|y|2019-04-23T22:30:00Z|2019-04-23", "late|x|2019-04-24T01:30:00Z|2019-04-24");
    assertThat(partitionFolders()).containsExactly("date=2019-04-23", "date=2019-04-24");
  }

  @Test
  void olderFileWinsWhenKeysCollide() {
    write(input, "a-newer.json", 20, document(record("1", "newer", "2019-04-23T10:00:00Z")));
    write(input, "b-older.json", 10, document(record("1", "older", "2019-04-23T10:00:00Z")));

    RunReport report = run(input);

    assertThat(storedRows()).containsExactly("1|older|2019-04-23T10:00:00Z|2019-04-23");
    assertThat(report.counts().conflicts()).isEqualTo(1);
  }

  @Test
  void pathDecidesBetweenFilesWithTheSameModificationTime() {
    write(input, "b.json", 10, document(record("1", "from b", "2019-04-23T10:00:00Z")));
    write(input, "a.json", 10, document(record("1", "from a", "2019-04-23T10:00:00Z")));

    run(input);

    assertThat(storedRows()).containsExactly("1|from a|2019-04-23T10:00:00Z|2019-04-23");
  }

  @Test
  void earlierPositionInAFileWins() {
    write(
        input,
        "a.json",
        0,
        document(
            record("1", "first", "2019-04-23T10:00:00Z"),
            record("1", "second", "2019-04-23T10:00:00Z")));

    run(input);

    assertThat(storedRows()).containsExactly("1|first|2019-04-23T10:00:00Z|2019-04-23");
  }

  @Test
  void sameInstantWrittenWithAnOffsetIsTheSameKey() {
    write(
        input,
        "a.json",
        0,
        document(
            record("1", "A", "2019-04-23T17:25:43.111Z"),
            record("1", "A", "2019-04-23T17:25:43.111+00:00"),
            record("1", "A", "2019-04-23T19:25:43.111+02:00"),
            record("1", "A", "2019-04-23T17:25:43.112Z")));

    RunReport report = run(input);

    assertThat(report.counts().written()).isEqualTo(2);
    assertThat(report.counts().exactDuplicates()).isEqualTo(2);
  }

  @Test
  void sameIdWithAnotherTsIsNotADuplicateUnderTheDefaultKey() {
    write(
        input,
        "a.json",
        0,
        document(
            record("1", "A", "2019-04-23T10:00:00Z"), record("1", "A", "2019-04-24T10:00:00Z")));

    assertThat(run(input).counts().written()).isEqualTo(2);
  }

  @Test
  void keyOfIdAloneMakesRecordsWithOneIdDuplicates() {
    write(
        input,
        "a.json",
        0,
        document(
            record("1", "A", "2019-04-23T10:00:00Z"), record("1", "A", "2019-04-24T10:00:00Z")));

    RunReport report = run(List.of(input.toString()), List.of(Columns.ID));

    assertThat(storedRows()).containsExactly("1|A|2019-04-23T10:00:00Z|2019-04-23");
    // Another ts is another value: a conflict, not an exact duplicate.
    assertThat(report.counts().conflicts()).isEqualTo(1);
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
  void numericIdIsKeptAsItsTextAndUnknownFieldsAreIgnored() {
    write(
        input,
        "a.json",
        0,
        "{\"records\": [{\"id\": 10101, \"ts\": \"2019-04-23T10:00:00Z\", \"extra\": [1, 2]}],"
            + " \"producer\": \"x\"}");

    run(input);

    assertThat(storedRows()).containsExactly("10101|null|2019-04-23T10:00:00Z|2019-04-23");
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
  void badRecordsAreRejectedWithReasonFileAndPositionWhileGoodOnesLand() {
    Path file =
        write(
            input,
            "mixed.json",
            0,
            document(
                record("good", "A", "2019-04-23T10:00:00Z"),
                record(null, "B", "2019-04-23T10:00:00Z"),
                record("no-ts", "C", null),
                record("bad-ts", "D", "2019-04-23 10:00"),
                record("no-zone", "E", "2019-04-23T10:00:00"),
                record("seven-digits", "F", "2019-04-23T10:00:00.1234567Z"),
                record("year-zero", "G", "0000-04-23T10:00:00Z"),
                record("", "H", "2019-04-23T10:00:00Z")));

    RunReport report = run(input);

    assertThat(storedRows()).containsExactly("good|A|2019-04-23T10:00:00Z|2019-04-23");
    assertThat(report.counts().rejected()).isEqualTo(7);
    assertThat(Datasets.auditRows(report, "rejected", "source_position", "reason", "source_file"))
        .containsExactly(
            "1|" + Reasons.MISSING_ID + "|" + sparkPath(file),
            "2|" + Reasons.MISSING_TS + "|" + sparkPath(file),
            "3|" + Reasons.UNPARSABLE_TS + "|" + sparkPath(file),
            "4|" + Reasons.UNPARSABLE_TS + "|" + sparkPath(file),
            "5|" + Reasons.UNPARSABLE_TS + "|" + sparkPath(file),
            "6|" + Reasons.TS_OUT_OF_RANGE + "|" + sparkPath(file),
            "7|" + Reasons.EMPTY_ID + "|" + sparkPath(file));
  }

  @Test
  void timestampsOnlySpark2WouldHaveReadAreRejectedNotFatal() {
    write(
        input,
        "a.json",
        0,
        document(
            record("good", "A", "2019-04-23T10:00:00Z"),
            record("one-digit-month", "B", "2019-4-23T10:00:00Z")));

    RunReport report = run(input);

    assertThat(report.counts().written()).isEqualTo(1);
    assertThat(report.counts().rejected()).isEqualTo(1);
  }

  @Test
  void aClusterInAnsiModeStillRejectsBadRecordsInsteadOfFailing() {
    spark.conf().set("spark.sql.ansi.enabled", true);
    try {
      write(
          input,
          "a.json",
          0,
          document(record("good", "A", "2019-04-23T10:00:00Z"), record("bad", "B", "never")));

      RunReport report = run(input);

      assertThat(report.counts().rejected()).isEqualTo(1);
      assertThat(storedRows()).containsExactly("good|A|2019-04-23T10:00:00Z|2019-04-23");
    } finally {
      spark.conf().unset("spark.sql.ansi.enabled");
    }
  }

  @Test
  void rejectedRecordsKeepTheirOriginalText() {
    write(input, "a.json", 0, document(record("1", "payload", "yesterday")));

    RunReport report = run(input);

    assertThat(Datasets.auditRows(report, "rejected", "id", "data", "ts"))
        .containsExactly("1|payload|yesterday");
  }

  @Test
  void underSparksReaderUnreadableFilesAreQuarantinedWholeAndTheRestOfTheRunProceeds() {
    write(input, "good.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    write(input, "not-json.json", 1, "id,data,ts\n1,A,2019-04-23T10:00:00Z\n");
    write(input, "truncated.json", 2, "{\"records\": [{\"id\": \"2\", \"ts");
    write(input, "no-records.json", 3, "{\"rows\": []}");
    write(input, "records-is-a-string.json", 4, "{\"records\": \"abc\"}");
    write(input, "empty.json", 5, "");
    write(input, "blank.json", 6, "  \n\t \n");
    write(input, "no-records-yet.json", 7, "{\"records\": []}");

    RunReport report = run(input, ReaderKind.SPARK_JSON);

    assertThat(storedRows()).containsExactly("1|A|2019-04-23T10:00:00Z|2019-04-23");
    assertThat(report.counts()).isEqualTo(new RunCounts(8, 6, 1, 1, 0, 0, 0, 0));
    assertThat(Datasets.auditRows(report, "quarantined", "source_file", "reason"))
        .containsExactly(
            sparkPath(input.resolve("blank.json")) + "|" + Reasons.EMPTY_FILE,
            sparkPath(input.resolve("empty.json")) + "|" + Reasons.EMPTY_FILE,
            sparkPath(input.resolve("no-records.json")) + "|" + Reasons.NO_RECORDS_ARRAY,
            sparkPath(input.resolve("not-json.json"))
                + "|"
                + Reasons.brokenOff(
                    "invalid JSON at line 1, column 4: Unrecognized token 'id': was expecting (JSON"
                        + " String, Number, Array, Object or token 'null', 'true' or 'false')",
                    0),
            sparkPath(input.resolve("records-is-a-string.json")) + "|" + Reasons.UNREADABLE,
            sparkPath(input.resolve("truncated.json"))
                + "|"
                + Reasons.brokenOff("the file ends in the middle of the document", 0));
  }

  @Test
  void underSparksReaderWhatItWouldMisreadIsRejectedOrQuarantinedWithTheStreamingReason() {
    String good = record("1", "A", "2019-04-23T10:00:00Z");
    write(input, "twice.json", 0, "{\"records\": [" + good + "], \"records\": []}");
    write(input, "trailing.json", 1, document(good) + "{\"records\": []}");
    write(
        input,
        "records.json",
        2,
        document(
            "{\"id\": 1e3, \"data\": 1.50, \"ts\": \"2019-04-23T10:00:00Z\"}",
            "{\"id\": true, \"ts\": \"2019-04-23T10:00:00Z\"}",
            "{\"id\": \"x\\ud800\", \"ts\": \"2019-04-23T10:00:00Z\"}",
            "{\"id\": \"2\", \"data\": \"a\", \"data\": \"b\", \"ts\": \"2019-04-23T10:00:00Z\"}"));

    byte[] invalidUtf8 = document(good).replace("\"A\"", "\"A@\"").getBytes(StandardCharsets.UTF_8);
    invalidUtf8[new String(invalidUtf8, StandardCharsets.UTF_8).indexOf('@')] = (byte) 0xC3;
    write(input, "invalid-utf8.json", 3, invalidUtf8);

    RunReport report = run(input, ReaderKind.SPARK_JSON);

    assertThat(storedRows()).containsExactly("1000.0|1.5|2019-04-23T10:00:00Z|2019-04-23");
    assertThat(report.counts()).isEqualTo(new RunCounts(4, 3, 4, 1, 0, 0, 0, 3));
    assertThat(Datasets.auditRows(report, "rejected", "source_position", "reason"))
        .containsExactly(
            "1|" + Reasons.ID_NOT_TEXT,
            "2|" + Reasons.LONE_SURROGATE,
            "3|" + Reasons.duplicateField("data"));
    assertThat(Datasets.auditRows(report, "quarantined", "reason"))
        .hasSize(3)
        .anyMatch(reason -> reason.startsWith(Reasons.RECORDS_TWICE))
        .anyMatch(reason -> reason.startsWith("unexpected content after the end of the document"))
        .anyMatch(reason -> reason.contains("Invalid UTF-8"));
  }

  @Test
  void aClustersLegacyTimeParserDoesNotLetAnImpossibleDateThrough() {
    // The legacy parser is lenient: it reads February 30th as March 2nd.
    spark.conf().set("spark.sql.legacy.timeParserPolicy", "LEGACY");
    write(
        input,
        "a.json",
        0,
        document(
            record("1", "A", "2019-02-30T10:00:00Z"), record("2", "B", "2019-03-02T10:00:00Z")));

    RunReport report = run(input, ReaderKind.SPARK_JSON);

    assertThat(storedRows()).containsExactly("2|B|2019-03-02T10:00:00Z|2019-03-02");
    assertThat(Datasets.auditRows(report, "rejected", "reason"))
        .containsExactly(Reasons.UNPARSABLE_TS);
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
    assertThat(counts).isEqualTo(new RunCounts(2, 0, 5, 1, 2, 1, 0, 1));
  }

  @Test
  void conflictsAreKeptWithBothSources() {
    Path older = write(input, "a.json", 0, document(record("1", "kept", "2019-04-23T10:00:00Z")));
    Path newer =
        write(
            input,
            "b.json",
            1,
            document(
                record("0", "x", "2019-04-23T09:00:00Z"),
                record("1", "other", "2019-04-23T10:00:00Z")));

    RunReport report = run(input);

    Row conflict = spark.read().json(report.audit().get("conflicts")).first();
    assertThat(conflict.<String>getAs("id")).isEqualTo("1");
    assertThat(conflict.<String>getAs("data")).isEqualTo("other");
    assertThat(conflict.<String>getAs("source_file")).isEqualTo(sparkPath(newer));
    assertThat(conflict.<Long>getAs("source_position")).isEqualTo(1L);
    Row survivor = conflict.getAs("survivor");
    assertThat(survivor.<String>getAs("source_file")).isEqualTo(sparkPath(older));
    assertThat(survivor.<Long>getAs("source_position")).isEqualTo(0L);
    assertThat(survivor.<String>getAs("data")).isEqualTo("kept");
  }

  @Test
  void rerunningOverTheSameInputAddsNothingAndRewritesNothing() throws IOException {
    Fixtures.copyDataSample(input);
    run(input);
    Map<Path, Long> filesAfterFirstRun = modificationTimes(dataFiles());

    RunReport second = run(input);

    assertThat(modificationTimes(dataFiles())).isEqualTo(filesAfterFirstRun);
    assertThat(second.counts().written()).isZero();
    // The sample's 6 survivors and 3 exact duplicates are copies of stored rows; its conflict
    // conflicts with the stored row as it did with the batch's survivor.
    assertThat(second.counts().alreadyStored()).isEqualTo(9);
    assertThat(second.counts().conflicts()).isEqualTo(1);
    assertThat(second.partitions()).isEmpty();
  }

  @Test
  void storedRowBeatsANewerRecordWithItsKey() {
    write(input, "a.json", 0, document(record("1", "stored", "2019-04-23T10:00:00Z")));
    run(input);
    write(
        input,
        "b.json",
        1,
        document(
            record("1", "late", "2019-04-23T10:00:00Z"),
            record("2", "new", "2019-04-24T10:00:00Z")));

    RunReport second = run(input);

    assertThat(storedRows())
        .containsExactly(
            "1|stored|2019-04-23T10:00:00Z|2019-04-23", "2|new|2019-04-24T10:00:00Z|2019-04-24");
    // a.json's record is already stored exactly; b.json's conflicts with the stored row.
    assertThat(second.counts()).isEqualTo(new RunCounts(2, 0, 3, 1, 0, 1, 1, 0));
  }

  @Test
  void aNewRecordMeetingAStoredRowWithOtherDataIsAConflictAuditedWithTheStoredRow()
      throws IOException {
    write(input, "a.json", 0, document(record("1", "stored", "2019-04-23T10:00:00Z")));
    run(input);
    Path stored = dataFiles().get(0);
    Path newer =
        write(laterInput, "b.json", 5, document(record("1", "other", "2019-04-23T10:00:00Z")));

    RunReport second = run(laterInput);

    assertThat(second.counts()).isEqualTo(new RunCounts(1, 0, 1, 0, 0, 1, 0, 0));
    Row conflict = spark.read().json(second.audit().get("conflicts")).first();
    assertThat(conflict.<String>getAs("data")).isEqualTo("other");
    assertThat(conflict.<String>getAs("source_file")).isEqualTo(sparkPath(newer));
    Row survivor = conflict.getAs("survivor");
    assertThat(survivor.<String>getAs("data")).isEqualTo("stored");
    assertThat(survivor.<String>getAs("source_file")).isEqualTo(sparkPath(stored));
    assertThat(storedRows()).containsExactly("1|stored|2019-04-23T10:00:00Z|2019-04-23");
  }

  @Test
  void recordsOfAStoredKeyAreRuledAgainstTheStoredRowNotAgainstEachOther() {
    write(input, "a.json", 0, document(record("1", "stored", "2019-04-23T10:00:00Z")));
    run(input);
    // In the second batch "other" comes first and would be the batch's survivor; the stored row
    // is the real one, so "other" is a conflict and the later "stored" an exact duplicate of it.
    write(
        input,
        "b.json",
        5,
        document(
            record("1", "other", "2019-04-23T10:00:00Z"),
            record("1", "stored", "2019-04-23T10:00:00Z")));

    RunCounts counts = run(input).counts();

    assertThat(counts.conflicts()).isEqualTo(1);
    assertThat(counts.alreadyStored()).as("a.json's record and b.json's copy").isEqualTo(2);
    assertThat(counts.exactDuplicates()).isZero();
  }

  @Test
  void filesAKilledRunNeverCommittedAreRemovedNotCommittedWithTheNextRun() {
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

    run(input);

    assertThat(storedRows()).containsExactly("1|A|2019-04-23T10:00:00Z|2019-04-23");
    assertThat(output.resolve("_temporary")).doesNotExist();
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
  void writesTheRunReportAsJsonBesideTheDataset() {
    Fixtures.copyDataSample(input);

    RunReport report = run(input);

    RunReport stored =
        ReportWriter.read(
            new OutputLayout(new org.apache.hadoop.fs.Path(report.output())).report(report.runId()),
            new Configuration());
    assertThat(stored).isEqualTo(report);
    assertThat(stored.runId()).matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
    assertThat(stored.inputs()).containsExactly(input.toString());
    assertThat(stored.timingsMillis()).containsKeys("list", "read", "dedupe_and_write", "total");
    assertThat(spark.read().parquet(output.toString()).columns())
        .containsExactly("id", "data", "ts", "date");
  }

  @Test
  void refusesAnOutputInsideAnInput() {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));

    assertThatThrownBy(
            () ->
                new IngestJob(
                        spark,
                        RunSettings.of(
                                List.of(input.toString()), input.resolve("dataset").toString())
                            .withKey(Columns.DEFAULT_KEY))
                    .run())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("overlaps the input");
  }

  private RunReport run(Path in) {
    return run(List.of(in.toString()), Columns.DEFAULT_KEY);
  }

  private RunReport run(Path in, ReaderKind reader) {
    return new IngestJob(
            spark,
            RunSettings.of(List.of(in.toString()), output.toString())
                .withKey(Columns.DEFAULT_KEY)
                .withReader(reader))
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
