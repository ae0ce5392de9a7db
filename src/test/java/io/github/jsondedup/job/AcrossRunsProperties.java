package io.github.jsondedup.job;

import static io.github.jsondedup.Fixtures.document;
import static io.github.jsondedup.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.Datasets;
import io.github.jsondedup.Fixtures;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.check.ForAll;
import io.github.jsondedup.check.Gen;
import io.github.jsondedup.config.RunSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Exactly once across runs (contract rules 4 and 5): for random deliveries A and then B (B's files
 * younger, as files keep arriving), ingesting A then B, B then A, or A, A, B gives what a
 * plain-Java model gives (stored rows win, then the survivor rule within each run), and A then B is
 * the same dataset as A and B together.
 */
class AcrossRunsProperties {
  private final io.github.jsondedup.TempDirs tempDirs = new io.github.jsondedup.TempDirs();

  private static final List<String> IDS = List.of("a", "b", "c", "d", "e");
  private static final List<String> TIMES =
      List.of("2019-04-23T10:00:00Z", "2019-04-23T23:30:00-02:00", "2019-04-24T10:00:00+00:00");

  private final SparkSession spark = TestSpark.session();

  record Rec(String id, String data, String ts) {
    String key() {
      return id + "@" + isoInstant(ts);
    }
  }

  /** Two deliveries, A and B. */
  record Deliveries(List<List<Rec>> a, List<List<Rec>> b) {}

  @Test
  void anyOrderOfRunsStoresEachKeyOnceWithTheStoredRowWinning() {
    Gen<List<List<Rec>>> delivery = deliveries();
    ForAll.check(
        6,
        random -> new Deliveries(delivery.draw(random), delivery.draw(random)),
        deliveries -> storesEachKeyOnce(deliveries.a(), deliveries.b()),
        tempDirs::removeAll);
  }

  private void storesEachKeyOnce(List<List<Rec>> a, List<List<Rec>> b) throws IOException {
    Path root = tempDirs.create("across-runs");
    Path dirA = writeDelivery(root.resolve("a"), a, 0);
    Path dirB = writeDelivery(root.resolve("b"), b, 1_000);

    List<String> together = ingest(root.resolve("together"), List.of(List.of(dirA, dirB)));
    List<String> aThenB = ingest(root.resolve("ab"), List.of(List.of(dirA), List.of(dirB)));
    List<String> bThenA = ingest(root.resolve("ba"), List.of(List.of(dirB), List.of(dirA)));
    List<String> aaB =
        ingest(root.resolve("aab"), List.of(List.of(dirA), List.of(dirA), List.of(dirB)));

    assertThat(aThenB).isEqualTo(together).isEqualTo(model(List.of(a, b)));
    assertThat(aaB).isEqualTo(together);
    assertThat(bThenA).isEqualTo(model(List.of(b, a)));
  }

  /** Stored rows win; within a run the earlier file, then the earlier position, wins. */
  private static List<String> model(List<List<List<Rec>>> runs) {
    Map<String, Rec> stored = new LinkedHashMap<>();
    for (List<List<Rec>> run : runs) {
      for (List<Rec> file : run) {
        for (Rec rec : file) {
          stored.putIfAbsent(rec.key(), rec);
        }
      }
    }
    return stored.values().stream()
        .map(
            rec -> {
              Instant ts = Instant.parse(isoInstant(rec.ts()));
              return rec.id() + "|" + rec.data() + "|" + ts + "|" + ts.toString().substring(0, 10);
            })
        .sorted()
        .toList();
  }

  private List<String> ingest(Path output, List<List<Path>> runs) {
    for (List<Path> inputs : runs) {
      new IngestJob(
              spark,
              RunSettings.of(inputs.stream().map(Path::toString).toList(), output.toString()))
          .run();
    }
    return Datasets.storedRows(output);
  }

  /** Files named in the order of their modification times, {@code firstSecond} onwards. */
  private static Path writeDelivery(Path dir, List<List<Rec>> files, long firstSecond) {
    for (int i = 0; i < files.size(); i++) {
      List<String> records = new ArrayList<>();
      for (Rec rec : files.get(i)) {
        records.add(record(rec.id(), rec.data(), rec.ts()));
      }
      Fixtures.write(
          dir,
          String.format(Locale.ROOT, "file-%02d.json", i),
          firstSecond + i,
          document(records.toArray(String[]::new)));
    }
    return dir;
  }

  private static String isoInstant(String ts) {
    return java.time.OffsetDateTime.parse(ts).toInstant().toString();
  }

  private static Gen<List<List<Rec>>> deliveries() {
    Gen<String> id = Gen.of(IDS);
    Gen<String> data = Gen.of("x", "y");
    Gen<String> ts = Gen.of(TIMES);
    Gen<Rec> rec = random -> new Rec(id.draw(random), data.draw(random), ts.draw(random));
    return rec.list(1, 6).list(1, 3);
  }
}
