package io.github.jsondedup.report;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows counted by the rank of their file, in a task's hot loop: rows of one file that come together
 * (as a reader gives them) add to one entry; rows in any order (as the dedup gives them) add one
 * entry each, folded to one per file whenever the entries fill up, and when the task ends. An entry
 * is one long, the rank above the count, so that a plain sort brings a file's entries together.
 */
final class RankCounts implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long COUNT_MASK = 0xFFFF_FFFFL;

  private long[] entries = new long[16];
  private int size;

  /** One more row of the file {@code rank}. */
  void add(int rank) {
    if (size > 0) {
      long last = entries[size - 1];
      if ((int) (last >>> 32) == rank && (last & COUNT_MASK) != COUNT_MASK) {
        entries[size - 1] = last + 1;
        return;
      }
    }
    if (size == entries.length) {
      fold();
      // Grown only when the task's files need it: the entries stay within twice its files,
      // whatever its rows (one entry per row was 160 MB at 20M rows of one date).
      if (size > entries.length / 2) {
        entries = Arrays.copyOf(entries, entries.length * 2);
      }
    }
    entries[size++] = ((long) rank << 32) | 1;
  }

  /** Folds the entries to one per rank, in rank order; before the task sends them. */
  void compact() {
    fold();
    entries = Arrays.copyOf(entries, Math.max(size, 1));
  }

  private void fold() {
    Arrays.sort(entries, 0, size);
    int kept = 0;
    for (int i = 0; i < size; i++) {
      long entry = entries[i];
      if (kept > 0
          && entries[kept - 1] >>> 32 == entry >>> 32
          && (entries[kept - 1] & COUNT_MASK) + (entry & COUNT_MASK) < COUNT_MASK) {
        entries[kept - 1] += entry & COUNT_MASK;
      } else {
        entries[kept++] = entry;
      }
    }
    size = kept;
  }

  /** Adds these counts into {@code byRank}. */
  void addTo(Map<Integer, Long> byRank) {
    for (int i = 0; i < size; i++) {
      byRank.merge((int) (entries[i] >>> 32), entries[i] & COUNT_MASK, Long::sum);
    }
  }

  /** The entries this holds room for; for tests. */
  int capacity() {
    return entries.length;
  }

  /** The counts by rank; for tests. */
  Map<Integer, Long> toMap() {
    Map<Integer, Long> byRank = new TreeMap<>();
    addTo(byRank);
    return byRank;
  }
}
