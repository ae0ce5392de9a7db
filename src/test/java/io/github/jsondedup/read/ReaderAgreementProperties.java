package io.github.jsondedup.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.Fixtures;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.check.ForAll;
import io.github.jsondedup.check.Gen;
import io.github.jsondedup.config.ReadRetries;
import io.github.jsondedup.config.ReaderKind;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.Reasons;
import io.github.jsondedup.schema.RecordStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader and Spark's JSON reader give the same checked record rows for every input:
 * the same records, positions, fields, provenance, parsed ts and date, statuses and reasons (the
 * original text aside, which only the streaming reader keeps). Inputs include what Spark's reader
 * would misread without a word (exotic numbers, a field or the records array twice, content after
 * the document, unpaired surrogates, invalid UTF-8): a record that cannot be read as written is
 * rejected by both with one reason, and a file that stops being a document is quarantined by both
 * with one reason (the streaming reader keeps the records before the break). Both feed the same
 * pipeline, so the same rows mean the same dataset, counts and audit.
 */
class ReaderAgreementProperties {
  private static final String[] ZONES = {"Z", "+00:00", "+05:30", "-08:00", "+14:00"};
  private static final String[] TEXTS = {
    "ABC",
    "",
    "  padded  ",
    "with \\\"quotes\\\" and \\\\ backslash",
    "caf\\u00e9 \\u2603",
    "line\\nbreak",
    "ünïcödé ✓"
  };

  /** Numbers whose JSON text is not the one Jackson writes back. */
  private static final String[] NUMBERS = {
    "1e3",
    "-0",
    "1.50",
    "0.1",
    "-1.5E-7",
    "12345678901234567890123",
    "1.0000000000000000001",
    "NaN",
    "1e400", // past a double's range
    "-2E+308",
    "1e-400", // too small for a double, and not zero
    "0e-400",
    "1.7976931348623157e308"
  };

  /** Names with what Hadoop globs, URIs and shells make something of. */
  private static final String[] NAMES = {"batch ", "c[1] ", "q? ", "brace{a,b} ", "x%41#é "};

  /** Values that are not text. */
  private static final String[] NOT_TEXT = {"true", "false", "{\"v\": 1}", "[\"1\"]"};

  private static final String INVALID_UTF8 = "@INVALID-UTF-8@";

  /** Texts Spark's reader would not keep as written: surrogates alone, and invalid UTF-8. */
  private static final String[] ODD_TEXTS = {
    "lone \\ud800 high", "lone \\udc00 low", "pair \\ud83d\\ude00 ok", "bad " + INVALID_UTF8
  };

  private final SparkSession spark = TestSpark.session();
  private Path dir;

  @Test
  void bothReadersGiveTheSameRecordRows() {
    ForAll.check(25, Gen.randoms(), this::sameRows, this::removeFiles);
  }

  private void sameRows(Random random) throws IOException {
    dir = Files.createTempDirectory("reader-agreement");
    int files = 1 + random.nextInt(6);
    for (int file = 0; file < files; file++) {
      int codec = random.nextInt(8);
      // A quarter gzip, named .gz or (now and then) not.
      boolean gzip = codec < 2;
      String name =
          NAMES[random.nextInt(NAMES.length)] + file + (codec == 0 ? ".json.gz" : ".json");
      byte[] text = withInvalidUtf8(document(random).getBytes(StandardCharsets.UTF_8));
      Fixtures.write(dir, name, random.nextInt(3), gzip ? Fixtures.gzip(text) : text);
    }
    List<InputFile> ranked =
        Arrival.ranked(
            InputDiscovery.list(
                spark.sparkContext().hadoopConfiguration(), List.of(dir.toString())));

    Map<String, List<Row>> streaming = byFile(rows(ReaderKind.STREAMING, ranked), ranked);
    Map<String, List<Row>> sparkJson = byFile(rows(ReaderKind.SPARK_JSON, ranked), ranked);

    assertThat(sparkJson.keySet()).isEqualTo(streaming.keySet()).isNotEmpty();
    streaming.forEach(
        (file, rows) -> {
          List<Row> broken =
              rows.stream()
                  .filter(row -> RecordStatus.QUARANTINED.code() == row.<Byte>getAs(Columns.STATUS))
                  .filter(row -> Reasons.isBreak(row.getAs(Columns.REASON)))
                  .toList();
          // Spark's reader keeps none of a broken file's records, and its reason says so.
          List<String> expected =
              broken.isEmpty()
                  ? strings(rows)
                  : strings(broken).stream()
                      .map(
                          row -> {
                            String reason = broken.get(0).getAs(Columns.REASON);
                            return row.replace(reason, Reasons.withNothingRead(reason));
                          })
                      .toList();
          assertThat(strings(sparkJson.get(file))).as(file).isEqualTo(expected);
        });
  }

  private static Map<String, List<Row>> byFile(List<Row> rows, List<InputFile> ranked) {
    Map<String, List<Row>> byFile = new TreeMap<>();
    rows.forEach(
        row ->
            byFile
                .computeIfAbsent(
                    ranked.get(Arrival.rank(row.<Long>getAs(Columns.ARRIVAL))).path(),
                    file -> new ArrayList<>())
                .add(row));
    return byFile;
  }

  private static List<String> strings(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }

  private void removeFiles() {
    if (dir != null) {
      org.apache.commons.io.FileUtils.deleteQuietly(dir.toFile());
    }
  }

  private List<Row> rows(ReaderKind reader, List<InputFile> files) {
    Column[] compared =
        Stream.of(Columns.CHECKED.fieldNames())
            .filter(name -> !name.equals(Columns.SOURCE_TEXT))
            .map(functions::col)
            .toArray(Column[]::new);
    return InputReader.read(spark, reader, files, ReadRetries.ONCE)
        .select(compared)
        .collectAsList();
  }

  /** A document of 0 to 12 records, pretty-printed or compact, with ignored fields around. */
  private static String document(Random random) {
    boolean pretty = random.nextBoolean();
    String newline = pretty ? "\n" : "";
    String indent = pretty ? "  " : "";
    StringBuilder json = new StringBuilder("{" + newline);
    if (random.nextBoolean()) {
      json.append(indent).append("\"source\": {\"system\": [1, {\"x\": null}]},").append(newline);
    }
    json.append(indent).append("\"records\": [").append(newline);
    int records = random.nextInt(13);
    for (int i = 0; i < records; i++) {
      json.append(indent).append(indent).append(record(random));
      json.append(i + 1 < records ? "," : "").append(newline);
    }
    json.append(indent).append("]");
    if (random.nextBoolean()) {
      json.append(",").append(newline).append(indent).append("\"count\": ").append(records);
    }
    if (random.nextInt(12) == 0) {
      json.append(", \"records\": [").append(record(random)).append("]");
    }
    json.append(newline).append("}").append(newline);
    switch (random.nextInt(16)) {
      case 0 -> json.append("{\"records\": []}\n"); // a second document
      case 1 -> json.append("trailing words\n");
      default -> {}
    }
    return json.toString();
  }

  /** Invalid UTF-8 where the document says {@value #INVALID_UTF8}. */
  private static byte[] withInvalidUtf8(byte[] document) {
    byte[] marker = INVALID_UTF8.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < document.length; i++) {
      if (java.util.Arrays.equals(
          document, i, Math.min(document.length, i + marker.length), marker, 0, marker.length)) {
        out.write(0xC3);
        out.write(0x28);
        i += marker.length - 1;
      } else {
        out.write(document[i]);
      }
    }
    return out.toByteArray();
  }

  /** Any record Spark's reader reads as an object: fields in any order, some missing or null. */
  private static String record(Random random) {
    List<String> fields = new ArrayList<>();
    switch (random.nextInt(12)) {
      case 0 -> {} // no id
      case 1 -> fields.add("\"id\": null");
      case 2 -> fields.add("\"id\": " + (random.nextInt(2_000_001) - 1_000_000));
      case 3 -> fields.add("\"id\": " + NUMBERS[random.nextInt(NUMBERS.length)]);
      case 4 -> fields.add("\"id\": " + NOT_TEXT[random.nextInt(NOT_TEXT.length)]);
      case 5 -> fields.add("\"id\": \"" + ODD_TEXTS[random.nextInt(ODD_TEXTS.length)] + "\"");
      default ->
          fields.add("\"id\": \"" + (char) ('a' + random.nextInt(3)) + random.nextInt(5) + "\"");
    }
    switch (random.nextInt(9)) {
      case 0 -> {} // no data
      case 1 -> fields.add("\"data\": null");
      case 2 -> fields.add("\"data\": " + NUMBERS[random.nextInt(NUMBERS.length)]);
      case 3 -> fields.add("\"data\": \"" + ODD_TEXTS[random.nextInt(ODD_TEXTS.length)] + "\"");
      default -> fields.add("\"data\": \"" + TEXTS[random.nextInt(TEXTS.length)] + "\"");
    }
    if (random.nextInt(20) == 0) {
      fields.add("\"data\": \"said twice\"");
    }
    if (random.nextInt(12) == 0) {
      // Other fields to both readers: field names are case-sensitive.
      fields.add("\"ID\": \"upper\", \"Ts\": \"2019-04-23T10:00:00Z\", \"DATA\": 1");
    }
    switch (random.nextInt(10)) {
      case 0 -> {} // no ts
      case 1 -> fields.add("\"ts\": null");
      case 2 -> fields.add(random.nextBoolean() ? "\"ts\": \"2019-04-23\"" : "\"ts\": 1556013600");
      case 3 -> fields.add("\"ts\": \"yesterday\"");
      case 4 -> fields.add("\"ts\": \"0001-01-01T00:30:00+01:00\""); // year 0 in UTC
      case 5 -> fields.add("\"ts\": \"2019-02-29T10:00:00Z\"");
      default -> fields.add("\"ts\": \"" + timestamp(random) + "\"");
    }
    if (random.nextInt(4) == 0) {
      fields.add("\"extra\": {\"deep\": [[1, 2], {\"id\": \"not this one\"}], \"n\": 1.5e3}");
    }
    java.util.Collections.shuffle(fields, random);
    return "{" + String.join(", ", fields) + "}";
  }

  private static String timestamp(Random random) {
    String fraction =
        switch (random.nextInt(4)) {
          case 0 -> "";
          case 1 -> ".5";
          case 2 -> ".123";
          default -> ".123456";
        };
    return String.format(
        Locale.ROOT,
        "2019-04-%02dT%02d:%02d:%02d%s%s",
        1 + random.nextInt(28),
        random.nextInt(24),
        random.nextInt(60),
        random.nextInt(60),
        fraction,
        ZONES[random.nextInt(ZONES.length)]);
  }
}
