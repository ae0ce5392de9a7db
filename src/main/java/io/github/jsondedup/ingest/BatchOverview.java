package io.github.jsondedup.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the driver learns about a classified batch in one aggregate, before it writes: how many
 * records ended in each status, the dates the batch would write to, and which files Spark read.
 *
 * @param recordsRead records read, counted apart from the statuses, so that a record left without a
 *     verdict shows as a gap in {@code read = written + duplicates + rejected}
 */
record BatchOverview(
    long recordsRead, Map<RecordStatus, Long> statusCounts, List<String> dates, Set<String> files) {

  static BatchOverview of(Dataset<Row> classified) {
    Column written = col(Columns.STATUS).equalTo(RecordStatus.WRITTEN.value());
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(col(Columns.SOURCE_POSITION)));
    aggregates.add(collect_set(when(written, col(Columns.DATE))));
    // A file that gave any row gave one with position 0 or none (a file problem): collecting only
    // those keeps the set's work per file, not per record.
    Column position = col(Columns.SOURCE_POSITION);
    aggregates.add(
        collect_set(when(position.isNull().or(position.equalTo(0)), col(Columns.SOURCE_FILE))));
    for (RecordStatus status : RecordStatus.values()) {
      aggregates.add(count(when(col(Columns.STATUS).equalTo(status.value()), lit(1))));
    }
    Row row =
        classified
            .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .first();
    Map<RecordStatus, Long> counts = new EnumMap<>(RecordStatus.class);
    for (RecordStatus status : RecordStatus.values()) {
      counts.put(status, row.getLong(3 + status.ordinal()));
    }
    Set<String> files =
        row.<String>getList(2).stream()
            .map(InputFile::sameFileKey)
            .collect(Collectors.toUnmodifiableSet());
    List<String> dates = row.<Object>getList(1).stream().map(Object::toString).sorted().toList();
    return new BatchOverview(row.getLong(0), Map.copyOf(counts), dates, files);
  }

  long countOf(RecordStatus status) {
    return statusCounts.get(status);
  }

  /** Listed files Spark returned no row for: files with no JSON value in them. */
  List<InputFile> unreadFiles(List<InputFile> readable) {
    return readable.stream()
        .filter(file -> !files.contains(InputFile.sameFileKey(file.sparkPath())))
        .toList();
  }
}
