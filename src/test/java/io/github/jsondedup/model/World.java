package io.github.jsondedup.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.github.jsondedup.Datasets;
import io.github.jsondedup.ExpectedLogs;
import io.github.jsondedup.Fixtures;
import io.github.jsondedup.TestSpark;
import io.github.jsondedup.TestTables;
import io.github.jsondedup.config.ReadRetries;
import io.github.jsondedup.config.ReaderKind;
import io.github.jsondedup.config.RunSettings;
import io.github.jsondedup.faults.Faults;
import io.github.jsondedup.faults.FaultyFileSystem;
import io.github.jsondedup.job.IncrementalIngest;
import io.github.jsondedup.job.IngestJob;
import io.github.jsondedup.model.ContractModel.Kind;
import io.github.jsondedup.model.ContractModel.Outcome;
import io.github.jsondedup.model.ContractModel.Rec;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.RunReport;
import io.github.jsondedup.schema.Columns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The system under test beside its model: two input folders that producers change (a run is given
 * each that holds files), an output dataset and a checkpoint, and the {@link ContractModel} that is
 * told of every change. Each run of the job, with the world's reader and key, is checked against
 * the model at once: the dataset, the counts and the audit. File names hold what globs, URIs and
 * shells make something of; some documents start with a byte order mark.
 */
final class World implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PROJECT = Path.of(System.getProperty("jsondedup.projectDir", "."));
  private static final Instant CLOCK_START = Instant.parse("2024-06-01T00:00:00Z");
  private static final List<String> INPUTS = List.of("1", "2");

  /** The model's name of the checkpoint of the runs under faults. */
  private static final String FAULTY_CHECKPOINT = "faulty";

  private static final String[] NAME_PREFIXES = {"", "c[1] ", "q? ", "brace{a,b} ", "x%41#é "};
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** A file as written: its bytes, modification time and meaning. */
  private record Written(byte[] bytes, long mtime, Kind kind, List<Rec> records) {}

  private final SparkSession spark = TestSpark.session();
  private final Path root;
  private final Path input;
  private final Path output;
  private final Path checkpoint;
  private final Path faultyCheckpoint;
  private final ReaderKind reader;
  private final String table;
  private final List<String> key;
  private final ContractModel model;
  private final Map<String, Written> files = new TreeMap<>();
  private long clock;
  private int sequence;
  private String uploading;
  private List<Rec> uploadingRecords;
  private int runs;
  private int killedWhileRunning;
  private int faultyRuns;

  /**
   * @param reader the runs' reader
   * @param key the runs' key
   * @param intoTable whether the runs store into an Iceberg table rather than a folder
   */
  World(ReaderKind reader, List<String> key, boolean intoTable) {
    this.reader = reader;
    this.key = List.copyOf(key);
    this.model = new ContractModel(key.contains(Columns.TS), reader == ReaderKind.SPARK_JSON);
    try {
      root = Files.createTempDirectory("json-dedup-model");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    input = root.resolve("input");
    output = root.resolve("output");
    table = intoTable ? TestTables.catalog(root.resolve("warehouse")) + ".db.events" : null;
    checkpoint = root.resolve("checkpoint");
    faultyCheckpoint = root.resolve("faulty-checkpoint");
  }

  List<String> fileNames() {
    return List.copyOf(files.keySet());
  }

  @Override
  public String toString() {
    return "a world read by "
        + reader.option()
        + " on --key "
        + String.join(",", key)
        + (table == null ? " into a folder" : " into a table");
  }

  boolean hasUpload() {
    return uploading != null;
  }

  int runs() {
    return runs;
  }

  /** The runs under a fault of the file system. */
  int faultyRuns() {
    return faultyRuns;
  }

  /** The runs killed while their process was still running (not after it had ended). */
  int killedWhileRunning() {
    return killedWhileRunning;
  }

  // ---- what producers do ----

  /** A new document in {@code folder}: "" and "a/" in the first input, "z/" in the second. */
  void addDocument(String folder, List<Rec> records, long advance) {
    clock += advance;
    String in = folder.equals("z/") ? "2/" + folder : "1/" + folder;
    write(newName(in), document(records, null), clockMillis(), Kind.DOCUMENT, records);
  }

  /** A gzip copy of a file, named .gz, arriving now. */
  void copyCompressed(String name) {
    Written original = files.get(name);
    clock += 1;
    String copy = newName("2/gz/") + ".gz";
    write(
        copy, Fixtures.gzip(original.bytes()), clockMillis(), original.kind(), original.records());
  }

  /** A file copied in with a modification time long before every other (rsync -a, a backfill). */
  void backfill(List<Rec> records) {
    write(newName("1/backfill/"), document(records, null), oldMillis(), Kind.DOCUMENT, records);
  }

  /** The same bytes again under a new name, arriving now. */
  void redeliver(String name) {
    Written original = files.get(name);
    clock += 1;
    write(newName("1/"), original.bytes(), clockMillis(), original.kind(), original.records());
  }

  /** A copy that keeps the original's modification time (cp -p, distcp -p). */
  void copyKeepingTime(String name) {
    Written original = files.get(name);
    write(
        newName("2/copies/"),
        original.bytes(),
        original.mtime(),
        original.kind(),
        original.records());
  }

  /** The first part of a document, cut inside a record, as a partial upload leaves it. */
  void startUpload(List<Rec> complete, Rec cutInside) {
    clock += 1;
    uploading = newName("1/");
    uploadingRecords = new ArrayList<>(complete);
    uploadingRecords.add(cutInside);
    write(uploading, document(complete, cutInside), clockMillis(), Kind.TRUNCATED, complete);
  }

  /** The partial upload's file completed in place. */
  void completeUpload() {
    clock += 1;
    write(
        uploading,
        document(uploadingRecords, null),
        clockMillis(),
        Kind.DOCUMENT,
        uploadingRecords);
    uploading = null;
  }

  /** A producer corrects a file in place. */
  void rewrite(String name, List<Rec> records) {
    if (name.equals(uploading)) {
      uploading = null;
    }
    clock += 1;
    write(name, document(records, null), clockMillis(), Kind.DOCUMENT, records);
  }

  void addBadFile(Kind kind) {
    clock += 1;
    String text =
        switch (kind) {
          case NOT_JSON -> "this is not JSON\n";
          case EMPTY -> "";
          case NO_RECORDS_ARRAY -> "{\"other\": [1, 2]}\n";
          default -> throw new IllegalArgumentException(kind.toString());
        };
    write(newName("2/"), text.getBytes(StandardCharsets.UTF_8), clockMillis(), kind, List.of());
  }

  // ---- runs, each checked against the model ----

  void fullRun() {
    runs++;
    RunReport report = new IngestJob(spark, options()).run();
    Outcome expected = model.fullRun(listed());
    check(List.of(report), List.of(expected));
  }

  void incrementalRun(int limit) {
    runs++;
    List<RunReport> reports = new ArrayList<>();
    new IncrementalIngest(spark, options().withCheckpoint(checkpoint.toString(), limit, null))
        .run(reports::add);
    List<Outcome> expected = model.incrementalRun(listed(), limit);
    check(reports, expected);
  }

  /** What the file system is made to do wrong during one run ({@link #runUnderFault}). */
  enum Fault {
    /** One file cannot be opened, on any try. */
    OPEN_FAILS,
    /** One file's reads fail from its second on, on every try: it fails part-way. */
    READ_FAILS_PART_WAY,
    /** One file's second and third reads fail: the retries read it whole. */
    READ_FAILS_TWICE,
    /** The folder of one file cannot be listed. */
    FOLDER_UNLISTABLE,
    /** The disk of the output's data files fills after some bytes. */
    DISK_FULL,
    /** The output's data files cannot be created. */
    CANNOT_CREATE
  }

  /**
   * A run (full, or incremental on a checkpoint of its own) through the fault-injecting file
   * system, with {@code fault} on {@code name} (or its folder) and {@code --max-unread maxUnread}.
   * It either stores what the model says of the files it could read (the unread ones left for a
   * later run), or fails, as the fault allows, and stores nothing: the dataset stays the model's.
   */
  void runUnderFault(Fault fault, String name, int maxUnread, long diskBytes, boolean incremental) {
    runs++;
    faultyRuns++;
    String file = Pattern.quote(input.resolve(name).toAbsolutePath().toString()) + "$";
    String folderName = name.substring(0, name.lastIndexOf('/'));
    Set<String> unread = new TreeSet<>();
    switch (fault) {
      case OPEN_FAILS -> Faults.always(Faults.Op.OPEN, file, "Permission denied");
      case READ_FAILS_PART_WAY -> {
        Faults.readInChunksOf(16);
        Faults.times(Faults.Op.READ, file, 1, -1, "Input/output error");
      }
      case READ_FAILS_TWICE -> {
        Faults.readInChunksOf(16);
        Faults.times(Faults.Op.READ, file, 1, 2, "Connection reset");
      }
      case FOLDER_UNLISTABLE ->
          Faults.always(
              Faults.Op.LIST,
              Pattern.quote(input.resolve(folderName).toAbsolutePath().toString()) + "$",
              "Permission denied");
      case DISK_FULL -> Faults.diskFullAfter("\\.parquet$", diskBytes);
      case CANNOT_CREATE -> Faults.always(Faults.Op.CREATE, "\\.parquet$", "Permission denied");
    }
    int unreadInputs = 0;
    boolean read =
        !incremental
            || listed().stream()
                .anyMatch(f -> f.path().equals(name) && model.pending(f, FAULTY_CHECKPOINT));
    // A file whose first bytes show it is not JSON is bad data before its second read fails.
    boolean badBeforeTheFault =
        fault == Fault.READ_FAILS_PART_WAY && files.get(name).kind() == Kind.NOT_JSON;
    if ((fault == Fault.OPEN_FAILS || fault == Fault.READ_FAILS_PART_WAY)
        && files.get(name).bytes().length > 0
        && !badBeforeTheFault
        && read) {
      unread.add(name);
      unreadInputs = 1;
    } else if (fault == Fault.FOLDER_UNLISTABLE) {
      files.keySet().stream().filter(f -> f.startsWith(folderName + "/")).forEach(unread::add);
      unreadInputs = 1;
    }
    boolean outputFault = fault == Fault.DISK_FULL || fault == Fault.CANNOT_CREATE;
    RunSettings settings =
        options(
                inputs().stream().map(in -> FaultyFileSystem.uri(Path.of(in))).toList(),
                table == null ? FaultyFileSystem.uri(output) : null)
            .withReadRetries(new ReadRetries(3, 1, maxUnread));
    List<RunReport> reports = new ArrayList<>();
    RuntimeException failed = null;
    try {
      ExpectedLogs.run(
          "the file system fails as the history says",
          () -> {
            if (incremental) {
              new IncrementalIngest(
                      spark,
                      settings.withCheckpoint(faultyCheckpoint.toString(), Integer.MAX_VALUE, null))
                  .run(reports::add);
            } else {
              reports.add(new IngestJob(spark, settings).run());
            }
          });
    } catch (RuntimeException e) {
      failed = e;
    } finally {
      Faults.clear();
    }
    List<ContractModel.InputFile> readable =
        listed().stream().filter(f -> !unread.contains(f.path())).toList();
    if (failed != null) {
      boolean mayFail =
          outputFault
              || unreadInputs > maxUnread
              // Spark's JSON reader reads a file whole or fails the run on it.
              || (reader == ReaderKind.SPARK_JSON && fault != Fault.FOLDER_UNLISTABLE);
      assertThat(mayFail).as("a run failed under %s: %s", fault, failed).isTrue();
      assertThat(storedRows()).as("the dataset after a failed run").isEqualTo(model.dataset());
      return;
    }
    assertThat(unreadInputs)
        .as("a run under %s stored the rest", fault)
        .isLessThanOrEqualTo(maxUnread);
    List<Outcome> expected =
        incremental
            ? model.incrementalRun(readable, Integer.MAX_VALUE, FAULTY_CHECKPOINT)
            : List.of(model.fullRun(readable));
    assertThat(storedRows())
        .as("the dataset after a run under %s", fault)
        .isEqualTo(model.dataset());
    assertThat(
            reports.stream()
                // An incremental batch of nothing but unread files: no batch in the model.
                .filter(
                    report ->
                        !incremental
                            || report.counts().files() > 0
                            || report.counts().unreadFiles() == 0)
                .map(report -> withoutUnread(report.counts()))
                .toList())
        .as("the counts of each batch under %s", fault)
        .isEqualTo(expected.stream().map(Outcome::counts).toList());
    assertThat(reports.stream().mapToLong(report -> report.counts().unreadFiles()).sum())
        .as("unread files and folders")
        .isLessThanOrEqualTo(unreadInputs);
  }

  private static RunCounts withoutUnread(RunCounts c) {
    return new RunCounts(
        c.files(),
        c.quarantinedFiles(),
        c.recordsRead(),
        c.written(),
        c.exactDuplicates(),
        c.conflicts(),
        c.alreadyStored(),
        c.rejected(),
        c.heldBack(),
        0);
  }

  /**
   * A run in a process of its own, killed (SIGKILL) after {@code delayMillis} wherever it is, then
   * the same run again here: the dataset must be the one an uninterrupted run leaves. The counts of
   * the second run depend on how far the first got, so only their balance is checked (the job fails
   * a run whose counts do not balance).
   */
  void killedRun(Integer limit, long delayMillis) {
    runs++;
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + PROJECT.resolve("conf/java17-spark.args"),
                "-Xmx512m",
                // A killed JVM cleans nothing up: its temporary files go where the world's go.
                "-Djava.io.tmpdir=" + scratch(),
                "-Dspark.local.dir=" + scratch(),
                "-Dlog4j2.configurationFile=" + PROJECT.resolve("conf/log4j2.properties"),
                "-Dspark.master=local[2]",
                "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1",
                "-Dspark.sql.shuffle.partitions=4",
                "-cp",
                System.getProperty("java.class.path"),
                "io.github.jsondedup.Main",
                "run",
                "--reader",
                reader.option(),
                "--key",
                String.join(",", key)));
    for (String in : inputs()) {
      command.addAll(List.of("--input", in));
    }
    if (table == null) {
      command.addAll(List.of("--output", output.toString()));
    } else {
      command.addAll(List.of("--table", table));
      // The tests' catalog, as TestTables gives it to the tests' session.
      String catalog = table.substring(0, table.indexOf('.'));
      String prefix = "spark.sql.catalog." + catalog;
      command.addAll(
          command.indexOf("-cp"),
          List.of(
              "-D" + prefix + "=" + spark.conf().get(prefix),
              "-D" + prefix + ".type=" + spark.conf().get(prefix + ".type"),
              "-D" + prefix + ".warehouse=" + spark.conf().get(prefix + ".warehouse"),
              "-D" + prefix + ".lock-impl=" + spark.conf().get(prefix + ".lock-impl")));
    }
    if (limit != null) {
      command.addAll(
          List.of("--checkpoint", checkpoint.toString(), "--max-files-per-batch", "" + limit));
    }
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      boolean killed = !process.waitFor(delayMillis, TimeUnit.MILLISECONDS);
      if (killed) {
        process.destroyForcibly();
        process.waitFor();
      }
      killedWhileRunning += killed ? 1 : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    String why = "the killed run's lock taken over, its leftovers removed";
    if (limit == null) {
      ExpectedLogs.during(why, () -> new IngestJob(spark, options()).run());
      model.fullRun(listed());
    } else {
      ExpectedLogs.run(
          why,
          () ->
              new IncrementalIngest(
                      spark, options().withCheckpoint(checkpoint.toString(), limit, null))
                  .run(report -> {}));
      model.incrementalRun(listed(), limit);
    }
    assertThat(storedRows())
        .as("the dataset after a killed run and a second run")
        .isEqualTo(model.dataset());
  }

  private void check(List<RunReport> reports, List<Outcome> expected) {
    assertThat(storedRows()).as("the dataset").isEqualTo(model.dataset());
    assertThat(reports.stream().map(RunReport::counts).toList())
        .as("the counts of each batch")
        .isEqualTo(expected.stream().map(Outcome::counts).toList());
    for (int i = 0; i < reports.size(); i++) {
      assertThat(conflicts(reports.get(i))).as("conflicts").isEqualTo(expected.get(i).conflicts());
      assertThat(rejected(reports.get(i))).as("rejected").isEqualTo(expected.get(i).rejected());
      assertThat(quarantined(reports.get(i)))
          .as("quarantined")
          .isEqualTo(expected.get(i).quarantined());
    }
  }

  private List<String> conflicts(RunReport report) {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("data", DataTypes.StringType)
            .add("survivor", new StructType().add("data", DataTypes.StringType));
    return audit(report, "conflicts", schema).stream()
        .map(
            row ->
                row.getAs("id")
                    + "|"
                    + row.getAs("data")
                    + "|"
                    + row.<Row>getAs("survivor").getAs("data"))
        .sorted()
        .toList();
  }

  private List<String> rejected(RunReport report) {
    StructType schema =
        new StructType()
            .add("source_file", DataTypes.StringType)
            .add("source_position", DataTypes.LongType);
    return audit(report, "rejected", schema).stream()
        .map(row -> relative(row.getAs("source_file")) + "|" + row.getAs("source_position"))
        .sorted()
        .toList();
  }

  private List<String> quarantined(RunReport report) {
    StructType schema = new StructType().add("source_file", DataTypes.StringType);
    return audit(report, "quarantined", schema).stream()
        .map(row -> relative(row.getAs("source_file")))
        .sorted()
        .toList();
  }

  // An explicit schema: Spark's JSON writer leaves out null fields, so inference may miss one.
  private List<Row> audit(RunReport report, String kind, StructType schema) {
    String path = report.audit().get(kind);
    return path == null ? List.of() : spark.read().schema(schema).json(path).collectAsList();
  }

  /** A file the audit names (a URL-encoded URI), by its name relative to the inputs' folder. */
  private String relative(String sparkPath) {
    Path file = Path.of(java.net.URI.create(sparkPath));
    assertThat(file).startsWith(input.toAbsolutePath());
    return input.toAbsolutePath().relativize(file).toString();
  }

  private List<ContractModel.InputFile> listed() {
    return files.entrySet().stream()
        .map(
            entry ->
                new ContractModel.InputFile(
                    entry.getKey(),
                    entry.getValue().mtime(),
                    entry.getValue().bytes().length,
                    entry.getValue().kind(),
                    entry.getValue().records()))
        .toList();
  }

  private Path scratch() {
    try {
      return Files.createDirectories(root.resolve("scratch"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RunSettings options() {
    return options(inputs(), output.toString());
  }

  /** The world's settings on {@code inputs}, into the folder {@code folder} or the table. */
  private RunSettings options(List<String> inputs, String folder) {
    RunSettings target =
        table == null ? RunSettings.of(inputs, folder) : RunSettings.ofTable(inputs, table);
    return target.withReader(reader).withKey(key);
  }

  /** The rows stored, folder or table, as {@code id|data|ts|date} lines. */
  private List<String> storedRows() {
    if (table == null) {
      return Files.exists(output) ? Datasets.storedRows(output) : List.of();
    }
    // A run that failed before it made the table leaves none.
    return spark.catalog().tableExists(table) ? TestTables.rows(table) : List.of();
  }

  /** The input folders that hold files: a run of the job is given each. */
  private List<String> inputs() {
    return INPUTS.stream()
        .filter(in -> files.keySet().stream().anyMatch(name -> name.startsWith(in + "/")))
        .map(in -> input.resolve(in).toString())
        .toList();
  }

  // ---- files ----

  private String newName(String folder) {
    int number = sequence++;
    return folder
        + NAME_PREFIXES[number % NAME_PREFIXES.length]
        + String.format(Locale.ROOT, "f%03d.json", number);
  }

  private long clockMillis() {
    return CLOCK_START.plusSeconds(clock).toEpochMilli();
  }

  private long oldMillis() {
    return CLOCK_START.minus(Duration.ofDays(40)).plusSeconds(sequence).toEpochMilli();
  }

  private void write(String name, byte[] bytes, long mtime, Kind kind, List<Rec> records) {
    try {
      Path file = input.resolve(name);
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.put(name, new Written(bytes, mtime, kind, List.copyOf(records)));
  }

  /**
   * {@code {"records": [...]}}, or its beginning up to inside {@code cutInside} when given; every
   * third document starts with a byte order mark.
   */
  private byte[] document(List<Rec> records, Rec cutInside) {
    byte[] text = documentText(records, cutInside);
    if (sequence % 3 != 0) {
      return text;
    }
    byte[] marked = java.util.Arrays.copyOf(BOM, BOM.length + text.length);
    System.arraycopy(text, 0, marked, BOM.length, text.length);
    return marked;
  }

  private static byte[] documentText(List<Rec> records, Rec cutInside) {
    List<String> texts = new ArrayList<>(records.stream().map(World::json).toList());
    String text;
    if (cutInside == null) {
      text = "{\"records\": [\n  " + String.join(",\n  ", texts) + "\n]}\n";
    } else {
      String cut = json(cutInside);
      texts.add(cut.substring(0, cut.length() / 2));
      text = "{\"records\": [\n  " + String.join(",\n  ", texts);
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String json(Rec rec) {
    ObjectNode node = JSON.createObjectNode();
    if (rec.id() != null && rec.id().startsWith("#")) {
      node.putRawValue("id", new RawValue(rec.id().substring(1)));
    } else if (rec.id() != null) {
      node.put("id", rec.id());
    }
    node.put("data", rec.data());
    if (rec.ts() != null) {
      node.put("ts", rec.ts());
    }
    return node.toString();
  }

  @Override
  public void close() {
    FileUtils.deleteQuietly(root.toFile());
  }
}
