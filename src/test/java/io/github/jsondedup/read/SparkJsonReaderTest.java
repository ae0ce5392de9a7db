package io.github.jsondedup.read;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static io.github.jsondedup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.Fixtures;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.config.ReadRetries;
import io.github.jsondedup.config.ReaderKind;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.Reasons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --reader spark-json} on files (contract rules 2 and 6): what Spark's JSON source cannot
 * read is quarantined whole, and what it would misread is rejected or quarantined with the
 * streaming reader's reason.
 */
class SparkJsonReaderTest {
  private final SparkSession spark = TestSpark.session();

  @TempDir Path input;

  @Test
  void unreadableFilesAreQuarantinedWholeAndTheOthersAreRead() {
    write(input, "good.json", 0, document(record("1", "A", "2019-04-23T10:00:00Z")));
    write(input, "not-json.json", 1, "id,data,ts\n1,A,2019-04-23T10:00:00Z\n");
    write(input, "truncated.json", 2, "{\"records\": [{\"id\": \"2\", \"ts");
    write(input, "no-records.json", 3, "{\"rows\": []}");
    write(input, "records-is-a-string.json", 4, "{\"records\": \"abc\"}");
    write(input, "blank.json", 6, "  \n\t \n");
    write(input, "no-records-yet.json", 7, "{\"records\": []}");

    assertThat(rows())
        .containsExactly(
            "good.json|1|valid|null",
            "not-json.json|null|quarantined|"
                + Reasons.brokenOff(
                    "invalid JSON at line 1, column 4: Unrecognized token 'id': was expecting (JSON"
                        + " String, Number, Array, Object or token 'null', 'true' or 'false')",
                    0),
            "truncated.json|null|quarantined|"
                + Reasons.brokenOff("the file ends in the middle of the document", 0),
            "no-records.json|null|quarantined|" + Reasons.NO_RECORDS_ARRAY,
            "records-is-a-string.json|null|quarantined|" + Reasons.RECORDS_NOT_ARRAY,
            "blank.json|null|quarantined|" + Reasons.EMPTY_FILE,
            "no-records-yet.json|null|no_records|null");
  }

  @Test
  void whatSparkWouldMisreadIsRejectedOrQuarantinedWithTheStreamingReason() {
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

    List<String> rows = rows();

    assertThat(rows)
        .filteredOn(row -> row.startsWith("records.json|"))
        .containsExactly(
            "records.json|1000.0|valid|null",
            "records.json|true|rejected|" + Reasons.ID_NOT_TEXT,
            "records.json|x?|rejected|" + Reasons.LONE_SURROGATE,
            "records.json|2|rejected|" + Reasons.duplicateField("data"));
    assertThat(rows)
        .filteredOn(row -> !row.startsWith("records.json|"))
        .hasSize(3)
        .allMatch(row -> row.contains("|quarantined|"))
        .anyMatch(row -> row.startsWith("twice.json|null|quarantined|" + Reasons.RECORDS_TWICE))
        .anyMatch(
            row ->
                row.startsWith(
                    "trailing.json|null|quarantined|unexpected content after the end of the"
                        + " document"))
        .anyMatch(row -> row.startsWith("invalid-utf8.json|") && row.contains("Invalid UTF-8"));
  }

  @Test
  void reasonsAreTheStreamingReadersAndSayWhatThisReaderKept() {
    String good = record("1", "A", "2019-04-23T10:00:00Z");
    // Spark's reader keeps none of a document that breaks off: the reason must not say it did.
    write(input, "a-cut.json", 0, "{\"records\": [" + good + ", {\"id\": \"2\", \"ts");
    write(input, "b-gzip.json", 1, Fixtures.gzip(document(good).getBytes(StandardCharsets.UTF_8)));
    write(
        input,
        "c-numbers.json",
        2,
        document(
            "{\"id\": \"n\", \"ts\": 1556013600}",
            "{\"id\": 1e400, \"ts\": \"2019-04-23T10:00:00Z\"}",
            "{\"id\": 2e400, \"ts\": \"2019-04-23T10:00:00Z\"}",
            "{\"id\": \"d\", \"data\": -1e400, \"ts\": \"2019-04-23T10:00:00Z\"}",
            "{\"id\": 1e-400, \"ts\": \"2019-04-23T10:00:00Z\"}",
            "{\"id\": 1.7976931348623157e308, \"ts\": \"2019-04-23T10:00:00Z\"}",
            "{\"id\": 0e-400, \"ts\": \"2019-04-23T10:00:00Z\"}"));

    assertThat(rows())
        .containsExactly(
            "a-cut.json|null|quarantined|"
                + Reasons.brokenOff("the file ends in the middle of the document", 0),
            "b-gzip.json|null|quarantined|" + Reasons.GZIP_WITHOUT_EXTENSION,
            "c-numbers.json|n|rejected|" + Reasons.TS_NOT_TEXT,
            // Jackson writes a number past a double's range as a quoted Infinity: two ids, one
            // text.
            "c-numbers.json|\"Infinity\"|rejected|" + Reasons.numberOutOfRange("id", "1e400"),
            "c-numbers.json|\"Infinity\"|rejected|" + Reasons.numberOutOfRange("id", "2e400"),
            "c-numbers.json|d|rejected|" + Reasons.numberOutOfRange("data", "-1e400"),
            "c-numbers.json|0.0|rejected|" + Reasons.numberOutOfRange("id", "1e-400"),
            "c-numbers.json|1.7976931348623157E308|valid|null",
            "c-numbers.json|0.0|valid|null");
  }

  @Test
  void filesWhoseNamesHoldGlobCharactersAreReadAsTheFilesTheyAre() {
    List<String> names =
        List.of("c[1].json", "brace{a,b}.json", "q?.json", "star*.json", "sp ace %41 #x é.json");
    for (int i = 0; i < names.size(); i++) {
      write(input, names.get(i), i, document(record("id" + i, "A", "2019-04-23T10:00:00Z")));
    }
    // A file the glob c[1].json would match, which must not be read in c[1].json's place.
    write(input, "c1.json", 9, document(record("not-c[1]", "A", "2019-04-23T10:00:00Z")));

    assertThat(rows())
        .containsExactly(
            "c[1].json|id0|valid|null",
            "brace{a,b}.json|id1|valid|null",
            "q?.json|id2|valid|null",
            "star*.json|id3|valid|null",
            "sp ace %41 #x é.json|id4|valid|null",
            "c1.json|not-c[1]|valid|null");
  }

  @Test
  void aClusterInAnsiModeStillRejectsBadRecordsInsteadOfFailing() throws Exception {
    TestSpark.withSettings(
        Map.of("spark.sql.ansi.enabled", "true"),
        () -> {
          write(
              input,
              "a.json",
              0,
              document(record("good", "A", "2019-04-23T10:00:00Z"), record("bad", "B", "never")));

          assertThat(rows())
              .containsExactly(
                  "a.json|good|valid|null", "a.json|bad|rejected|" + Reasons.UNPARSABLE_TS);
        });
  }

  /** The reader's rows as {@code file|id|status|reason}, in file rank then position order. */
  private List<String> rows() {
    List<InputFile> ranked =
        Arrival.ranked(
            InputDiscovery.list(
                spark.sparkContext().hadoopConfiguration(), List.of(input.toString())));
    return Datasets.withStatusText(
            InputReader.read(spark, ReaderKind.SPARK_JSON, ranked, ReadRetries.ONCE))
        .select(Columns.ARRIVAL, Columns.ID, Columns.STATUS, Columns.REASON)
        .collectAsList()
        .stream()
        .sorted(
            java.util.Comparator.comparingInt(
                    (org.apache.spark.sql.Row row) -> Arrival.rank(row.getLong(0)))
                .thenComparing(
                    row -> Arrival.position(row.getLong(0)),
                    java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
        .map(
            row ->
                Path.of(ranked.get(Arrival.rank(row.getLong(0))).path()).getFileName()
                    + "|"
                    + row.getString(1)
                    + "|"
                    + row.getString(2)
                    + "|"
                    + row.getString(3))
        .toList();
  }
}
