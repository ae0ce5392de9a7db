package io.github.jsondedup.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The generator's ground truth is what a plain reading of its files gives: files in modification
 * time then name order, records in file order, the first record of each (id, ts) its survivor. And
 * the same settings give the same bytes.
 */
class GeneratorProperties {
  private final io.github.jsondedup.TempDirs tempDirs = new io.github.jsondedup.TempDirs();

  private static final ObjectMapper JSON = new ObjectMapper();

  @Property(tries = 40)
  void groundTruthIsWhatTheFilesHold(@ForAll("settings") GeneratorSettings settings)
      throws IOException {
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

  @Property(tries = 10)
  void theSameSettingsGiveTheSameBytes(@ForAll("settings") GeneratorSettings settings)
      throws IOException {
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

  @Provide
  Arbitrary<GeneratorSettings> settings() {
    Arbitrary<Double> share = Arbitraries.doubles().between(0, 1);
    return Combinators.combine(
            Arbitraries.integers().between(1, 8),
            Arbitraries.integers().between(1, 60),
            share,
            share,
            share,
            Arbitraries.doubles().between(0, 0.5),
            // Days (1 to 5) and the two format flags in one number: combine takes 8 arbitraries.
            Arbitraries.integers().between(0, 19),
            Arbitraries.longs())
        .as(
            (files, perFile, duplicates, conflicts, crossFile, copied, daysAndFlags, seed) ->
                new GeneratorSettings(
                    files,
                    perFile,
                    duplicates,
                    conflicts,
                    crossFile,
                    copied,
                    daysAndFlags / 4 + 1,
                    seed,
                    (daysAndFlags & 1) != 0,
                    (daysAndFlags & 2) != 0));
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

  @net.jqwik.api.lifecycle.AfterTry
  void removeTempDirs() {
    tempDirs.removeAll();
  }
}
