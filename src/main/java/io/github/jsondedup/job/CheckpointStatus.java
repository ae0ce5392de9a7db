package io.github.jsondedup.job;

import io.github.jsondedup.output.OutputLayout;
import io.github.jsondedup.output.OutputLock;
import io.github.jsondedup.read.InputDiscovery;
import io.github.jsondedup.read.InputFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What an incremental run would find now (contract rule 5), read from its checkpoint and a listing
 * of the inputs alone: no Spark, nothing written.
 *
 * @param output the folder or the table the checkpoint reads into; none before its first run
 * @param ingestFolder that output's folder of run reports; none before the first run of a build
 *     that records it
 * @param pending the files listed now that are new or changed since read, oldest first
 * @param changedFiles the paths of those that were read before, and changed since
 * @param filesRead how many files the checkpoint holds as read
 * @param runs the runs that read them, newest first: run id and how many of the files it read
 * @param lock the lock an incremental run takes, and its holder if a run holds it
 */
public record CheckpointStatus(
    Optional<String> output,
    Optional<String> ingestFolder,
    List<InputFile> pending,
    java.util.Set<String> changedFiles,
    int filesRead,
    Map<String, Long> runs,
    Path lockFile,
    Optional<OutputLock.Holder> lock) {

  /** The status of {@code checkpoint} against what {@code inputs} hold now. */
  public static CheckpointStatus of(Configuration hadoop, String checkpoint, List<String> inputs) {
    FileLog log = FileLog.load(hadoop, checkpoint);
    CheckpointOwner owner = CheckpointOwner.of(hadoop, checkpoint);
    List<InputFile> pending = log.pending(InputDiscovery.list(hadoop, inputs));
    Map<String, FileLog.Entry> read =
        log.entries().stream().collect(Collectors.toMap(FileLog.Entry::path, entry -> entry));
    java.util.Set<String> changed =
        pending.stream()
            .map(InputFile::path)
            .filter(read::containsKey)
            .collect(Collectors.toUnmodifiableSet());
    Map<String, Long> runs = new TreeMap<>(Comparator.reverseOrder());
    runs.putAll(
        log.entries().stream()
            .collect(
                Collectors.groupingBy(
                    entry -> entry.runId() == null ? "(before runs were named)" : entry.runId(),
                    Collectors.counting())));
    Path lockFile = lockFile(hadoop, checkpoint, owner);
    try {
      return new CheckpointStatus(
          Optional.ofNullable(owner).map(CheckpointOwner::output),
          Optional.ofNullable(owner).map(CheckpointOwner::ingestFolder),
          pending,
          changed,
          log.size(),
          runs,
          lockFile,
          OutputLock.holder(lockFile.getFileSystem(hadoop), lockFile));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the lock " + lockFile + ": " + e.getMessage(), e);
    }
  }

  /** A folder's runs lock the folder; a table's incremental runs lock their checkpoint. */
  private static Path lockFile(Configuration hadoop, String checkpoint, CheckpointOwner owner) {
    if (owner != null && owner.output().contains(":")) {
      return new OutputLayout(new Path(owner.output())).lock();
    }
    return new Path(OutputLayout.qualified(new Path(checkpoint), hadoop), "lock");
  }

  /** The pending files' bytes. */
  public long pendingBytes() {
    return pending.stream().mapToLong(InputFile::size).sum();
  }
}
