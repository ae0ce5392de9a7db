package io.github.jsondedup.generate;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a correct job makes of generated files, written beside them as {@value #FILE_NAME}.
 *
 * @param distinctKeys the rows a correct job stores from an empty dataset
 * @param exactDuplicates records whose key and data equal an earlier record's
 * @param conflicts records whose key equals an earlier record's, with other data
 * @param rowsPerDate stored rows by UTC date, {@code YYYY-MM-DD}
 */
public record GroundTruth(
    int files,
    long records,
    long distinctKeys,
    long exactDuplicates,
    long conflicts,
    Map<String, Long> rowsPerDate,
    GeneratorSettings settings) {
  /** Starts with {@code _}, so that the job, Spark and Hadoop skip it as input. */
  public static final String FILE_NAME = "_ground_truth.json";

  /** Counts of some files, added up while they are written. */
  static final class Counts {
    long records;
    long survivors;
    long exactDuplicates;
    long conflicts;
    final long[] survivorsPerDay;

    Counts(int days) {
      survivorsPerDay = new long[days];
    }

    Counts add(Counts other) {
      records += other.records;
      survivors += other.survivors;
      exactDuplicates += other.exactDuplicates;
      conflicts += other.conflicts;
      for (int day = 0; day < survivorsPerDay.length; day++) {
        survivorsPerDay[day] += other.survivorsPerDay[day];
      }
      return this;
    }

    /** The counts of a later byte copy of these files: every record repeats its original. */
    Counts copy() {
      Counts copy = new Counts(survivorsPerDay.length);
      copy.records = records;
      copy.exactDuplicates = survivors + exactDuplicates;
      copy.conflicts = conflicts;
      return copy;
    }

    GroundTruth truth(GeneratorSettings settings) {
      Map<String, Long> perDate = new TreeMap<>();
      for (int day = 0; day < survivorsPerDay.length; day++) {
        if (survivorsPerDay[day] > 0) {
          perDate.put(RecordSlots.FIRST_DAY.plusDays(day).toString(), survivorsPerDay[day]);
        }
      }
      return new GroundTruth(
          settings.files(), records, survivors, exactDuplicates, conflicts, perDate, settings);
    }
  }
}
