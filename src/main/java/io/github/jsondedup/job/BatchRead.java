package io.github.jsondedup.job;

import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.report.RunCounts;
import io.github.jsondedup.report.Tally;
import io.github.jsondedup.schema.RecordStatus;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * A batch as read: its rows spread by key ({@link io.github.jsondedup.dedup.KeySpread#batch}), what
 * the read counted, and the files it could not read (the empty ones among them).
 */
record BatchRead(RDD<InternalRow> rows, Tally.Sum tally, List<InputFile> unreadable) {

  /** Files quarantined whole: unreadable, or read and found to hold no records array. */
  long quarantinedFiles() {
    return tally.countOf(RecordStatus.QUARANTINED) + unreadable.size();
  }

  long rejected() {
    return tally.countOf(RecordStatus.REJECTED);
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
        .files(files)
        .quarantinedFiles(quarantinedFiles())
        .recordsRead(tally.records());
  }
}
