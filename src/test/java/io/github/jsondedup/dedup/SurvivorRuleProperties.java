package io.github.jsondedup.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.InMemoryBatch;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.check.ForAll;
import io.github.jsondedup.check.Gen;
import io.github.jsondedup.model.ContractModel;
import io.github.jsondedup.read.Arrival;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.read.SparkJsonReader;
import io.github.jsondedup.read.Validation;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The survivor rule (contract rule 4) against a plain-Java model of it, on random batches: few ids,
 * instants and modification times, so that duplicates within and across files and ties on
 * modification time are common; equal instants spelled with different offsets; rows in random order
 * over a random number of partitions, which must not change the outcome.
 */
class SurvivorRuleProperties {
  private static final List<String> IDS = List.of("a", "b", "c", "10101");
  private static final List<Instant> INSTANTS =
      List.of(
          Instant.parse("2019-04-23T17:25:43.111Z"),
          Instant.parse("2019-04-23T23:59:59.999999Z"),
          Instant.parse("2019-04-24T00:00:00Z"));
  private static final List<ZoneOffset> SPELLINGS =
      List.of(ZoneOffset.UTC, ZoneOffset.ofHours(2), ZoneOffset.ofHoursMinutes(-5, -30));
  private static final DateTimeFormatter ISO_WITH_OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", Locale.ROOT);

  private final SparkSession spark = TestSpark.session();

  record Rec(
      String file, long mtime, int position, String id, String data, Instant ts, String text) {
    String ref() {
      return file + "#" + position;
    }
  }

  /** A batch, and how it is spread and shuffled. */
  record Case(List<Rec> batch, int partitions, int buckets, long shuffleSeed) {}

  @Test
  void theScanPicksTheModelsSurvivorWhateverThePartitioning() {
    Gen<List<Rec>> batches = batches();
    Gen<Integer> partitions = Gen.ints(1, 8);
    Gen<Integer> buckets = Gen.ints(1, 3);
    ForAll.check(
        30,
        random ->
            new Case(
                batches.draw(random),
                partitions.draw(random),
                buckets.draw(random),
                random.nextLong()),
        this::picksTheModelsSurvivor);
  }

  private void picksTheModelsSurvivor(Case spread) {
    List<Rec> batch = spread.batch();
    int partitions = spread.partitions();
    int buckets = spread.buckets();
    Random random = new Random(spread.shuffleSeed());
    List<Row> rows = new ArrayList<>();
    for (Rec rec : batch) {
      rows.add(
          RowFactory.create(
              new InputFile(rec.file(), 0, 1).sparkPath(),
              Timestamp.from(Instant.ofEpochSecond(rec.mtime())),
              (long) rec.position(),
              rec.id(),
              rec.data(),
              rec.text(),
              RecordStatus.VALID.code(),
              null,
              null));
    }
    Collections.shuffle(rows, random);
    Dataset<Row> records = spark.createDataFrame(rows, Columns.RECORDS).repartition(partitions);

    Map<String, InputFile> files = new HashMap<>();
    batch.forEach(rec -> files.put(rec.file(), new InputFile(rec.file(), rec.mtime() * 1000, 1)));
    List<InputFile> ranked = Arrival.ranked(List.copyOf(files.values()));
    Map<String, String> pathOf = new HashMap<>();
    ranked.forEach(file -> pathOf.put(file.sparkPath(), file.path()));
    Dataset<Row> checked = SparkJsonReader.withArrival(spark, Validation.validate(records), ranked);

    Dataset<Row> classified =
        InMemoryBatch.classify(
            spark, checked, null, new KeySpread(Columns.DEFAULT_KEY, buckets, partitions), ranked);

    Map<String, String> actual = new TreeMap<>();
    for (Row row :
        classified
            .selectExpr("arrival", "status", "survivor.source_file", "survivor.source_position")
            .collectAsList()) {
      long arrival = row.getLong(0);
      String survivor = row.isNullAt(2) ? "-" : pathOf.get(row.getString(2)) + "#" + row.getLong(3);
      actual.put(
          ranked.get(Arrival.rank(arrival)).path() + "#" + Arrival.position(arrival),
          RecordStatus.ofCode(row.getByte(1)).value() + " " + survivor);
    }
    assertThat(actual).isEqualTo(model(batch));
  }

  /**
   * The rule as the contract model ({@link ContractModel}, the one reference of the survivor rule)
   * rules on the batch's files: first seen by (modification time, path, position) wins.
   */
  private static Map<String, String> model(List<Rec> batch) {
    Map<String, List<Rec>> byFile = new TreeMap<>();
    batch.forEach(rec -> byFile.computeIfAbsent(rec.file(), file -> new ArrayList<>()).add(rec));
    List<ContractModel.InputFile> files = new ArrayList<>();
    byFile.forEach(
        (file, recs) -> {
          recs.sort(Comparator.comparingInt(Rec::position));
          files.add(
              new ContractModel.InputFile(
                  file,
                  recs.get(0).mtime(),
                  1,
                  ContractModel.Kind.DOCUMENT,
                  recs.stream()
                      .map(rec -> new ContractModel.Rec(rec.id(), rec.data(), rec.text()))
                      .toList()));
        });
    return new ContractModel(true, false).fullRun(files).verdicts();
  }

  private static Gen<List<Rec>> batches() {
    Gen<Long> mtimes = Gen.longs(0, 3);
    Gen<String> names = Gen.of("in/x.json", "in/b.json", "a.json", "z/q.json");
    Gen<List<Rec>> records = record().list(0, 8);
    Gen<List<Rec>> fileRecords =
        random -> placed(records.draw(random), mtimes.draw(random), names.draw(random));
    return fileRecords
        .list(1, 6)
        .map(
            files -> {
              List<Rec> all = new ArrayList<>();
              for (int i = 0; i < files.size(); i++) {
                for (Rec rec : files.get(i)) {
                  // Prefixing the index keeps names unique without sorting them like the index.
                  all.add(
                      new Rec(
                          rec.file() + "." + (char) ('e' - i) + i,
                          rec.mtime(),
                          rec.position(),
                          rec.id(),
                          rec.data(),
                          rec.ts(),
                          rec.text()));
                }
              }
              return all;
            });
  }

  private static List<Rec> placed(List<Rec> recs, long mtime, String name) {
    List<Rec> placed = new ArrayList<>();
    for (int position = 0; position < recs.size(); position++) {
      Rec rec = recs.get(position);
      placed.add(new Rec(name, mtime, position, rec.id(), rec.data(), rec.ts(), rec.text()));
    }
    return placed;
  }

  private static Gen<Rec> record() {
    Gen<String> id = Gen.of(IDS);
    Gen<String> data = Gen.of("x", "y").orNull(0.2);
    Gen<Instant> ts = Gen.of(INSTANTS);
    Gen<ZoneOffset> spelling = Gen.of(SPELLINGS);
    return random -> {
      String recId = id.draw(random);
      String recData = data.draw(random);
      Instant instant = ts.draw(random);
      return new Rec(
          "",
          0,
          0,
          recId,
          recData,
          instant,
          ISO_WITH_OFFSET.format(instant.atOffset(spelling.draw(random))));
    };
  }
}
