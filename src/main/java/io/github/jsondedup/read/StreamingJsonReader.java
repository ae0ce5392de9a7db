package io.github.jsondedup.read;

import io.github.jsondedup.config.ReadRetries;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.Reasons;
import io.github.jsondedup.schema.RecordStatus;
import io.github.jsondedup.sparkcompat.CatalystRows;
import io.github.jsondedup.sparkcompat.HadoopConfs;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parse stage as a stream of records inside Spark tasks: the driver's file listing is spread
 * over tasks by size, and each task reads its files with Hadoop's file systems and codecs and
 * {@link RecordStreamParser}, one record at a time. Memory does not grow with a file's size, and a
 * bad record or a broken tail costs only itself. Gives the rows {@link Documents#toRecords} gives
 * for Spark's JSON reader.
 */
public final class StreamingJsonReader {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingJsonReader.class);

  /** Bytes of input a task aims at; small files are packed together up to it. */
  private static final long BYTES_PER_TASK = 128L * 1024 * 1024;

  private StreamingJsonReader() {}

  /**
   * One row per record of {@code ranked} files (and per file problem), in {@link Columns#CHECKED}:
   * the records are checked in the tasks, as {@link Validation} checks the other reader's. A file's
   * index in {@code ranked} is its rank in the rows' {@link Columns#ARRIVAL}.
   */
  public static Dataset<Row> read(SparkSession spark, List<InputFile> ranked, ReadRetries retries) {
    return read(
        spark, ranked, new HadoopFiles(HadoopConfs.broadcast(spark.sparkContext())), retries);
  }

  /**
   * {@link #read(SparkSession, List, ReadRetries)}, with the files' bytes from {@code opener}: a
   * {@link ReadFailure} it throws, or that reading its stream throws, is tried again as {@code
   * retries} say, then gives the file's UNREAD row.
   */
  public static Dataset<Row> read(
      SparkSession spark, List<InputFile> ranked, FileOpener opener, ReadRetries retries) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<RankedFile> files = new ArrayList<>();
    for (int rank = 0; rank < ranked.size(); rank++) {
      files.add(new RankedFile(rank, ranked.get(rank)));
    }
    // The files of every task travel once, to each executor, as a broadcast: in the tasks
    // themselves, 100,000 files would make each of them megabytes. They are plain strings in
    // ArrayLists: Spark may serialize them with Kryo, whose field serializer cannot handle records.
    List<ArrayList<String>> tasks =
        packBySize(files, taskCount(spark, ranked)).stream()
            .map(task -> new ArrayList<>(task.stream().map(RankedFile::encode).toList()))
            .toList();
    Broadcast<ArrayList<ArrayList<String>>> taskFiles = context.broadcast(new ArrayList<>(tasks));
    JavaRDD<InternalRow> rows =
        context
            .parallelize(
                new ArrayList<>(IntStream.range(0, tasks.size()).boxed().toList()),
                Math.max(1, tasks.size()))
            .flatMap(
                task ->
                    new TaskRecords(
                        taskFiles.value().get(task).stream().map(RankedFile::decode).toList(),
                        opener,
                        retries));
    return CatalystRows.toDataset(spark, rows.rdd(), Columns.CHECKED);
  }

  /**
   * Where a file's bytes come from, decompressed; called in Spark tasks. A failure of the file
   * system (at the open or in a read of the stream) is a {@link ReadFailure}; any other exception
   * is the file's own problem (a damaged compressed stream), and quarantines it.
   */
  @FunctionalInterface
  public interface FileOpener extends Serializable {
    InputStream open(InputFile file) throws IOException;
  }

  /** Hadoop's file systems, and its codecs by the file's extension. */
  private static final class HadoopFiles implements FileOpener {
    private static final long serialVersionUID = 1L;

    private final Broadcast<SerializableWritable<Configuration>> hadoop;
    private transient CompressionCodecFactory codecs;

    HadoopFiles(Broadcast<SerializableWritable<Configuration>> hadoop) {
      this.hadoop = hadoop;
    }

    @Override
    public InputStream open(InputFile file) throws IOException {
      Configuration conf = hadoop.value().value();
      if (codecs == null) {
        codecs = new CompressionCodecFactory(conf);
      }
      Path path = new Path(file.path());
      InputStream in;
      try {
        in = ReadFailure.marking(path.getFileSystem(conf).open(path));
      } catch (IOException e) {
        throw new ReadFailure(e);
      }
      CompressionCodec codec = codecs.getCodec(path);
      return codec == null ? in : codec.createInputStream(in);
    }
  }

  /** A file with its rank in survivor order. */
  record RankedFile(int rank, InputFile file) {
    String encode() {
      return rank + " " + file.modificationTime() + " " + file.size() + " " + file.path();
    }

    static RankedFile decode(String encoded) {
      String[] parts = encoded.split(" ", 4);
      return new RankedFile(
          Integer.parseInt(parts[0]),
          new InputFile(parts[3], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
    }
  }

  /** Enough tasks for every core, more when the input is large. */
  private static int taskCount(SparkSession spark, List<InputFile> files) {
    long bytes = files.stream().mapToLong(InputFile::size).sum();
    int wanted =
        (int) Math.max(spark.sparkContext().defaultParallelism(), bytes / BYTES_PER_TASK + 1);
    return Math.min(Math.max(1, files.size()), wanted);
  }

  /** Largest file first into the lightest task: tasks of about equal bytes. */
  static List<List<RankedFile>> packBySize(List<RankedFile> files, int tasks) {
    List<List<RankedFile>> packed = new ArrayList<>();
    PriorityQueue<long[]> lightest = new PriorityQueue<>(Comparator.comparingLong(t -> t[0]));
    for (int i = 0; i < tasks; i++) {
      packed.add(new ArrayList<>());
      lightest.add(new long[] {0, i});
    }
    List<RankedFile> bySize = new ArrayList<>(files);
    bySize.sort(Comparator.comparingLong((RankedFile ranked) -> ranked.file().size()).reversed());
    for (RankedFile file : bySize) {
      long[] task = lightest.remove();
      packed.get((int) task[1]).add(file);
      task[0] += file.file().size();
      lightest.add(task);
    }
    packed.removeIf(List::isEmpty);
    return Collections.unmodifiableList(packed);
  }

  /** The rows of one task's files, one file open at a time. */
  private static final class TaskRecords implements Iterator<InternalRow> {
    private static final byte VALID = RecordStatus.VALID.code();
    private static final byte REJECTED = RecordStatus.REJECTED.code();

    private final Iterator<RankedFile> files;
    private final FileOpener opener;
    private final ReadRetries retries;
    private final RecordCheck check = new RecordCheck();
    private final long[] ts = new long[1];
    private int rank;
    private FileEntries entries;

    TaskRecords(List<RankedFile> files, FileOpener opener, ReadRetries retries) {
      this.files = files.iterator();
      this.opener = opener;
      this.retries = retries;
    }

    @Override
    public boolean hasNext() {
      while (entries == null || !entries.hasNext()) {
        if (!files.hasNext()) {
          return false;
        }
        RankedFile next = files.next();
        rank = next.rank();
        entries = new FileEntries(next.file(), opener, retries);
      }
      return true;
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ParsedRecord parsed = entries.next();
      Object[] row = new Object[Columns.CHECKED.size()];
      row[0] =
          parsed.position() == null
              ? Arrival.ofFile(rank)
              : Arrival.ofRecord(rank, parsed.position());
      row[1] = utf8(parsed.id());
      row[2] = utf8(parsed.data());
      if (parsed.status() == RecordStatus.VALID) {
        String problem = check.problem(parsed.id(), parsed.tsText(), ts);
        if (problem == null) {
          row[4] = VALID;
          row[7] = ts[0];
          row[8] = (int) Math.floorDiv(ts[0], RecordCheck.MICROS_PER_DAY);
          return new GenericInternalRow(row);
        }
        row[4] = REJECTED;
        row[5] = UTF8String.fromString(problem);
      } else {
        row[4] = parsed.status().code();
        row[5] = utf8(parsed.reason());
      }
      // Only rejected records keep what the input spelled, for their audit.
      if (parsed.position() != null) {
        row[3] = utf8(parsed.tsText());
        row[6] = utf8(parsed.text());
      }
      return new GenericInternalRow(row);
    }

    private static UTF8String utf8(String text) {
      return text == null ? null : UTF8String.fromString(text);
    }
  }

  /**
   * One file's entries. When the file system fails (at the open or part-way), the file is opened
   * again after a wait and read on from the record after the last one given, so that no record is
   * given twice; when every try failed, the last entry is the file's UNREAD row (the records given
   * before it are dropped by the job, which reads the whole file again in its next run).
   */
  static final class FileEntries implements Iterator<ParsedRecord> {
    private final InputFile file;
    private final FileOpener opener;
    private final Backoff backoff;
    private RecordStreamParser parser;
    private ParsedRecord ahead;
    private long given;
    private boolean done;

    FileEntries(InputFile file, FileOpener opener, ReadRetries retries) {
      this.file = file;
      this.opener = opener;
      this.backoff = new Backoff(retries);
    }

    @Override
    public boolean hasNext() {
      while (ahead == null && !done) {
        try {
          ahead = advance();
        } catch (IOException | RuntimeException e) {
          Optional<ReadFailure> failure = ReadFailure.in(e);
          close();
          if (failure.isEmpty()) {
            // Not the file system: the bytes themselves (a compressed stream that is not one).
            ahead = ParsedRecord.fileProblem(Reasons.cannotOpen(e));
            done = true;
          } else if (!backoff.waitAfter(failure.get(), "read", file.path())) {
            ahead = ParsedRecord.unread(failure.get().cause());
            done = true;
          }
        }
      }
      return ahead != null;
    }

    @Override
    public ParsedRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ParsedRecord next = ahead;
      ahead = null;
      return next;
    }

    /** The next entry, opening the file (again) if need be; null at the file's end. */
    private ParsedRecord advance() throws IOException {
      if (parser == null) {
        parser = new RecordStreamParser(opener.open(file));
        for (long skipped = 0; skipped < given && parser.hasNext(); ) {
          if (parser.next().position() != null) {
            skipped++;
          }
        }
      }
      if (!parser.hasNext()) {
        close();
        done = true;
        return null;
      }
      ParsedRecord entry = parser.next();
      if (entry.position() != null) {
        given++;
      }
      return entry;
    }

    private void close() {
      if (parser != null) {
        try {
          parser.close();
        } catch (IOException e) {
          // Closing a file read to its end, or one that failed: nothing of it is lost.
          LOG.debug("Cannot close {}", file.path(), e);
        } finally {
          parser = null;
        }
      }
    }
  }
}
