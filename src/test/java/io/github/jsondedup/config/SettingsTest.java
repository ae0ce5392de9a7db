package io.github.jsondedup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void aSparkSettingIsTakenOverTheDefault() {
    Map<String, String> spark =
        Map.of("spark.jsondedup.key", "id", "spark.jsondedup.lock.ttlSeconds", "7");

    RunSettings settings =
        RunSettings.ofSparkConf(
            List.of("in"), new Destination.Folder("out"), key -> find(spark, key));

    assertThat(settings.key()).containsExactly("id");
    assertThat(settings.lockTtl()).isEqualTo(Duration.ofSeconds(7));
    assertThat(settings.reader()).isEqualTo(ReaderKind.STREAMING);
  }

  @Test
  void everySettingHasItsDefaultWithoutSparkSettings() {
    RunSettings settings = RunSettings.of(List.of("in"), "out");

    assertThat(settings.key()).containsExactly("id", "ts");
    assertThat(settings.maxRejected()).isEqualTo(RejectLimit.NONE);
    assertThat(settings.lockWait()).isZero();
    assertThat(settings.lockTtl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(Settings.MAX_FILES_PER_BATCH.valueIn(name -> Optional.empty()))
        .isEqualTo(Integer.MAX_VALUE);
    assertThat(settings.inputBytesPerTask()).isEqualTo(64L << 20);
    assertThat(settings.inputBytesPerBucket()).isEqualTo(1L << 30);
    assertThat(settings.incremental()).isEmpty();
    assertThat(settings.destination()).isEqualTo(new Destination.Folder("out"));
  }

  @Test
  void everyDefaultParses() {
    for (Setting<?> setting : Settings.ALL) {
      if (setting.defaultText() != null) {
        assertThat(setting.parse(setting.defaultText())).as(setting.name()).isNotNull();
      }
    }
  }

  @Test
  void aBadValueNamesTheSettingAndSaysWhatIsWrong() {
    assertThatThrownBy(() -> Settings.LOCK_TTL.parse("0"))
        .isInstanceOf(InvalidSettingException.class)
        .hasFieldOrPropertyWithValue("setting", "lock-ttl")
        .hasMessage("'0' is less than 1");
    assertThatThrownBy(() -> Settings.INPUT_BYTES_PER_TASK.parse("lots"))
        .hasMessage("'lots' is not a size such as 64m or 1g");
    assertThatThrownBy(() -> Settings.KEY.parse("id,id")).hasMessage("'id,id' names a field twice");
    assertThatThrownBy(() -> Settings.KEY.parse("id,when"))
        .hasMessageContaining("not a record's: choose from [id, data, ts]");
    assertThatThrownBy(() -> Settings.READER.parse("fast"))
        .hasMessage("'fast' is not a reader: choose streaming or spark-json");
  }

  @Test
  void aBadSparkSettingFailsTheRunBeforeItStarts() {
    assertThatThrownBy(
            () ->
                RunSettings.ofSparkConf(
                    List.of("in"),
                    new Destination.Folder("out"),
                    key -> find(Map.of("spark.jsondedup.inputBytesPerBucket", "-1"), key)))
        .isInstanceOf(InvalidSettingException.class)
        .hasFieldOrPropertyWithValue("setting", "input-bytes-per-bucket");
  }

  @Test
  void rejectLimitsParseAndPrintAsGiven() {
    assertThat(RejectLimit.parse("100")).hasToString("100");
    assertThat(RejectLimit.parse("0.5%")).hasToString("0.5%");
    assertThat(RejectLimit.parse("none")).isEqualTo(RejectLimit.NONE).hasToString("none");
    assertThat(RejectLimit.parse("10").exceededBy(11, 1000)).isTrue();
    assertThat(RejectLimit.parse("1%").exceededBy(10, 1000)).isFalse();
    assertThat(RejectLimit.parse("1%").exceededBy(11, 1000)).isTrue();
  }

  private static Optional<String> find(Map<String, String> spark, String key) {
    return Optional.ofNullable(spark.get(key));
  }
}
