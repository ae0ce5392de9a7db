package io.github.jsondedup.job;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static io.github.jsondedup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.ExpectedLogs;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.TestTables;
import io.github.jsondedup.config.ReadRetries;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.faults.Faults;
import io.github.jsondedup.faults.FaultyFileSystem;
import io.github.jsondedup.read.Unread;
import io.github.jsondedup.report.RunReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract rule 6, a failed read is not bad data: a file or folder the file system fails to give is
 * tried again, then left unread (not quarantined, not logged as read) and read by the next run; a
 * read that fails part-way and then works goes on where it stopped.
 */
class UnreadFilesTest {
  private static final String FAULTS = "reads the test's fault plan fails, tried again";
  private static final ReadRetries QUICK = new ReadRetries(3, 1, 0);

  private final SparkSession spark = TestSpark.session();

  @TempDir Path input;
  @TempDir Path output;
  @TempDir Path checkpoint;
  @TempDir Path warehouse;

  /** What one uninterrupted run of the same input, with no fault, stores. */
  @TempDir Path expected;

  @BeforeEach
  void writeInput() {
    write(input, "a.json", 0, document(records("a", 40)));
    write(input, "b.json", 1, document(records("b", 40)));
    write(input, "sub/c.json", 2, document(records("c", 40)));
    // The same key as in a.json, later, other data: a's record survives in an exact run.
    write(input, "sub/d.json", 3, document(record("a0", "later", "2019-04-23T10:00:00Z")));
  }

  @AfterEach
  void clearFaults() {
    Faults.clear();
  }

  @Test
  void aFileThatCannotBeOpenedFailsTheRunByDefaultAndIsReadOnceItCan() {
    Faults.always(Faults.Op.OPEN, "/b\\.json$", "Permission denied");

    assertThatThrownBy(() -> runIncremental(QUICK))
        .isInstanceOf(UnreadFilesException.class)
        .hasMessageContaining("b.json")
        .hasMessageContaining("Permission denied")
        .hasMessageContaining("nothing was stored");
    assertThat(output.resolve("date=2019-04-23")).doesNotExist();

    Faults.clear();
    List<RunReport> fixed = runIncremental(QUICK);

    assertThat(fixed.get(0).counts().files()).isEqualTo(4);
    assertThat(Datasets.storedRows(output)).isEqualTo(exactRows());
  }

  @Test
  void withMaxUnreadTheRestIsStoredAndTheUnreadFileIsPendingUntilRead() {
    Faults.always(Faults.Op.OPEN, "/b\\.json$", "Permission denied");

    RunReport first = runIncremental(QUICK.withMaxUnread(1)).get(0);

    assertThat(first.exitCode()).isEqualTo(UnreadFilesException.SOME_UNREAD_EXIT_CODE);
    assertThat(first.unread())
        .extracting(Unread::path)
        .singleElement()
        .asString()
        .endsWith("/b.json");
    assertThat(first.unread().get(0).cause()).contains("Permission denied");
    assertThat(first.counts().unreadFiles()).isEqualTo(1);
    assertThat(first.counts().files()).isEqualTo(3);
    assertThat(first.counts().quarantinedFiles()).as("not bad data").isZero();
    assertThat(first.counts().balanced()).isTrue();
    assertThat(first.files())
        .extracting(RunReport.FileRead::path)
        .noneMatch(p -> p.endsWith("b.json"));
    assertThat(first.audit()).as("nothing quarantined").containsOnlyKeys("conflicts");
    assertThat(first.counts().written()).isEqualTo(80);

    assertThat(
            CheckpointStatus.of(
                    spark.sparkContext().hadoopConfiguration(),
                    checkpoint.toString(),
                    List.of(FaultyFileSystem.uri(input)))
                .pending())
        .as("status: the unread file is pending")
        .extracting(file -> file.path().substring(file.path().lastIndexOf('/')))
        .containsExactly("/b.json");

    Faults.clear();
    List<RunReport> next = runIncremental(QUICK);

    assertThat(next)
        .singleElement()
        .satisfies(
            report -> {
              assertThat(report.counts().files())
                  .as("b.json alone: the rest is logged")
                  .isEqualTo(1);
              assertThat(report.counts().written()).isEqualTo(40);
              assertThat(report.exitCode()).isZero();
            });
    assertThat(Datasets.storedRows(output)).isEqualTo(exactRows());
    assertThat(runIncremental(QUICK)).as("nothing pending now").isEmpty();
  }

  @Test
  void aReadThatFailsPartWayAndThenWorksGoesOnWhereItStopped() {
    Faults.readInChunksOf(64);
    // The 5th and 6th reads of a.json fail: two tries fail, the third reads on.
    Faults.times(Faults.Op.READ, "/a\\.json$", 4, 2, "Connection reset");

    RunReport report = runFull(QUICK);

    assertThat(report.unread()).isEmpty();
    assertThat(report.counts().recordsRead()).isEqualTo(121);
    assertThat(Datasets.storedRows(output)).isEqualTo(exactRows());
  }

  @Test
  void aReadThatKeepsFailingPartWayStoresNoneOfTheFileAndTheNextRunReadsItWhole() {
    Faults.readInChunksOf(64);
    Faults.add(
        new Faults.Rule(
            Faults.Op.READ,
            java.util.regex.Pattern.compile("/a\\.json$"),
            6,
            -1,
            "Input/output error"));

    RunReport first = runIncremental(QUICK.withMaxUnread(1)).get(0);

    assertThat(first.unread())
        .extracting(Unread::path)
        .singleElement()
        .asString()
        .endsWith("/a.json");
    assertThat(first.counts().recordsRead()).as("none of a.json's").isEqualTo(81);
    assertThat(first.counts().balanced()).isTrue();
    // Without a.json, d.json's record of key a0 is the first seen.
    assertThat(Datasets.storedRows(output))
        .noneMatch(row -> row.startsWith("a") && !row.startsWith("a0|later"));

    Faults.clear();
    RunReport next = runIncremental(QUICK).get(0);

    assertThat(next.counts().files()).isEqualTo(1);
    assertThat(next.counts().written()).isEqualTo(39);
    assertThat(next.counts().conflicts()).as("a0 meets d.json's stored row").isEqualTo(1);
    assertThat(Datasets.storedRows(output)).hasSize(exactRows().size());
  }

  @Test
  void aFolderThatCannotBeListedIsUnreadLikeAFile() {
    Faults.always(Faults.Op.LIST, "/sub$", "Permission denied");

    assertThatThrownBy(() -> runFull(QUICK))
        .isInstanceOf(UnreadFilesException.class)
        .hasMessageContaining("/sub");

    RunReport partial = runIncremental(QUICK.withMaxUnread(1)).get(0);
    assertThat(partial.unread())
        .extracting(Unread::path)
        .singleElement()
        .asString()
        .endsWith("/sub");
    assertThat(partial.exitCode()).isEqualTo(UnreadFilesException.SOME_UNREAD_EXIT_CODE);

    Faults.clear();
    runIncremental(QUICK);
    // d.json came later than a.json in the exact run too: the same rows.
    assertThat(Datasets.storedRows(output)).isEqualTo(exactRows());
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aRunOverTwoLinksBackUpTheTreeEndsAndReadsEachRealFileOnce() throws Exception {
    java.nio.file.Files.createSymbolicLink(input.resolve("sub/up"), Path.of(".."));
    java.nio.file.Files.createDirectories(input.resolve("s2"));
    java.nio.file.Files.createSymbolicLink(input.resolve("s2/up"), Path.of(".."));

    RunReport report =
        new IngestJob(spark, RunSettings.of(List.of(input.toString()), output.toString())).run();

    assertThat(report.counts().files()).isEqualTo(4);
    assertThat(report.counts().recordsRead()).isEqualTo(121);
    assertThat(Datasets.storedRows(output)).isEqualTo(exactRows());
  }

  @Test
  void aTableRunLeavesTheUnreadFileForTheNextRunToo() {
    String table = TestTables.catalog(warehouse) + ".db.events";
    Faults.always(Faults.Op.OPEN, "/c\\.json$", "Permission denied");
    RunSettings settings =
        RunSettings.ofTable(List.of(FaultyFileSystem.uri(input)), table)
            .withReadRetries(QUICK.withMaxUnread(1))
            .withCheckpoint(checkpoint.toString(), Integer.MAX_VALUE, null);

    List<RunReport> first = new ArrayList<>();
    ExpectedLogs.run(FAULTS, () -> new IncrementalIngest(spark, settings).run(first::add));
    assertThat(first.get(0).unread()).hasSize(1);
    assertThat(TestTables.rows(table)).hasSize(80);

    Faults.clear();
    List<RunReport> next = new ArrayList<>();
    new IncrementalIngest(spark, settings).run(next::add);

    assertThat(next.get(0).counts().written()).isEqualTo(40);
    assertThat(TestTables.rows(table)).isEqualTo(exactRows());
  }

  private List<RunReport> runIncremental(ReadRetries retries) {
    List<RunReport> reports = new ArrayList<>();
    ExpectedLogs.run(
        FAULTS,
        () ->
            new IncrementalIngest(
                    spark,
                    RunSettings.of(List.of(FaultyFileSystem.uri(input)), output.toString())
                        .withReadRetries(retries)
                        .withCheckpoint(checkpoint.toString(), Integer.MAX_VALUE, null))
                .run(reports::add));
    return reports;
  }

  private RunReport runFull(ReadRetries retries) {
    return ExpectedLogs.during(
        FAULTS,
        () ->
            new IngestJob(
                    spark,
                    RunSettings.of(List.of(FaultyFileSystem.uri(input)), output.toString())
                        .withReadRetries(retries))
                .run());
  }

  private List<String> exactRows() {
    return Datasets.rowsOfALocalRun(input, expected);
  }

  private static String[] records(String prefix, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> record(prefix + i, prefix + "-data-" + i, "2019-04-23T10:00:00Z"))
        .toArray(String[]::new);
  }
}
