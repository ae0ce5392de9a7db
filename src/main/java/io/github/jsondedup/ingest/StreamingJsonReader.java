package io.github.jsondedup.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.timestamp_millis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The parse stage as a stream of records inside Spark tasks: the driver's file listing is spread
 * over tasks by size, and each task reads its files with Hadoop's file systems and codecs and
 * {@link RecordStreamParser}, one record at a time. Memory does not grow with a file's size, and a
 * bad record or a broken tail costs only itself. Gives the rows {@link Documents#toRecords} gives
 * for Spark's JSON reader.
 */
public final class StreamingJsonReader {
  /** Bytes of input a task aims at; small files are packed together up to it. */
  private static final long BYTES_PER_TASK = 128L * 1024 * 1024;

  private StreamingJsonReader() {}

  /**
   * One row per record of {@code files} (and per file problem), in {@link Columns#CHECKED}: the
   * records are checked in the tasks, as {@link Validation} checks the other reader's.
   */
  public static Dataset<Row> read(SparkSession spark, List<InputFile> files) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableWritable<Configuration>> hadoop =
        context.broadcast(new SerializableWritable<>(spark.sparkContext().hadoopConfiguration()));
    // Tasks carry their files as plain strings in ArrayLists: Spark may serialize them with Kryo,
    // whose field serializer cannot handle Java records.
    List<ArrayList<String>> tasks =
        packBySize(files, taskCount(spark, files)).stream()
            .map(task -> new ArrayList<>(task.stream().map(StreamingJsonReader::encode).toList()))
            .toList();
    Dataset<ReadRecord> records =
        spark.createDataset(
            context
                .parallelize(new ArrayList<>(tasks), Math.max(1, tasks.size()))
                .flatMap(
                    task ->
                        new TaskRecords(
                            task.stream().map(StreamingJsonReader::decode).toList(),
                            hadoop.value().value()))
                .rdd(),
            Encoders.bean(ReadRecord.class));
    return records.select(
        col("sourceFile").as(Columns.SOURCE_FILE),
        timestamp_millis(col("sourceMtime")).as(Columns.SOURCE_MTIME),
        col("sourcePosition").as(Columns.SOURCE_POSITION),
        col("id").as(Columns.ID),
        col("data").as(Columns.DATA),
        col("tsText").as(Columns.TS_TEXT),
        col("status").as(Columns.STATUS),
        col("reason").as(Columns.REASON),
        col("sourceText").as(Columns.SOURCE_TEXT),
        timestamp_micros(col("tsMicros")).as(Columns.TS),
        date_from_unix_date(col("dateDays")).as(Columns.DATE));
  }

  private static String encode(InputFile file) {
    return file.modificationTime() + " " + file.size() + " " + file.path();
  }

  private static InputFile decode(String encoded) {
    String[] parts = encoded.split(" ", 3);
    return new InputFile(parts[2], Long.parseLong(parts[0]), Long.parseLong(parts[1]));
  }

  /** Enough tasks for every core, more when the input is large. */
  private static int taskCount(SparkSession spark, List<InputFile> files) {
    long bytes = files.stream().mapToLong(InputFile::size).sum();
    int wanted =
        (int) Math.max(spark.sparkContext().defaultParallelism(), bytes / BYTES_PER_TASK + 1);
    return Math.min(Math.max(1, files.size()), wanted);
  }

  /** Largest file first into the lightest task: tasks of about equal bytes. */
  static List<List<InputFile>> packBySize(List<InputFile> files, int tasks) {
    List<List<InputFile>> packed = new ArrayList<>();
    PriorityQueue<long[]> lightest = new PriorityQueue<>(Comparator.comparingLong(t -> t[0]));
    for (int i = 0; i < tasks; i++) {
      packed.add(new ArrayList<>());
      lightest.add(new long[] {0, i});
    }
    List<InputFile> bySize = new ArrayList<>(files);
    bySize.sort(Comparator.comparingLong(InputFile::size).reversed());
    for (InputFile file : bySize) {
      long[] task = lightest.remove();
      packed.get((int) task[1]).add(file);
      task[0] += file.size();
      lightest.add(task);
    }
    packed.removeIf(List::isEmpty);
    return Collections.unmodifiableList(packed);
  }

  /** The rows of one task's files, one file open at a time. */
  private static final class TaskRecords implements Iterator<ReadRecord> {
    private final Iterator<InputFile> files;
    private final Configuration hadoop;
    private final CompressionCodecFactory codecs;
    private final RecordCheck check = new RecordCheck();
    private final long[] ts = new long[1];
    private InputFile file;
    private String fileName;
    private Iterator<ParsedRecord> records = Collections.emptyIterator();
    private RecordStreamParser open;

    TaskRecords(List<InputFile> files, Configuration hadoop) {
      this.files = files.iterator();
      this.hadoop = hadoop;
      this.codecs = new CompressionCodecFactory(hadoop);
    }

    @Override
    public boolean hasNext() {
      while (!records.hasNext()) {
        closeFile();
        if (!files.hasNext()) {
          return false;
        }
        file = files.next();
        fileName = file.sparkPath();
        records = openFile(file);
      }
      return true;
    }

    @Override
    public ReadRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ParsedRecord parsed = records.next();
      ReadRecord record = new ReadRecord();
      record.setSourceFile(fileName);
      record.setSourceMtime(file.modificationTime());
      record.setSourcePosition(parsed.position());
      record.setId(parsed.id());
      record.setData(parsed.data());
      record.setStatus(parsed.status().value());
      record.setReason(parsed.reason());
      String problem =
          parsed.status() == RecordStatus.VALID
              ? check.problem(parsed.id(), parsed.tsText(), ts)
              : null;
      if (parsed.status() == RecordStatus.VALID && problem == null) {
        record.setTsMicros(ts[0]);
        record.setDateDays((int) Math.floorDiv(ts[0], RecordCheck.MICROS_PER_DAY));
        return record;
      }
      if (problem != null) {
        record.setStatus(RecordStatus.REJECTED.value());
        record.setReason(problem);
      }
      // Only rejected records keep what the input spelled, for their audit.
      if (parsed.status() != RecordStatus.QUARANTINED
          && parsed.status() != RecordStatus.NO_RECORDS) {
        record.setTsText(parsed.tsText());
        record.setSourceText(parsed.text());
      }
      return record;
    }

    private Iterator<ParsedRecord> openFile(InputFile file) {
      try {
        Path path = new Path(file.path());
        InputStream in = path.getFileSystem(hadoop).open(path);
        CompressionCodec codec = codecs.getCodec(path);
        open = new RecordStreamParser(codec == null ? in : codec.createInputStream(in));
        return open;
      } catch (IOException | RuntimeException e) {
        return List.of(ParsedRecord.fileProblem(Reasons.cannotOpen(e))).iterator();
      }
    }

    private void closeFile() {
      if (open != null) {
        try {
          open.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          open = null;
        }
      }
    }
  }
}
