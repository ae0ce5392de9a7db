package io.github.jsondedup.read;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.unix_micros;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.TestSpark;
import io.github.jsondedup.check.ForAll;
import io.github.jsondedup.check.Gen;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader's timestamp parser gives what Spark's {@code try_to_timestamp(ts,
 * TS_PATTERN)} gives, for texts in and around the ISO-8601 shape: every field in and out of range,
 * 0 to 8 fraction digits, offsets of every spelling, and stray characters.
 */
class IsoTimestampsProperties {
  private final SparkSession spark = TestSpark.session();
  private long parsed;

  @Test
  void parsesAsSparkDoes() {
    ForAll.check(12, text().list(200, 400), this::parseAsSpark);

    assertThat(parsed).as("texts that parse, over every try").isPositive();
  }

  private void parseAsSpark(List<String> texts) {
    Map<String, Long> spark = sparkParses(texts);
    IsoTimestamps parser = new IsoTimestamps();
    Map<String, Long> ours = new LinkedHashMap<>();
    for (String text : texts) {
      long micros = parser.parse(text);
      ours.put(text, micros == IsoTimestamps.UNPARSABLE ? null : micros);
    }
    assertThat(ours).isEqualTo(spark);
    parsed += ours.values().stream().filter(value -> value != null).count();
  }

  private Map<String, Long> sparkParses(List<String> texts) {
    Map<String, Long> parsed = new LinkedHashMap<>();
    for (Row row :
        spark
            .createDataset(texts, Encoders.STRING())
            .select(
                col("value"),
                unix_micros(try_to_timestamp(col("value"), lit(Validation.TS_PATTERN))))
            .collectAsList()) {
      parsed.put(row.getString(0), row.isNullAt(1) ? null : row.getLong(1));
    }
    return parsed;
  }

  /** Mostly well-formed texts, with one field off often enough to probe every check. */
  private static Gen<String> text() {
    Gen<String> year =
        Gen.frequency(
            Gen.weighted(8, Gen.ints(1, 9999).map(y -> pad(y, 4))),
            Gen.weighted(1, Gen.of("0000", "10000", "+10000", "-0001", "999", "20a9")));
    Gen<String> month = twoDigits(0, 13);
    Gen<String> day = twoDigits(0, 32);
    Gen<String> hour = twoDigits(0, 25);
    Gen<String> minute = twoDigits(0, 61);
    Gen<String> fraction =
        Gen.frequency(
            Gen.weighted(3, Gen.just("")),
            Gen.weighted(6, Gen.digits(1, 8).map(d -> "." + d)),
            Gen.weighted(1, Gen.of(".", ".x1", ",123")));
    Gen<String> sign = Gen.of("+", "-");
    Gen<String> offsetHours = twoDigits(0, 19);
    Gen<String> offset =
        random -> sign.draw(random) + offsetHours.draw(random) + ":" + minute.draw(random);
    Gen<String> zone =
        Gen.frequency(
            Gen.weighted(5, Gen.just("Z")),
            Gen.weighted(4, offset),
            Gen.weighted(1, Gen.of("", "z", "+0100", "+01", "+01:00:00", " Z", "UTC", "Z ")));
    Gen<String> separator =
        Gen.frequency(Gen.weighted(9, Gen.just("T")), Gen.weighted(1, Gen.of("t", " ", "")));
    return random ->
        year.draw(random)
            + "-"
            + month.draw(random)
            + "-"
            + day.draw(random)
            + separator.draw(random)
            + hour.draw(random)
            + ":"
            + minute.draw(random)
            + ":"
            + minute.draw(random)
            + fraction.draw(random)
            + zone.draw(random);
  }

  /** Two digits, now and then with a stray character in place of one. */
  private static Gen<String> twoDigits(int from, int to) {
    return Gen.frequency(
        Gen.weighted(19, Gen.ints(from, to).map(value -> pad(value, 2))),
        Gen.weighted(1, Gen.of("x1", "1x", "-1", " 1", "+1")));
  }

  private static String pad(int value, int width) {
    String digits = Integer.toString(value);
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }
}
