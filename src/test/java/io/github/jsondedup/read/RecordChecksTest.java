package io.github.jsondedup.read;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.InMemoryBatch;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.read.BadInputCorpus.Case;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.Reasons;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a record is and what bad input gets (contract rules 2 and 6), as the streaming reader's
 * tasks check records held in memory: each record VALID or REJECTED with its reason and position, a
 * file that cannot be read as a document QUARANTINED with its reason.
 */
class RecordChecksTest {
  private final InMemoryBatch batch = new InMemoryBatch();

  static Stream<Case> corpus() {
    return BadInputCorpus.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badInputIsKeptAsideWithItsReasonAndGoodInputStays(Case bad) {
    batch
        .file(bad.fileName(), 0, bad.bytes())
        .file("good.json", 1, document(record("other", "O", BadInputCorpus.TS)));

    List<Checked> rows = checked();

    List<String> valid =
        rows.stream().filter(row -> row.status().equals("valid")).map(Checked::id).toList();
    if (bad.written() == null) {
      assertThat(valid).contains("other").anyMatch(id -> id.startsWith("r"));
    } else {
      List<String> expected = new ArrayList<>(bad.written());
      expected.add("other");
      assertThat(valid).containsExactlyInAnyOrderElementsOf(expected);
    }
    List<Checked> rejected =
        rows.stream()
            .filter(row -> row.status().equals("rejected"))
            .sorted(Comparator.comparing(Checked::position, POSITIONS))
            .toList();
    assertThat(rejected).extracting(Checked::reason).containsExactlyElementsOf(bad.rejected());
    assertThat(rejected).allSatisfy(row -> assertThat(row.rank()).isZero());
    assertThat(rejected).allSatisfy(row -> assertThat(row.sourceText()).isNotBlank());
    List<Checked> quarantined =
        rows.stream().filter(row -> row.status().equals("quarantined")).toList();
    if (bad.quarantined() == null) {
      assertThat(quarantined).isEmpty();
    } else {
      assertThat(quarantined)
          .singleElement()
          .satisfies(row -> assertThat(row.rank()).isZero())
          .satisfies(row -> assertThat(row.reason()).startsWith(bad.quarantined()));
    }
  }

  @Test
  void badRecordsAreRejectedWithReasonAndPositionWhileGoodOnesStay() {
    batch.file(
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

    assertThat(checked())
        .extracting(row -> row.position() + "|" + row.status() + "|" + row.reason())
        .containsExactly(
            "0|valid|null",
            "1|rejected|" + Reasons.MISSING_ID,
            "2|rejected|" + Reasons.MISSING_TS,
            "3|rejected|" + Reasons.UNPARSABLE_TS,
            "4|rejected|" + Reasons.UNPARSABLE_TS,
            "5|rejected|" + Reasons.UNPARSABLE_TS,
            "6|rejected|" + Reasons.TS_OUT_OF_RANGE,
            "7|rejected|" + Reasons.EMPTY_ID);
  }

  @Test
  void timestampsOnlySpark2WouldHaveReadAreRejectedNotFatal() {
    batch.file(
        "a.json",
        0,
        document(
            record("good", "A", "2019-04-23T10:00:00Z"),
            record("one-digit-month", "B", "2019-4-23T10:00:00Z")));

    assertThat(checked())
        .extracting(row -> row.id() + "|" + row.status())
        .containsExactly("good|valid", "one-digit-month|rejected");
  }

  @Test
  void aClusterInAnsiModeStillRejectsBadRecordsInsteadOfFailing() throws Exception {
    TestSpark.withSettings(
        Map.of("spark.sql.ansi.enabled", "true"),
        () -> {
          batch.file(
              "a.json",
              0,
              document(record("good", "A", "2019-04-23T10:00:00Z"), record("bad", "B", "never")));

          assertThat(checked())
              .extracting(row -> row.id() + "|" + row.status())
              .containsExactly("good|valid", "bad|rejected");
        });
  }

  @Test
  void rejectedRecordsKeepTheirOriginalText() {
    batch.file("a.json", 0, document(record("1", "payload", "yesterday")));

    assertThat(checked())
        .singleElement()
        .satisfies(row -> assertThat(row.tsText()).isEqualTo("yesterday"))
        .satisfies(
            row ->
                assertThat(row.sourceText())
                    .isEqualTo("{\"id\": \"1\", \"data\": \"payload\", \"ts\": \"yesterday\"}"));
  }

  @Test
  void numericIdIsKeptAsItsTextAndUnknownFieldsAreIgnored() {
    batch.file(
        "a.json",
        0,
        "{\"records\": [{\"id\": 10101, \"ts\": \"2019-04-23T10:00:00Z\", \"extra\": [1, 2]}],"
            + " \"producer\": \"x\"}");

    assertThat(checked())
        .extracting(row -> row.id() + "|" + row.data() + "|" + row.status())
        .containsExactly("10101|null|valid");
  }

  @Test
  void theDateIsTheUtcDateOfTheInstant() {
    batch.file(
        "a.json",
        0,
        document(
            record("late", "x", "2019-04-23T23:30:00-02:00"),
            record("early", "y", "2019-04-24T00:30:00+02:00")));

    assertThat(batch.written(Columns.DEFAULT_KEY))
        .containsExactly(
            "early|y|2019-04-23T22:30:00Z|2019-04-23", "late|x|2019-04-24T01:30:00Z|2019-04-24");
  }

  // A file's own row (no position) comes after its records.
  private static final Comparator<Long> POSITIONS = Comparator.nullsLast(Comparator.naturalOrder());

  /** A checked row, as the tests look at it. */
  private record Checked(
      int rank,
      Long position,
      String id,
      String data,
      String status,
      String reason,
      String tsText,
      String sourceText) {}

  /** The batch's checked rows in arrival order. */
  private List<Checked> checked() {
    return Datasets.withStatusText(batch.checked())
        .select(
            Columns.ARRIVAL,
            Columns.ID,
            Columns.DATA,
            Columns.STATUS,
            Columns.REASON,
            Columns.TS_TEXT,
            Columns.SOURCE_TEXT)
        .collectAsList()
        .stream()
        .map(RecordChecksTest::checked)
        .sorted(Comparator.comparing(Checked::rank).thenComparing(Checked::position, POSITIONS))
        .toList();
  }

  private static Checked checked(Row row) {
    long arrival = row.getLong(0);
    return new Checked(
        Arrival.rank(arrival),
        Arrival.position(arrival),
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        row.getString(6));
  }
}
