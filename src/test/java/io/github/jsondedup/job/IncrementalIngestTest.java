package io.github.jsondedup.job;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static io.github.jsondedup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.schema.Columns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalIngestTest {
  private final SparkSession spark = TestSpark.session();

  @TempDir Path input;
  @TempDir Path output;
  @TempDir Path checkpoint;

  @Test
  void filesAddedBetweenRunsAreIngestedAndOldOnesAreNotReadAgain() {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    assertThat(files(runIncremental(Integer.MAX_VALUE))).containsExactly(1L);
    write(input, "day2/b.json", 1, document(record("2", "B", "2019-04-24T10:00:00Z")));

    List<RunReport> second = runIncremental(Integer.MAX_VALUE);

    assertThat(files(second)).containsExactly(1L);
    assertThat(second.get(0).counts().written()).isEqualTo(1);
    assertThat(storedIds()).containsExactly("1", "2");
    assertThat(runIncremental(Integer.MAX_VALUE)).as("nothing new").isEmpty();
  }

  @Test
  void anOldFileDeliveredAgainUnderANewNameAddsNoRow() {
    String text =
        document(
            record("1", "A", "2019-04-23T10:00:00Z"), record("2", "B", "2019-04-23T11:00:00Z"));
    write(input, "a.json", 0, text);
    runIncremental(Integer.MAX_VALUE);
    write(input, "a-again.json", 100, text);

    RunCounts counts = runIncremental(Integer.MAX_VALUE).get(0).counts();

    assertThat(counts).isEqualTo(RunCounts.of().files(1).recordsRead(2).alreadyStored(2).build());
    assertThat(storedIds()).containsExactly("1", "2");
  }

  @Test
  void maxFilesPerBatchBoundsEachMicroBatch() {
    for (int file = 0; file < 3; file++) {
      write(
          input,
          "f" + file + ".json",
          file,
          document(record("id" + file, "x", "2019-04-23T10:00:00Z")));
    }

    List<RunReport> reports = runIncremental(1);

    assertThat(files(reports)).containsExactly(1L, 1L, 1L);
    assertThat(storedIds()).containsExactly("id0", "id1", "id2");
  }

  @Test
  void emptyFilesInABatchAreQuarantinedNotLost() {
    write(input, "good.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    write(input, "empty.json", 1, "");

    RunCounts counts = runIncremental(Integer.MAX_VALUE).get(0).counts();

    assertThat(counts.files()).isEqualTo(2);
    assertThat(counts.quarantinedFiles()).isEqualTo(1);
    assertThat(counts.written()).isEqualTo(1);
  }

  @Test
  void aFileMuchOlderThanTheNewestIsStillRead() {
    write(input, "new.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    runIncremental(Integer.MAX_VALUE);
    // As cp -p, rsync -a or a backfill leave it: a month older than the newest file seen.
    write(
        input,
        "backfill/old.json",
        -30 * 86_400,
        document(record("2", "B", "2019-04-24T10:00:00Z")));

    List<RunReport> reports = runIncremental(Integer.MAX_VALUE);

    assertThat(files(reports)).containsExactly(1L);
    assertThat(storedIds()).containsExactly("1", "2");
  }

  @Test
  void aFileCompletedInPlaceIsReadAgainAndOnlyItsNewRecordsLand() {
    String first = record("1", "A", "2019-04-23T10:00:00Z");
    String second = record("2", "B", "2019-04-23T11:00:00Z");
    String complete = document(first, second);
    write(input, "upload.json", 0, complete.substring(0, complete.indexOf(second) + 5));
    RunCounts partial = runIncremental(Integer.MAX_VALUE).get(0).counts();
    assertThat(partial.written()).isEqualTo(1);
    assertThat(partial.quarantinedFiles()).as("the broken tail").isEqualTo(1);

    write(input, "upload.json", 10, complete);
    RunCounts completed = runIncremental(Integer.MAX_VALUE).get(0).counts();

    assertThat(completed)
        .isEqualTo(RunCounts.of().files(1).recordsRead(2).written(1).alreadyStored(1).build());
    assertThat(storedIds()).containsExactly("1", "2");
    assertThat(runIncremental(Integer.MAX_VALUE)).as("unchanged since").isEmpty();
  }

  @Test
  void batchesTakeFilesInSurvivorOrderSoTheyKeepTheSurvivorOfOneRun() {
    // Path order and modification-time order disagree: the older file wins in either case.
    write(input, "a-newer.json", 20, document(record("1", "newer", "2019-04-23T10:00:00Z")));
    write(input, "b-older.json", 10, document(record("1", "older", "2019-04-23T10:00:00Z")));

    runIncremental(1);

    assertThat(
            spark.read().parquet(output.toString()).select(Columns.DATA).collectAsList().stream()
                .map(row -> row.getString(0))
                .toList())
        .containsExactly("older");
  }

  @Test
  void aCheckpointInsideTheInputIsRefused() {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));

    assertThatThrownBy(
            () ->
                new IncrementalIngest(
                        spark,
                        RunSettings.of(List.of(input.toString()), output.toString())
                            .withCheckpoint(input.resolve("checkpoint").toString(), 1, null))
                    .run(report -> {}))
        .isInstanceOf(InvalidSettingException.class)
        .hasFieldOrPropertyWithValue("setting", "checkpoint")
        .hasMessageContaining("overlaps the input");
  }

  @Test
  void aRunThatFailsBeforeItsFirstBatchIsInTheHistoryAsFailedWithItsCause() throws IOException {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    runIncremental(Integer.MAX_VALUE);
    write(input, "b.json", 1, document(record("2", "B", "2019-04-24T10:00:00Z")));
    // A log entry file cut short by hand, and its checksum gone with it.
    try (Stream<Path> entries = Files.list(checkpoint.resolve("files"))) {
      for (Path entry : entries.toList()) {
        if (entry.getFileName().toString().startsWith(".")) {
          Files.delete(entry);
        } else {
          Files.writeString(entry, "{not json\n", StandardOpenOption.APPEND);
        }
      }
    }

    assertThatThrownBy(() -> runIncremental(Integer.MAX_VALUE))
        .hasMessageContaining("Cannot read the file log entry");

    RunReport failed = history(output).get(0);
    assertThat(failed.status()).isEqualTo(RunReport.FAILED);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.failure())
        .startsWith("cannot read " + checkpoint.toUri().toString().replace("file:///", "file:/"))
        .contains("files/0.json")
        .contains("Unexpected character");
    assertThat(Datasets.historyText(output))
        .contains("  " + failed.runId() + " failed: " + failed.failure() + "\n");
    assertThat(history(output))
        .extracting(RunReport::status)
        .as("nothing left running")
        .containsExactly(RunReport.FAILED, RunReport.SUCCEEDED);
  }

  @Test
  void aCheckpointOfAnotherDatasetIsAUsageErrorThatLeavesNoReport(@TempDir Path other) {
    write(input, "a.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    runIncremental(Integer.MAX_VALUE);

    assertThatThrownBy(
            () ->
                new IncrementalIngest(
                        spark,
                        RunSettings.of(List.of(input.toString()), other.toString())
                            .withCheckpoint(checkpoint.toString(), 1, null))
                    .run(report -> {}))
        .isInstanceOf(InvalidSettingException.class);

    assertThat(other.resolve("_ingest/runs")).isEmptyDirectory();
  }

  private List<RunReport> runIncremental(int maxFilesPerBatch) {
    List<RunReport> reports = new java.util.ArrayList<>();
    new IncrementalIngest(
            spark,
            RunSettings.of(List.of(input.toString()), output.toString())
                .withCheckpoint(checkpoint.toString(), maxFilesPerBatch, null))
        .run(reports::add);
    return reports;
  }

  private static List<RunReport> history(Path dataset) {
    return Datasets.history(dataset).runs();
  }

  private static List<Long> files(List<RunReport> reports) {
    return reports.stream().map(report -> report.counts().files()).toList();
  }

  private List<String> storedIds() {
    return spark.read().parquet(output.toString()).select(Columns.ID).collectAsList().stream()
        .map(row -> row.getString(0))
        .sorted()
        .toList();
  }
}
