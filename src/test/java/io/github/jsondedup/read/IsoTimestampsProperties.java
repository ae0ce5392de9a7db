package io.github.jsondedup.read;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.unix_micros;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.TestSpark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The streaming reader's timestamp parser gives what Spark's {@code try_to_timestamp(ts,
 * TS_PATTERN)} gives, for texts in and around the ISO-8601 shape: every field in and out of range,
 * 0 to 8 fraction digits, offsets of every spelling, and stray characters.
 */
class IsoTimestampsProperties {
  private final SparkSession spark = TestSpark.session();

  @Property(tries = 12)
  void parsesAsSparkDoes(@ForAll("batches") List<String> texts) {
    Map<String, Long> spark = sparkParses(texts);
    IsoTimestamps parser = new IsoTimestamps();
    Map<String, Long> ours = new LinkedHashMap<>();
    for (String text : texts) {
      long micros = parser.parse(text);
      ours.put(text, micros == IsoTimestamps.UNPARSABLE ? null : micros);
    }
    assertThat(ours).isEqualTo(spark);
    assertThat(ours.values()).as("some texts parse").anyMatch(value -> value != null);
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

  @Provide
  Arbitrary<List<String>> batches() {
    return text().list().ofMinSize(200).ofMaxSize(400).map(ArrayList::new);
  }

  /** Mostly well-formed texts, with one field off often enough to probe every check. */
  private static Arbitrary<String> text() {
    Arbitrary<String> year =
        Arbitraries.frequencyOf(
            weighted(8, Arbitraries.integers().between(1, 9999).map(y -> pad(y, 4))),
            weighted(1, Arbitraries.of("0000", "10000", "+10000", "-0001", "999", "20a9")));
    Arbitrary<String> month = twoDigits(0, 13);
    Arbitrary<String> day = twoDigits(0, 32);
    Arbitrary<String> hour = twoDigits(0, 25);
    Arbitrary<String> minute = twoDigits(0, 61);
    Arbitrary<String> fraction =
        Arbitraries.frequencyOf(
            weighted(3, Arbitraries.just("")),
            weighted(
                6, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(8).map(d -> "." + d)),
            weighted(1, Arbitraries.of(".", ".x1", ",123")));
    Arbitrary<String> zone =
        Arbitraries.frequencyOf(
            weighted(5, Arbitraries.just("Z")),
            weighted(
                4,
                Combinators.combine(Arbitraries.of("+", "-"), twoDigits(0, 19), twoDigits(0, 61))
                    .as((sign, h, m) -> sign + h + ":" + m)),
            weighted(1, Arbitraries.of("", "z", "+0100", "+01", "+01:00:00", " Z", "UTC", "Z ")));
    Arbitrary<String> separator =
        Arbitraries.frequencyOf(
            weighted(9, Arbitraries.just("T")), weighted(1, Arbitraries.of("t", " ", "")));
    return Combinators.combine(year, month, day, separator, hour, minute, minute, fraction)
        .as((y, mo, d, t, h, mi, s, f) -> y + "-" + mo + "-" + d + t + h + ":" + mi + ":" + s + f)
        .flatMap(prefix -> zone.map(z -> prefix + z));
  }

  /** Two digits, now and then with a stray character in place of one. */
  private static Arbitrary<String> twoDigits(int from, int to) {
    return Arbitraries.frequencyOf(
        weighted(19, Arbitraries.integers().between(from, to).map(value -> pad(value, 2))),
        weighted(1, Arbitraries.of("x1", "1x", "-1", " 1", "+1")));
  }

  private static String pad(int value, int width) {
    String digits = Integer.toString(value);
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }

  private static Tuple2<Integer, Arbitrary<? extends String>> weighted(
      int weight, Arbitrary<String> values) {
    return Tuple.of(weight, values);
  }
}
