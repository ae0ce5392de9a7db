package io.github.jsondedup.dedup;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.jsondedup.Datasets;
import io.github.jsondedup.InMemoryBatch;
import io.github.jsondedup.TempDirs;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.check.ForAll;
import io.github.jsondedup.check.Gen;
import io.github.jsondedup.output.AuditTee;
import io.github.jsondedup.read.Arrival;
import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.read.SparkJsonReader;
import io.github.jsondedup.read.Validation;
import io.github.jsondedup.report.Tally;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import io.github.jsondedup.sparkcompat.CatalystRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one-pass scan ({@link KeyScan}) against the window-based dedup and stored-rows join it
 * replaced ({@link BatchDedup}, {@link StoredKeys}, kept in the tests as the reference): on random
 * batches (few keys, so duplicates and conflicts are common; equal modification times; rejected
 * records and quarantined files; several dates; stored rows, some equal and some not; each key
 * choice; random buckets and partitions) both give every row the same status and reason, every
 * duplicate and conflict the same survivor, with the same source and values, and the same audit
 * rows: the scan's tasks' JSON lines are the reference's rows through Spark's JSON writer.
 */
class ScanMatchesWindowProperties {
  private static final List<String> IDS = List.of("a", "b", "c");
  private static final List<String> TIMES =
      List.of(
          "2019-04-23T10:00:00Z",
          "2019-04-23T12:00:00+02:00",
          "2019-04-24T10:00:00Z",
          "1899-12-31T23:59:59.999999Z",
          "not a time");
  private static final List<List<String>> KEYS =
      List.of(Columns.DEFAULT_KEY, List.of(Columns.ID), List.of(Columns.ID, Columns.DATA));

  private final SparkSession spark = TestSpark.session();
  private final TempDirs tempDirs = new TempDirs();

  @AfterEach
  void removeTempDirs() {
    tempDirs.removeAll();
  }

  record Rec(String id, String data, String ts) {}

  /** One file: its name, modification time, and records, or none when it is quarantined. */
  record File(String name, long mtime, List<Rec> records) {}

  /** A batch, the rows stored before it, its key and how it is spread. */
  record Case(List<File> files, List<Rec> stored, int keyChoice, int buckets, int partitions) {}

  // 15 random batches a run (each about a second and a half here); every run draws new ones.
  @Test
  void theScanRulesAsTheWindowAndTheJoinDid() {
    Gen<List<File>> files = files();
    Gen<List<Rec>> stored = record().list(0, 4);
    Gen<Integer> keyChoice = Gen.ints(0, 2);
    Gen<Integer> buckets = Gen.ints(1, 3);
    Gen<Integer> partitions = Gen.ints(1, 5);
    ForAll.check(
        10,
        random ->
            new Case(
                files.draw(random),
                stored.draw(random),
                keyChoice.draw(random),
                buckets.draw(random),
                partitions.draw(random)),
        batch ->
            rulesAsTheWindow(
                batch.files(),
                batch.stored(),
                batch.keyChoice(),
                batch.buckets(),
                batch.partitions()),
        tempDirs::removeAll);
  }

  private void rulesAsTheWindow(
      List<File> files, List<Rec> stored, int keyChoice, int buckets, int partitions)
      throws IOException {
    List<String> key = KEYS.get(keyChoice);
    List<Row> rows = new ArrayList<>();
    List<InputFile> listed = new ArrayList<>();
    for (File file : files) {
      InputFile input = new InputFile("in/" + file.name(), file.mtime(), 1);
      listed.add(input);
      Timestamp mtime = new Timestamp(file.mtime());
      if (file.records() == null) {
        rows.add(
            RowFactory.create(
                input.sparkPath(),
                mtime,
                null,
                null,
                null,
                null,
                RecordStatus.QUARANTINED.code(),
                "broken",
                null));
        continue;
      }
      for (int position = 0; position < file.records().size(); position++) {
        Rec rec = file.records().get(position);
        rows.add(
            RowFactory.create(
                input.sparkPath(),
                mtime,
                (long) position,
                rec.id(),
                rec.data(),
                rec.ts(),
                RecordStatus.VALID.code(),
                null,
                "{}"));
      }
    }
    Dataset<Row> checked =
        Validation.validate(spark.createDataFrame(rows, Columns.RECORDS).repartition(3));
    Dataset<Row> storedRows = storedRows(stored, key);
    List<InputFile> ranked = Arrival.ranked(listed);

    // Each is read twice, for the rows and for the audit: computed once.
    Dataset<Row> reference =
        StoredKeys.ruleAgainstStored(BatchDedup.classify(checked, key), storedRows, key).persist();
    Dataset<Row> scanned =
        InMemoryBatch.classify(
                spark,
                SparkJsonReader.withArrival(spark, checked, ranked),
                storedRows,
                new KeySpread(key, buckets, partitions),
                ranked)
            .persist();
    try {
      assertSameRulingAndAudit(reference, scanned, key, ranked);
    } finally {
      reference.unpersist();
      scanned.unpersist();
    }
  }

  private void assertSameRulingAndAudit(
      Dataset<Row> reference, Dataset<Row> scanned, List<String> key, List<InputFile> ranked)
      throws IOException {

    Map<String, String> expected = new TreeMap<>();
    for (Row row : reference.collectAsList()) {
      Long position = row.getAs(Columns.SOURCE_POSITION);
      expected.put(row.getAs(Columns.SOURCE_FILE) + "#" + position, verdict(row, key));
    }
    Map<String, String> actual = new TreeMap<>();
    for (Row row : scanned.collectAsList()) {
      long arrival = row.getAs(Columns.ARRIVAL);
      actual.put(
          ranked.get(Arrival.rank(arrival)).sparkPath() + "#" + Arrival.position(arrival),
          verdict(row, key));
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(auditOf(scanned, key, ranked)).isEqualTo(referenceAudit(reference, key));
  }

  // Spark plans an empty batch as no partitions at all, while the stored side has some.
  @Test
  void aBatchWithoutRecordsMeetsStoredRows() throws IOException {
    rulesAsTheWindow(
        List.of(new File("e.json", 0, List.of())),
        List.of(new Rec("a", "x", "2019-04-23T10:00:00Z")),
        1,
        1,
        2);
  }

  /** What the scan's tasks keep for audit, as JSON objects by kind. */
  private Map<String, Set<JsonNode>> auditOf(
      Dataset<Row> scanned, List<String> key, List<InputFile> ranked) throws IOException {
    Path staging = tempDirs.create("audit");
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    AuditTee.Sink sink =
        new AuditTee.Sink(
            staging.toUri().toString(),
            context.broadcast(
                new SerializableWritable<>(spark.sparkContext().hadoopConfiguration())),
            context.broadcast(new ArrayList<>(ranked.stream().map(InputFile::sparkPath).toList())),
            key,
            true);
    Tally tally = Tally.register(spark.sparkContext());
    CatalystRows.of(scanned)
        .toJavaRDD()
        .mapPartitions(rows -> AuditTee.apply(rows, sink, tally))
        .count();
    Map<String, Set<JsonNode>> audit = new TreeMap<>();
    for (String kind : List.of("rejected", "quarantined", "conflicts")) {
      audit.put(kind, jsonLines(staging.resolve(kind)));
    }
    return audit;
  }

  /** What the reference's rows give as audit through Spark's own JSON writer. */
  private Map<String, Set<JsonNode>> referenceAudit(Dataset<Row> reference, List<String> key)
      throws IOException {
    List<String> conflictColumns = new ArrayList<>(key);
    conflictColumns.addAll(BatchDedup.nonKeyFields(key));
    conflictColumns.addAll(List.of(Columns.SOURCE_FILE, Columns.SOURCE_POSITION, Columns.SURVIVOR));
    Map<String, Dataset<Row>> kinds = new LinkedHashMap<>();
    kinds.put(
        "rejected",
        withStatus(reference, RecordStatus.REJECTED)
            .select(
                col(Columns.SOURCE_FILE),
                col(Columns.SOURCE_POSITION),
                col(Columns.REASON),
                col(Columns.ID),
                col(Columns.DATA),
                col(Columns.TS_TEXT).as(Columns.TS),
                col(Columns.SOURCE_TEXT)));
    kinds.put(
        "quarantined",
        withStatus(reference, RecordStatus.QUARANTINED)
            .select(Columns.SOURCE_FILE, Columns.REASON));
    kinds.put(
        "conflicts",
        withStatus(reference, RecordStatus.CONFLICT)
            .select(conflictColumns.stream().map(name -> col(name)).toArray(Column[]::new)));
    // toJSON gives the lines Spark's JSON writer would write, without writing them.
    ObjectMapper json = new ObjectMapper();
    Map<String, Set<JsonNode>> audit = new TreeMap<>();
    for (Map.Entry<String, Dataset<Row>> kind : kinds.entrySet()) {
      Set<JsonNode> lines = new HashSet<>();
      for (String line : kind.getValue().toJSON().collectAsList()) {
        lines.add(json.readTree(line));
      }
      audit.put(kind.getKey(), lines);
    }
    return audit;
  }

  private static Dataset<Row> withStatus(Dataset<Row> rows, RecordStatus status) {
    return rows.where(col(Columns.STATUS).equalTo(status.code()));
  }

  private static Set<JsonNode> jsonLines(Path folder) throws IOException {
    Set<JsonNode> lines = new HashSet<>();
    if (!Files.exists(folder)) {
      return lines;
    }
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
        for (String line : Files.readAllLines(file)) {
          assertThat(lines.add(json.readTree(line))).as("one audit line per row").isTrue();
        }
      }
    }
    return lines;
  }

  /**
   * A row's status and reason, and for a duplicate or conflict its survivor's source and values.
   */
  private static String verdict(Row row, List<String> key) {
    StringBuilder verdict =
        new StringBuilder(Datasets.statusText(row))
            .append(' ')
            .append(row.<String>getAs(Columns.REASON));
    Row survivor = row.getAs(Columns.SURVIVOR);
    String status = Datasets.statusText(row);
    boolean audited = status.equals("conflict") || status.equals("duplicate");
    if (audited && survivor != null) {
      verdict
          .append(" survivor ")
          .append(survivor.<String>getAs(Columns.SOURCE_FILE))
          .append('#')
          .append(survivor.<Long>getAs(Columns.SOURCE_POSITION));
      for (String field : BatchDedup.nonKeyFields(key)) {
        verdict.append(' ').append(field).append('=').append(survivor.<Object>getAs(field));
      }
    }
    return verdict.toString();
  }

  /** Stored rows of {@code recs}, one per key as in the dataset, with a file each. */
  private Dataset<Row> storedRows(List<Rec> recs, List<String> key) {
    Map<String, Row> byKey = new LinkedHashMap<>();
    int file = 0;
    for (Rec rec : recs) {
      Instant ts;
      try {
        ts = java.time.OffsetDateTime.parse(rec.ts()).toInstant();
      } catch (java.time.format.DateTimeParseException notATime) {
        continue;
      }
      Map<String, Object> fields = new HashMap<>();
      fields.put(Columns.ID, rec.id());
      fields.put(Columns.DATA, rec.data());
      fields.put(Columns.TS, ts);
      String keyText =
          key.stream().map(field -> String.valueOf(fields.get(field))).toList().toString();
      byKey.putIfAbsent(
          keyText,
          RowFactory.create(
              rec.id(),
              rec.data(),
              ts,
              LocalDate.ofInstant(ts, ZoneOffset.UTC),
              "file:/out/date=x/part-" + (file++ % 2) + ".parquet"));
    }
    return spark.createDataFrame(
        new ArrayList<>(byKey.values()),
        Columns.DATASET_SCHEMA.add(Columns.STORED_FILE, DataTypes.StringType));
  }

  private static Gen<List<File>> files() {
    Gen<Long> mtime = Gen.longs(0, 2).map(seconds -> seconds * 1000);
    Gen<List<Rec>> records = record().list(0, 6).orNull(0.1);
    Gen<File> file = random -> new File("", mtime.draw(random), records.draw(random));
    return file.list(1, 5)
        .map(
            list -> {
              List<File> named = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                // Names whose order is not the index's: the path decides ties on mtime.
                named.add(
                    new File(
                        (char) ('e' - i) + ".json", list.get(i).mtime(), list.get(i).records()));
              }
              return named;
            });
  }

  private static Gen<Rec> record() {
    Gen<String> id = Gen.of(IDS).orNull(0.05);
    Gen<String> data = Gen.of("x", "y").orNull(0.2);
    Gen<String> ts = Gen.of(TIMES);
    return random -> new Rec(id.draw(random), data.draw(random), ts.draw(random));
  }
}
