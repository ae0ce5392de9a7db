package io.github.jsondedup.output;

import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.sparkcompat.CatalystRows;
import io.github.jsondedup.sparkcompat.HadoopConfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.apache.spark.SerializableWritable;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The rows of a folder dataset's Parquet files ({@link Columns#DATASET_SCHEMA} and each row's
 * {@link Columns#STORED_FILE}), read by tasks with Parquet's column readers. Spark's Parquet source
 * spends about a millisecond on every file it opens, whatever its size (it copies the whole Hadoop
 * configuration, some thousand settings, for each), which was most of reading back the rows of
 * 12,000 dates of a few rows each; these tasks share one configuration and open only the file.
 */
public final class StoredFiles {
  /** Bytes of stored files a task aims at; small files are packed together up to it. */
  private static final long BYTES_PER_TASK = 128L * 1024 * 1024;

  /** The columns read: the dataset's, without the date, which is the file's folder's. */
  private static final MessageType COLUMNS =
      Types.buildMessage()
          .optional(PrimitiveTypeName.BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(Columns.ID)
          .optional(PrimitiveTypeName.BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(Columns.DATA)
          .optional(PrimitiveTypeName.INT64)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
          .named(Columns.TS)
          .named("stored");

  static final StructType SCHEMA = Columns.DATASET_SCHEMA.add(Columns.STORED_FILE, "string");

  private StoredFiles() {}

  /** The rows of {@code files} (path to size), each a file under its {@code date=} folder. */
  public static Dataset<Row> read(SparkSession spark, Map<String, Long> files) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long bytes = files.values().stream().mapToLong(Long::longValue).sum();
    int tasks =
        (int)
            Math.min(
                Math.max(1, files.size()),
                Math.max(context.defaultParallelism(), bytes / BYTES_PER_TASK + 1));
    List<ArrayList<String>> slices = new ArrayList<>();
    IntStream.range(0, tasks).forEach(task -> slices.add(new ArrayList<>()));
    int next = 0;
    for (String file : files.keySet()) {
      slices.get(next++ % tasks).add(file);
    }
    // As the input reader's: the lists travel once, as a broadcast, not inside every task.
    Broadcast<ArrayList<ArrayList<String>>> taskFiles = context.broadcast(new ArrayList<>(slices));
    Broadcast<SerializableWritable<Configuration>> hadoop =
        HadoopConfs.broadcast(spark.sparkContext());
    return CatalystRows.toDataset(
        spark,
        context
            .parallelize(new ArrayList<>(IntStream.range(0, tasks).boxed().toList()), tasks)
            .flatMap(task -> rows(taskFiles.value().get(task), hadoop.value().value()))
            .rdd(),
        SCHEMA);
  }

  private static Iterator<InternalRow> rows(List<String> files, Configuration conf) {
    TaskRows rows = new TaskRows(files.iterator(), conf);
    // A task that fails or stops early still closes the file it had open.
    TaskContext.get().addTaskCompletionListener((TaskCompletionListener) task -> rows.close());
    return rows;
  }

  /** A task's rows, file by file and row group by row group: one row group in memory at a time. */
  static final class TaskRows implements Iterator<InternalRow> {
    private final Iterator<String> files;
    private final Configuration conf;
    private ParquetFileReader reader;
    private Object date;
    private UTF8String storedFile;
    private ColumnReader id;
    private ColumnReader data;
    private ColumnReader ts;
    private long rowsLeft;

    TaskRows(Iterator<String> files, Configuration conf) {
      this.files = files;
      this.conf = conf;
    }

    @Override
    public boolean hasNext() {
      try {
        while (rowsLeft == 0) {
          PageReadStore rowGroup = reader == null ? null : reader.readNextRowGroup();
          if (rowGroup != null) {
            ColumnReadStoreImpl columns =
                new ColumnReadStoreImpl(
                    rowGroup,
                    new GroupRecordConverter(COLUMNS).getRootConverter(),
                    COLUMNS,
                    reader.getFooter().getFileMetaData().getCreatedBy());
            id = columns.getColumnReader(column(Columns.ID));
            data = columns.getColumnReader(column(Columns.DATA));
            ts = columns.getColumnReader(column(Columns.TS));
            rowsLeft = rowGroup.getRowCount();
          } else if (!openNext()) {
            return false;
          }
        }
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read stored rows of " + storedFile, e);
      }
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      rowsLeft--;
      return new GenericInternalRow(
          new Object[] {text(id), text(data), micros(ts), date, storedFile});
    }

    void close() {
      try {
        if (reader != null) {
          reader.close();
          reader = null;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close " + storedFile, e);
      }
    }

    /** Closes the file read, opens the next one; false when there is none. */
    private boolean openNext() throws IOException {
      close();
      if (!files.hasNext()) {
        return false;
      }
      Path path = new Path(files.next());
      String folder = path.getParent().getName();
      date = (int) LocalDate.parse(folder.substring(folder.indexOf('=') + 1)).toEpochDay();
      // As Spark's _metadata.file_path gives it.
      storedFile = UTF8String.fromString(path.toUri().toString());
      reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf));
      checkTimestamps(path, reader.getFooter().getFileMetaData().getSchema());
      reader.setRequestedSchema(COLUMNS);
      return true;
    }
  }

  /** A dataset's ts is written as microseconds (contract rule 8); anything else is not ours. */
  private static void checkTimestamps(Path path, MessageType schema) {
    if (!schema.containsField(Columns.TS)
        || !schema.getType(Columns.TS).equals(COLUMNS.getType(Columns.TS))) {
      throw new IllegalStateException(
          "Cannot read the stored rows of "
              + path
              + ": its ts column is not microsecond timestamps, as this job writes them ("
              + schema
              + ")");
    }
  }

  private static ColumnDescriptor column(String name) {
    return COLUMNS.getColumnDescription(new String[] {name});
  }

  private static UTF8String text(ColumnReader column) {
    UTF8String value =
        column.getCurrentDefinitionLevel() == column.getDescriptor().getMaxDefinitionLevel()
            ? UTF8String.fromBytes(column.getBinary().getBytes())
            : null;
    column.consume();
    return value;
  }

  private static Long micros(ColumnReader column) {
    Long value =
        column.getCurrentDefinitionLevel() == column.getDescriptor().getMaxDefinitionLevel()
            ? column.getLong()
            : null;
    column.consume();
    return value;
  }
}
