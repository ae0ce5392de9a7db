package io.github.jsondedup.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jsondedup.read.InputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint's record of the files read (contract rule 5), without a run around it. */
class FileLogTest {
  private final Configuration hadoop = new Configuration();

  @TempDir Path checkpoint;

  @Test
  void theLogIsCompactedAndStillKnowsEveryFile() throws IOException {
    List<InputFile> files = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      files.add(new InputFile("file:/in/f" + i + ".json", 1000L * i, 10 + i));
    }
    FileLog log = FileLog.load(hadoop, checkpoint.toString());
    for (InputFile file : files) {
      assertThat(log.pending(files)).first().isEqualTo(file);
      log.record(List.of(file), "run-1");
    }

    FileLog reloaded = FileLog.load(hadoop, checkpoint.toString());

    assertThat(reloaded.pending(files)).as("nothing new after compaction").isEmpty();
    assertThat(reloaded.size()).isEqualTo(25);
    try (Stream<Path> entries = Files.list(checkpoint.resolve("files"))) {
      assertThat(entries.map(path -> path.getFileName().toString()))
          .filteredOn(name -> !name.startsWith("."))
          .as("25 batches, folded into one file every 10 entries")
          .hasSizeBetween(1, 11);
    }
  }

  @Test
  void filesNoLongerListedLeaveTheLogAndAreReadAgainIfTheyComeBack() throws IOException {
    List<InputFile> old = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      old.add(new InputFile("file:/in/old-" + i + ".json", 1000L * i, 10));
    }
    InputFile kept = new InputFile("file:/in/kept.json", 5, 10);
    FileLog log = FileLog.load(hadoop, checkpoint.toString());
    log.record(old, "run-1");
    log.record(List.of(kept), "run-2");
    long bytesBefore = logBytes();

    log.forgetUnlisted(List.of(kept));

    FileLog reloaded = FileLog.load(hadoop, checkpoint.toString());
    assertThat(reloaded.size()).as("only the file still listed").isEqualTo(1);
    assertThat(logBytes()).isLessThan(bytesBefore / 100);
    assertThat(reloaded.pending(List.of(kept))).isEmpty();
    assertThat(reloaded.pending(List.of(old.get(7), kept)))
        .as("a forgotten file listed again is read again")
        .containsExactly(old.get(7));
  }

  @Test
  void aFewFilesNoLongerListedDoNotRewriteTheLog() throws IOException {
    List<InputFile> files = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      files.add(new InputFile("file:/in/f-" + i + ".json", 1000L * i, 10));
    }
    FileLog log = FileLog.load(hadoop, checkpoint.toString());
    log.record(files, "run-1");
    long bytesBefore = logBytes();

    log.forgetUnlisted(files.subList(1, files.size()));

    assertThat(logBytes()).isEqualTo(bytesBefore);
    assertThat(log.size()).isEqualTo(99);
    log.forgetUnlisted(files.subList(50, files.size()));
    assertThat(FileLog.load(hadoop, checkpoint.toString()).size())
        .as("written once a quarter are gone")
        .isEqualTo(50);
  }

  private long logBytes() throws IOException {
    try (Stream<Path> entries = Files.list(checkpoint.resolve("files"))) {
      return entries.mapToLong(path -> path.toFile().length()).sum();
    }
  }

  @Test
  void aFileThatChangedSizeOrTimeIsPendingAgain() {
    InputFile file = new InputFile("file:/in/a.json", 1000, 10);
    FileLog log = FileLog.load(hadoop, checkpoint.toString());
    log.record(List.of(file), "run-1");

    FileLog reloaded = FileLog.load(hadoop, checkpoint.toString());

    assertThat(reloaded.pending(List.of(file))).isEmpty();
    InputFile grown = new InputFile(file.path(), 1000, 20);
    InputFile touched = new InputFile(file.path(), 2000, 10);
    assertThat(reloaded.pending(List.of(grown))).containsExactly(grown);
    assertThat(reloaded.pending(List.of(touched))).containsExactly(touched);
  }

  @Test
  void aLogFromBeforeEntriesNamedTheirRunStillLoadsAndEachEntryNamesItsRunSince()
      throws IOException {
    Files.createDirectories(checkpoint.resolve("files"));
    Files.writeString(
        checkpoint.resolve("files/0.json"),
        "{\"path\":\"file:/in/old.json\",\"size\":10,\"mtime\":1000}\n");
    FileLog log = FileLog.load(hadoop, checkpoint.toString());
    InputFile old = new InputFile("file:/in/old.json", 1000, 10);
    InputFile added = new InputFile("file:/in/new.json", 2000, 20);

    assertThat(log.pending(List.of(old, added))).containsExactly(added);
    log.record(List.of(added), "run-2");

    assertThat(FileLog.load(hadoop, checkpoint.toString()).entries())
        .extracting(entry -> entry.path() + " " + entry.runId())
        .containsExactlyInAnyOrder("file:/in/old.json null", "file:/in/new.json run-2");
  }
}
