package io.github.jsondedup.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.jsondedup.config.InvalidSettingException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes input files shaped like the problem statement's, with duplicates, conflicts and files that
 * arrive twice, and the {@link GroundTruth} beside them. The same settings and seed give the same
 * bytes; files are written in parallel.
 */
public final class DataGenerator {
  /** File {@code i} is modified at this instant plus {@code i} seconds: names and times agree. */
  private static final Instant FIRST_MTIME = Instant.parse("2026-02-01T00:00:00Z");

  private final GeneratorSettings settings;
  private final RecordSlots slots;

  public DataGenerator(GeneratorSettings settings) {
    this.settings = settings;
    this.slots = new RecordSlots(settings);
  }

  /** Writes every file and the ground truth into {@code directory}, which must be empty. */
  public GroundTruth writeTo(Path directory) throws IOException {
    Files.createDirectories(directory);
    try (var entries = Files.list(directory)) {
      if (entries.findAny().isPresent()) {
        throw new InvalidSettingException(
            "output", directory + " is not empty: generate into a new directory");
      }
    }
    int originals = settings.originalFiles();
    GroundTruth.Counts[] tallies =
        IntStream.range(0, originals)
            .parallel()
            .mapToObj(file -> writeOriginal(directory, file))
            .toArray(GroundTruth.Counts[]::new);
    GroundTruth.Counts total = new GroundTruth.Counts(settings.days());
    for (GroundTruth.Counts tally : tallies) {
      total.add(tally);
    }
    for (int file = originals; file < settings.files(); file++) {
      int source = (int) Math.floorMod(RecordSlots.mix(settings.seed() ^ file), (long) originals);
      Path copy = Files.copy(fileOf(directory, source), fileOf(directory, file));
      touch(copy, file);
      total.add(tallies[source].copy());
    }
    GroundTruth truth = total.truth(settings);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(directory.resolve(GroundTruth.FILE_NAME).toFile(), truth);
    return truth;
  }

  private GroundTruth.Counts writeOriginal(Path directory, int file) {
    Path path = fileOf(directory, file);
    GroundTruth.Counts tally = new GroundTruth.Counts(settings.days());
    try (Writer out = writer(path)) {
      out.write(settings.compact() ? "{\"records\":[" : "{\n  \"records\": [\n");
      long first = (long) file * settings.recordsPerFile();
      for (long slot = first; slot < first + settings.recordsPerFile(); slot++) {
        long survivor = slots.survivor(slot);
        if (slot != first) {
          out.write(settings.compact() ? "," : ",\n");
        }
        writeRecord(out, slot, survivor);
        tally.records++;
        if (survivor == slot) {
          tally.survivors++;
          tally.survivorsPerDay[slots.day(survivor)]++;
        } else if (slots.conflicts(slot)) {
          tally.conflicts++;
        } else {
          tally.exactDuplicates++;
        }
      }
      out.write(settings.compact() ? "]}\n" : "\n  ]\n}\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path, e);
    }
    touch(path, file);
    return tally;
  }

  // The problem statement's layout: one record per line, 2-space indents.
  private void writeRecord(Writer out, long slot, long survivor) throws IOException {
    String gap = settings.compact() ? "" : " ";
    out.write(settings.compact() ? "{\"id\":\"" : "    { \"id\": \"");
    out.write(RecordSlots.id(survivor));
    out.write("\"," + gap + "\"data\":" + gap + "\"");
    out.write(slots.data(slot, survivor));
    out.write("\"," + gap + "\"ts\":" + gap + "\"");
    out.write(slots.ts(survivor));
    out.write(settings.compact() ? "\"}" : "\" }");
  }

  private Writer writer(Path path) throws IOException {
    OutputStream out = Files.newOutputStream(path);
    if (settings.gzip()) {
      out = new GZIPOutputStream(out, 1 << 16);
    }
    return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 20);
  }

  private Path fileOf(Path directory, int file) {
    return directory.resolve(
        String.format(Locale.ROOT, "records-%06d.json%s", file, settings.gzip() ? ".gz" : ""));
  }

  private static void touch(Path path, int file) {
    try {
      Files.setLastModifiedTime(path, FileTime.from(FIRST_MTIME.plusSeconds(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot set the modification time of " + path, e);
    }
  }
}
