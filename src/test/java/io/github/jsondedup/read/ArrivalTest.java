package io.github.jsondedup.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalTest {
  @Test
  void arrivalsCompareAsFileRankThenPositionWithStoredRowsFirst() {
    long first = Arrival.ofRecord(0, 0);
    long later = Arrival.ofRecord(0, 1);
    long nextFile = Arrival.ofRecord(1, 0);
    long lastFile = Arrival.ofRecord(Arrival.MAX_FILES - 1, (1L << 39) - 2);

    assertThat(List.of(Arrival.STORED, first, later, Arrival.ofFile(0), nextFile, lastFile))
        .isSorted();
    assertThat(Arrival.rank(lastFile)).isEqualTo(Arrival.MAX_FILES - 1);
    assertThat(Arrival.position(lastFile)).isEqualTo((1L << 39) - 2);
  }

  @Test
  void aFileRowHasNoPositionAndOpensItsFile() {
    long fileRow = Arrival.ofFile(7);

    assertThat(Arrival.position(fileRow)).isNull();
    assertThat(Arrival.isFileRow(fileRow)).isTrue();
    assertThat(Arrival.opensFile(fileRow)).isTrue();
    assertThat(Arrival.opensFile(Arrival.ofRecord(7, 0))).isTrue();
    assertThat(Arrival.opensFile(Arrival.ofRecord(7, 1))).isFalse();
    assertThat(Arrival.rank(fileRow)).isEqualTo(7);
  }

  @Test
  void filesRankByModificationTimeThenPathAsSparkSpellsIt() {
    InputFile older = new InputFile("file:/in/z.json", 1_000, 1);
    InputFile sameTimeB = new InputFile("file:/in/b c.json", 2_000, 1);
    InputFile sameTimeA = new InputFile("file:/in/b+.json", 2_000, 1);

    assertThat(Arrival.ranked(List.of(sameTimeA, sameTimeB, older)))
        .containsExactly(older, sameTimeB, sameTimeA);
  }

  @Test
  void positionsBeyondWhatFitsAreRefused() {
    assertThatThrownBy(() -> Arrival.ofRecord(0, (1L << 39) - 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
