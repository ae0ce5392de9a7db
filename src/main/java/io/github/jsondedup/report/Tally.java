package io.github.jsondedup.report;

import io.github.jsondedup.read.Arrival;
import io.github.jsondedup.schema.Columns;
import io.github.jsondedup.schema.RecordStatus;
import io.github.jsondedup.sparkcompat.CatalystRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.AccumulatorV2;

/**
 * What the tasks of one step saw, counted while they run instead of in another pass over the data:
 * rows per status, the dates of VALID or WRITTEN rows, the files that gave a row, and the audit
 * files written. Each task reports its partition's whole tally at its end, keyed by partition, so
 * that a task run twice (a retry, a stage run again) replaces its own figures instead of adding to
 * them.
 */
public final class Tally extends AccumulatorV2<Tally.Part, Map<Integer, Tally.Part>> {
  private final Map<Integer, Part> parts = new HashMap<>();

  private static final int ARRIVAL = Columns.CHECKED.fieldIndex(Columns.ARRIVAL);
  private static final int STATUS = Columns.CHECKED.fieldIndex(Columns.STATUS);
  private static final int DATE = Columns.CHECKED.fieldIndex(Columns.DATE);
  private static final int REASON = Columns.CHECKED.fieldIndex(Columns.REASON);

  /** The status of a row's {@link Columns#STATUS} code. */
  public static RecordStatus statusOf(InternalRow row, int ordinal) {
    return RecordStatus.ofCode(row.getByte(ordinal));
  }

  /**
   * {@code checked} rows ({@link Columns#CHECKED}) as they are, counted into this tally as they
   * pass: rows per status, records, the dates of VALID rows and the files that gave a row.
   */
  public Dataset<Row> counting(SparkSession spark, Dataset<Row> checked) {
    Tally tally = this;
    JavaRDD<InternalRow> counted =
        CatalystRows.of(checked)
            .toJavaRDD()
            .mapPartitions(
                rows -> {
                  Part part = new Part();
                  return new Iterator<InternalRow>() {
                    @Override
                    public boolean hasNext() {
                      if (rows.hasNext()) {
                        return true;
                      }
                      tally.add(part);
                      return false;
                    }

                    @Override
                    public InternalRow next() {
                      InternalRow row = rows.next();
                      RecordStatus status = statusOf(row, STATUS);
                      part.count(status, row.getLong(ARRIVAL));
                      if (status == RecordStatus.VALID) {
                        part.date(row.getInt(DATE));
                      } else if (status == RecordStatus.UNREAD) {
                        part.unread(
                            Arrival.rank(row.getLong(ARRIVAL)),
                            row.getUTF8String(REASON).toString());
                      }
                      return row;
                    }
                  };
                });
    return CatalystRows.toDataset(spark, counted.rdd(), Columns.CHECKED);
  }

  /** A tally registered with Spark; unnamed, so that Spark's UI and event log leave it out. */
  public static Tally register(SparkContext spark) {
    Tally tally = new Tally();
    spark.register(tally);
    return tally;
  }

  /** One task's figures; filled by the task, then {@linkplain #add added} at its end. */
  public static final class Part implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int partition;
    private final long[] counts = new long[RecordStatus.values().length];
    private long records;
    // Days seen, few per task, checked for every row: a small array beats a boxed set here.
    private int[] dates = new int[8];
    private int dateCount;
    private final Set<Integer> files = new TreeSet<>();
    private final RankCounts recordsByFile = new RankCounts();
    private final RankCounts rejectedByFile = new RankCounts();
    private final RankCounts writtenByFile = new RankCounts();
    private final RankCounts quarantinedByFile = new RankCounts();
    private final Map<String, String> auditFiles = new HashMap<>();
    private final Map<Integer, String> unread = new HashMap<>();

    /** The figures of the running task's partition. */
    public Part() {
      this.partition = TaskContext.getPartitionId();
    }

    /** A row of {@code status} (and, for a record, its arrival tells so). */
    public void count(RecordStatus status, long arrival) {
      counts[status.code()]++;
      int rank = Arrival.rank(arrival);
      if (!Arrival.isFileRow(arrival)) {
        records++;
        recordsByFile.add(rank);
      }
      if (status == RecordStatus.REJECTED) {
        rejectedByFile.add(rank);
      } else if (status == RecordStatus.WRITTEN) {
        writtenByFile.add(rank);
      } else if (status == RecordStatus.QUARANTINED) {
        quarantinedByFile.add(rank);
      }
      if (Arrival.opensFile(arrival)) {
        files.add(rank);
      }
    }

    public void date(int epochDay) {
      for (int i = 0; i < dateCount; i++) {
        if (dates[i] == epochDay) {
          return;
        }
      }
      if (dateCount == dates.length) {
        dates = Arrays.copyOf(dates, dateCount * 2);
      }
      dates[dateCount++] = epochDay;
    }

    /** A file the file system failed to give, by its rank, and how. */
    public void unread(int rank, String cause) {
      unread.put(rank, cause);
    }

    /** An audit file of {@code kind} the task wrote. */
    public void auditFile(String kind, String path) {
      auditFiles.put(path, kind);
    }
  }

  /**
   * The figures of every partition, together.
   *
   * @param recordsByFile records by the rank of their file
   * @param rejectedByFile rejected records by the rank of their file
   * @param writtenByFile records written by the rank of their file
   * @param quarantinedByFile file problems (a file not a document, a broken tail) by file rank
   * @param unread the files the file system failed to give, by rank, with the cause
   */
  public record Sum(
      Map<RecordStatus, Long> counts,
      long records,
      List<Integer> dates,
      Set<Integer> files,
      Map<String, List<String>> auditFiles,
      Map<Integer, Long> recordsByFile,
      Map<Integer, Long> rejectedByFile,
      Map<Integer, Long> writtenByFile,
      Map<Integer, Long> quarantinedByFile,
      Map<Integer, String> unread) {
    public long countOf(RecordStatus status) {
      return counts.getOrDefault(status, 0L);
    }
  }

  /** Sums the partitions' figures; call once the step's Spark job has ended. */
  public Sum sum() {
    Map<RecordStatus, Long> counts = new EnumMap<>(RecordStatus.class);
    long records = 0;
    Set<Integer> dates = new TreeSet<>();
    Set<Integer> files = new TreeSet<>();
    Map<String, List<String>> auditFiles = new HashMap<>();
    Map<Integer, Long> recordsByFile = new HashMap<>();
    Map<Integer, Long> rejectedByFile = new HashMap<>();
    Map<Integer, Long> writtenByFile = new HashMap<>();
    Map<Integer, Long> quarantinedByFile = new HashMap<>();
    Map<Integer, String> unread = new TreeMap<>();
    synchronized (parts) {
      for (Part part : parts.values()) {
        for (RecordStatus status : RecordStatus.values()) {
          counts.merge(status, part.counts[status.code()], Long::sum);
        }
        records += part.records;
        for (int i = 0; i < part.dateCount; i++) {
          dates.add(part.dates[i]);
        }
        files.addAll(part.files);
        part.recordsByFile.addTo(recordsByFile);
        part.rejectedByFile.addTo(rejectedByFile);
        part.writtenByFile.addTo(writtenByFile);
        part.quarantinedByFile.addTo(quarantinedByFile);
        unread.putAll(part.unread);
        part.auditFiles.forEach(
            (path, kind) -> auditFiles.computeIfAbsent(kind, k -> new ArrayList<>()).add(path));
      }
    }
    auditFiles.values().forEach(paths -> paths.sort(null));
    return new Sum(
        Map.copyOf(counts),
        records,
        List.copyOf(dates),
        Set.copyOf(files),
        auditFiles,
        recordsByFile,
        rejectedByFile,
        writtenByFile,
        quarantinedByFile,
        unread);
  }

  @Override
  public boolean isZero() {
    synchronized (parts) {
      return parts.isEmpty();
    }
  }

  @Override
  public AccumulatorV2<Part, Map<Integer, Part>> copy() {
    Tally copy = new Tally();
    copy.merge(this);
    return copy;
  }

  @Override
  public void reset() {
    synchronized (parts) {
      parts.clear();
    }
  }

  @Override
  public void add(Part part) {
    part.recordsByFile.compact();
    part.rejectedByFile.compact();
    part.writtenByFile.compact();
    part.quarantinedByFile.compact();
    synchronized (parts) {
      parts.put(part.partition, part);
    }
  }

  @Override
  public void merge(AccumulatorV2<Part, Map<Integer, Part>> other) {
    Map<Integer, Part> theirs = other.value();
    synchronized (parts) {
      parts.putAll(theirs);
    }
  }

  @Override
  public Map<Integer, Part> value() {
    synchronized (parts) {
      return new HashMap<>(parts);
    }
  }
}
