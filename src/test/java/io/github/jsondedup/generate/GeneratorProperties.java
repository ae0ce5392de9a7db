package io.github.jsondedup.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.jsondedup.check.ForAll;
import io.github.jsondedup.check.Gen;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The generator's ground truth is what a plain reading of its files gives: files in modification
 * time then name order, records in file order, the first record of each (id, ts) its survivor. And
 * the same settings give the same bytes.
 */
class GeneratorProperties {
  private final io.github.jsondedup.TempDirs tempDirs = new io.github.jsondedup.TempDirs();

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void groundTruthIsWhatTheFilesHold() {
    ForAll.check(40, settings(), this::groundTruthOf, tempDirs::removeAll);
  }

  @Test
  void theSameSettingsGiveTheSameBytes() {
    ForAll.check(10, settings(), this::sameBytes, tempDirs::removeAll);
  }

  private void groundTruthOf(GeneratorSettings settings) throws IOException {
    Path directory = tempDirs.create("generated");
    GroundTruth truth = new DataGenerator(settings).writeTo(directory);

    Map<String, String> survivorData = new HashMap<>();
    Map<String, Long> rowsPerDate = new TreeMap<>();
    long records = 0;
    long exact = 0;
    long conflicts = 0;
    for (Path file : inSurvivorOrder(directory)) {
      for (JsonNode record : read(file).get("records")) {
        records++;
        String ts = record.get("ts").asText();
        String key = record.get("id").asText() + "|" + Instant.parse(ts);
        String data = record.get("data").asText();
        String survivor = survivorData.putIfAbsent(key, data);
        if (survivor == null) {
          rowsPerDate.merge(
              Instant.parse(ts).atZone(ZoneOffset.UTC).toLocalDate().toString(), 1L, Long::sum);
        } else if (survivor.equals(data)) {
          exact++;
        } else {
          conflicts++;
        }
      }
    }
    assertThat(truth.records()).isEqualTo(records).isEqualTo(settings.records());
    assertThat(truth.distinctKeys()).isEqualTo(survivorData.size());
    assertThat(truth.exactDuplicates()).isEqualTo(exact);
    assertThat(truth.conflicts()).isEqualTo(conflicts);
    assertThat(truth.rowsPerDate()).isEqualTo(rowsPerDate);
    assertThat(inSurvivorOrder(directory)).hasSize(settings.files());
  }

  private void sameBytes(GeneratorSettings settings) throws IOException {
    Path first = tempDirs.create("generated");
    Path second = tempDirs.create("generated");
    new DataGenerator(settings).writeTo(first);
    new DataGenerator(settings).writeTo(second);
    for (Path file : inSurvivorOrder(first)) {
      Path twin = second.resolve(file.getFileName());
      assertThat(Files.readAllBytes(twin)).isEqualTo(Files.readAllBytes(file));
      assertThat(Files.getLastModifiedTime(twin)).isEqualTo(Files.getLastModifiedTime(file));
    }
  }

  private static Gen<GeneratorSettings> settings() {
    Gen<Integer> files = Gen.ints(1, 8);
    Gen<Integer> perFile = Gen.ints(1, 60);
    Gen<Double> share = Gen.doubles(0, 1);
    Gen<Double> copied = Gen.doubles(0, 0.5);
    Gen<Integer> days = Gen.ints(1, 5);
    Gen<Boolean> flag = Gen.booleans();
    return random ->
        new GeneratorSettings(
            files.draw(random),
            perFile.draw(random),
            share.draw(random),
            share.draw(random),
            share.draw(random),
            copied.draw(random),
            days.draw(random),
            random.nextLong(),
            flag.draw(random),
            flag.draw(random));
  }

  private static List<Path> inSurvivorOrder(Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    try (var listing = Files.list(directory)) {
      listing.filter(file -> !file.getFileName().toString().startsWith("_")).forEach(files::add);
    }
    files.sort(
        Comparator.comparing(
                (Path file) -> {
                  try {
                    return Files.getLastModifiedTime(file);
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                })
            .thenComparing(Path::toString));
    return files;
  }

  private static JsonNode read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return JSON.readTree(file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in);
    }
  }
}
