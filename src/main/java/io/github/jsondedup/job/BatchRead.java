package io.github.jsondedup.job;

import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.read.Unread;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.Tally;
import io.github.jsondedup.schema.RecordStatus;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * A batch as read: its rows spread by key ({@link io.github.jsondedup.dedup.KeySpread#batch}), less
 * those of files the file system failed to give; what the read counted; the files that gave no row
 * (the empty ones among them); and the files and folders left unread, which count for nothing here.
 */
record BatchRead(
    RDD<InternalRow> rows, Tally.Sum tally, List<InputFile> unreadable, List<Unread> unread) {

  /** Files quarantined whole: unreadable, or read and found to hold no records array. */
  long quarantinedFiles() {
    return tally.countOf(RecordStatus.QUARANTINED) + unreadable.size();
  }

  /** The records read, less those of files left unread part-way. */
  long records() {
    return tally.records() - ofUnread(tally.recordsByFile());
  }

  long rejected() {
    return tally.countOf(RecordStatus.REJECTED) - ofUnread(tally.rejectedByFile());
  }

  private long ofUnread(Map<Integer, Long> byFile) {
    return tally.unread().keySet().stream().mapToLong(rank -> byFile.getOrDefault(rank, 0L)).sum();
  }

  /** The dates (yyyy-MM-dd) of the records read. */
  List<String> dates() {
    return dates(tally);
  }

  static List<String> dates(Tally.Sum tally) {
    return tally.dates().stream().map(day -> LocalDate.ofEpochDay(day).toString()).toList();
  }

  /**
   * The counts a batch of {@code files} files has from its read alone; what became of each record
   * is the caller's to add (as ruled, or as refused).
   */
  RunCounts.Builder counts(int files) {
    return RunCounts.of()
        .files(files - tally.unread().size())
        .quarantinedFiles(quarantinedFiles())
        .recordsRead(records())
        .unreadFiles(unread.size());
  }
}
