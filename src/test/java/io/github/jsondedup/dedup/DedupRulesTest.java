package io.github.jsondedup.dedup;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.InMemoryBatch;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dedup's rules (contract rules 3, 4 and 7) on batches held in memory: which record survives,
 * what a duplicate and a conflict are, and how stored rows win. Each case is one Spark job of the
 * reader and one of the scan, with no write.
 */
class DedupRulesTest {
  private static final List<String> ID_AND_TS = Columns.DEFAULT_KEY;

  private final InMemoryBatch batch = new InMemoryBatch();

  @Test
  void olderFileWinsWhenKeysCollide() {
    batch
        .file("a-newer.json", 20, document(record("1", "newer", "2019-04-23T10:00:00Z")))
        .file("b-older.json", 10, document(record("1", "older", "2019-04-23T10:00:00Z")));

    assertThat(batch.written(ID_AND_TS)).containsExactly("1|older|2019-04-23T10:00:00Z|2019-04-23");
    assertThat(statuses()).containsExactly("1|newer|conflict", "1|older|written");
  }

  @Test
  void pathDecidesBetweenFilesWithTheSameModificationTime() {
    batch
        .file("b.json", 10, document(record("1", "from b", "2019-04-23T10:00:00Z")))
        .file("a.json", 10, document(record("1", "from a", "2019-04-23T10:00:00Z")));

    assertThat(batch.written(ID_AND_TS))
        .containsExactly("1|from a|2019-04-23T10:00:00Z|2019-04-23");
  }

  @Test
  void earlierPositionInAFileWins() {
    batch.file(
        "a.json",
        0,
        document(
            record("1", "first", "2019-04-23T10:00:00Z"),
            record("1", "second", "2019-04-23T10:00:00Z")));

    assertThat(batch.written(ID_AND_TS)).containsExactly("1|first|2019-04-23T10:00:00Z|2019-04-23");
  }

  @Test
  void sameInstantWrittenWithAnOffsetIsTheSameKey() {
    batch.file(
        "a.json",
        0,
        document(
            record("1", "A", "2019-04-23T17:25:43.111Z"),
            record("1", "A", "2019-04-23T17:25:43.111+00:00"),
            record("1", "A", "2019-04-23T19:25:43.111+02:00"),
            record("1", "A", "2019-04-23T17:25:43.112Z")));

    assertThat(statuses())
        .containsExactly("1|A|duplicate", "1|A|duplicate", "1|A|written", "1|A|written");
    assertThat(batch.written(ID_AND_TS))
        .containsExactly(
            "1|A|2019-04-23T17:25:43.111Z|2019-04-23", "1|A|2019-04-23T17:25:43.112Z|2019-04-23");
  }

  @Test
  void sameIdWithAnotherTsIsNotADuplicateUnderTheDefaultKey() {
    batch.file(
        "a.json",
        0,
        document(
            record("1", "A", "2019-04-23T10:00:00Z"), record("1", "A", "2019-04-24T10:00:00Z")));

    assertThat(batch.written(ID_AND_TS)).hasSize(2);
  }

  @Test
  void keyOfIdAloneMakesRecordsWithOneIdDuplicates() {
    batch.file(
        "a.json",
        0,
        document(
            record("1", "A", "2019-04-23T10:00:00Z"), record("1", "A", "2019-04-24T10:00:00Z")));

    assertThat(batch.written(List.of(Columns.ID)))
        .containsExactly("1|A|2019-04-23T10:00:00Z|2019-04-23");
    // Another ts is another value: a conflict, not an exact duplicate.
    assertThat(statuses(List.of(Columns.ID))).containsExactly("1|A|conflict", "1|A|written");
  }

  @Test
  void aKeyOfDataAloneIgnoresIdAndTs() {
    batch.file(
        "a.json",
        0,
        document(
            record("1", "same", "2019-04-23T10:00:00Z"),
            record("2", "same", "2019-04-24T10:00:00Z"),
            record("3", "other", "2019-04-24T10:00:00Z")));

    assertThat(batch.written(List.of(Columns.DATA)))
        .containsExactly(
            "1|same|2019-04-23T10:00:00Z|2019-04-23", "3|other|2019-04-24T10:00:00Z|2019-04-24");
  }

  @Test
  void aConflictNamesItsSurvivorsFileAndPosition() {
    batch
        .file("a.json", 0, document(record("1", "kept", "2019-04-23T10:00:00Z")))
        .file(
            "b.json",
            1,
            document(
                record("0", "x", "2019-04-23T09:00:00Z"),
                record("1", "other", "2019-04-23T10:00:00Z")));

    assertThat(
            InMemoryBatch.lines(
                batch
                    .ruled(ID_AND_TS)
                    .where(col(Columns.STATUS).equalTo(RecordStatus.CONFLICT.code())),
                col(Columns.ID),
                col(Columns.DATA),
                col("survivor.source_file"),
                col("survivor.source_position"),
                col("survivor.data")))
        .containsExactly("1|other|file:/in/a.json|0|kept");
  }

  @Test
  void storedRowBeatsANewerRecordWithItsKey() {
    batch
        .stored("1", "stored", "2019-04-23T10:00:00Z")
        .file(
            "b.json",
            1,
            document(
                record("1", "late", "2019-04-23T10:00:00Z"),
                record("2", "new", "2019-04-24T10:00:00Z")));

    assertThat(batch.written(ID_AND_TS)).containsExactly("2|new|2019-04-24T10:00:00Z|2019-04-24");
    assertThat(statuses()).containsExactly("1|late|conflict", "2|new|written");
  }

  @Test
  void aCopyOfAStoredRowIsAlreadyStored() {
    batch
        .stored("1", "stored", "2019-04-23T10:00:00Z")
        .file("a.json", 0, document(record("1", "stored", "2019-04-23T10:00:00Z")));

    assertThat(batch.written(ID_AND_TS)).isEmpty();
    assertThat(statuses()).containsExactly("1|stored|already_stored");
  }

  @Test
  void aConflictWithAStoredRowIsAuditedWithTheStoredRowsFile() {
    batch
        .stored("1", "stored", "2019-04-23T10:00:00Z")
        .file("b.json", 5, document(record("1", "other", "2019-04-23T10:00:00Z")));

    assertThat(
            InMemoryBatch.lines(
                Datasets.withStatusText(batch.ruled(ID_AND_TS)),
                col(Columns.DATA),
                col(Columns.STATUS),
                col("survivor.source_file"),
                col("survivor.source_position"),
                col("survivor.data")))
        .containsExactly("other|conflict|" + InMemoryBatch.STORED_FILE + "|null|stored");
  }

  @Test
  void recordsOfAStoredKeyAreRuledAgainstTheStoredRowNotAgainstEachOther() {
    // "other" comes first and would be the batch's survivor; the stored row is the real one, so
    // "other" is a conflict and the later "stored" a copy of the stored row.
    batch
        .stored("1", "stored", "2019-04-23T10:00:00Z")
        .file(
            "b.json",
            5,
            document(
                record("1", "other", "2019-04-23T10:00:00Z"),
                record("1", "stored", "2019-04-23T10:00:00Z")));

    assertThat(statuses()).containsExactly("1|other|conflict", "1|stored|already_stored");
  }

  @Test
  void storedRowsOfOtherKeysChangeNothing() {
    batch
        .stored("9", "stored", "2019-04-23T10:00:00Z")
        .file("a.json", 0, document(record("1", "new", "2019-04-23T10:00:00Z")));

    assertThat(statuses()).containsExactly("1|new|written");
  }

  private List<String> statuses() {
    return statuses(ID_AND_TS);
  }

  /** Every input record as {@code id|data|status}, sorted. */
  private List<String> statuses(List<String> key) {
    return InMemoryBatch.lines(
        Datasets.withStatusText(batch.ruled(key)),
        col(Columns.ID),
        col(Columns.DATA),
        col(Columns.STATUS));
  }
}
