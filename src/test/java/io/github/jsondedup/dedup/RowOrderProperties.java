package io.github.jsondedup.dedup;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.TestSpark;
import io.github.jsondedup.check.ForAll;
import io.github.jsondedup.check.Gen;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.sparkcompat.CatalystRows;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.Test;

/**
 * The scan's idea of order ({@link RowOrder}) is Spark's sort's: on random rows with few hashes
 * (ties are common), texts that Java's and UTF-8's orders disagree on, null data and negative
 * instants, every row Spark sorted comes at or after the one before it, and rows RowOrder calls the
 * same Spark keeps together.
 */
class RowOrderProperties {
  private static final List<String> TEXTS =
      List.of("", "a", "ab", "b", "é", "\uFFFD", "\uD834\uDD1E", "Z", "a\u0000");
  private static final List<String> FIELDS =
      List.of(KeySpread.KEY_HASH, Columns.ID, Columns.DATA, Columns.TS);

  private final SparkSession spark = TestSpark.session();

  record Key(long hash, String id, String data, long micros) {}

  @Test
  void rowOrderAgreesWithSparksSort() {
    ForAll.check(20, keys(), this::sortedAsSparkSorts);
  }

  private void sortedAsSparkSorts(List<Key> keys) {
    List<Row> rows = new ArrayList<>();
    long arrival = 0;
    for (Key key : keys) {
      Timestamp ts = new Timestamp(Math.floorDiv(key.micros(), 1000));
      rows.add(
          RowFactory.create(key.hash(), arrival++, key.id(), key.data(), ts, null, (byte) 0, null));
    }
    List<InternalRow> sorted =
        CatalystRows.of(
                spark
                    .createDataFrame(rows, KeySpread.SPREAD)
                    .repartition(1)
                    .sortWithinPartitions(
                        FIELDS.stream()
                            .map(name -> col(name))
                            .toArray(org.apache.spark.sql.Column[]::new)))
            .toJavaRDD()
            .map(InternalRow::copy)
            .collect();
    RowOrder order = new RowOrder(KeySpread.SPREAD, FIELDS);

    for (int i = 1; i < sorted.size(); i++) {
      assertThat(order.compare(sorted.get(i - 1), sorted.get(i))).isLessThanOrEqualTo(0);
      for (int j = i + 1; j < sorted.size(); j++) {
        if (order.same(sorted.get(i - 1), sorted.get(j))) {
          assertThat(order.same(sorted.get(i - 1), sorted.get(i)))
              .as("rows the order calls the same are kept together")
              .isTrue();
        }
      }
    }
  }

  private static Gen<List<Key>> keys() {
    Gen<Long> hash = Gen.longs(-2, 2);
    Gen<String> id = Gen.of(TEXTS);
    Gen<String> data = Gen.of(TEXTS).orNull(0.3);
    Gen<Long> micros = Gen.of(-62_135_596_800_000_000L, -1L, 0L, 1_000L);
    Gen<Key> key =
        random ->
            new Key(hash.draw(random), id.draw(random), data.draw(random), micros.draw(random));
    return key.list(0, 30);
  }
}
