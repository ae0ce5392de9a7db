package io.github.jsondedup.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RankCountsTest {
  @Test
  void countsRowsByRankWhateverTheirOrder() {
    Random random = new Random(7);
    RankCounts counts = new RankCounts();
    Map<Integer, Long> expected = new TreeMap<>();
    // Runs of one file, as a reader gives them, then rows in any order, as the dedup does.
    for (int rank = 0; rank < 50; rank++) {
      for (int i = 0; i < rank; i++) {
        counts.add(rank);
        expected.merge(rank, 1L, Long::sum);
      }
    }
    for (int i = 0; i < 10_000; i++) {
      int rank = random.nextInt(200);
      counts.add(rank);
      expected.merge(rank, 1L, Long::sum);
    }

    counts.compact();

    assertThat(counts.toMap()).isEqualTo(expected);
    counts.compact();
    assertThat(counts.toMap()).as("compacted twice").isEqualTo(expected);
  }

  @Test
  void keepsEntriesByFilesNotByRows() {
    Random random = new Random(11);
    RankCounts counts = new RankCounts();
    Map<Integer, Long> expected = new TreeMap<>();
    for (int i = 0; i < 2_000_000; i++) {
      int rank = random.nextInt(100);
      counts.add(rank);
      expected.merge(rank, 1L, Long::sum);
    }

    assertThat(counts.capacity()).as("entries held for 100 files").isLessThanOrEqualTo(256);
    counts.compact();
    assertThat(counts.toMap()).isEqualTo(expected);
  }

  @Test
  void anEmptyCountHasNoRank() {
    RankCounts counts = new RankCounts();
    counts.compact();
    assertThat(counts.toMap()).isEmpty();
  }
}
