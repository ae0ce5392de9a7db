package io.github.jsondedup.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.github.jsondedup.read.Arrival;
import io.github.jsondedup.read.InputFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files an incremental run has read (contract rule 5), kept under the checkpoint folder: a file
 * is read again when it is new, or when its size or modification time differs from what was read.
 * There is no age limit, and a file completed or corrected in place is read again (its stored keys
 * win, so re-reading adds nothing twice).
 *
 * <p>The log is a folder of numbered JSON-lines files, {@code files/<n>.json}, one per batch, each
 * written under a hidden name and then renamed, so that a killed run leaves either a whole entry or
 * none. Loading folds them, later entries winning; when there are many, {@link #compact} writes
 * their union as the next number and removes the rest.
 *
 * <p>The log keeps only files the inputs still list ({@link #forgetUnlisted}): a landing folder
 * whose old files are moved away costs a run by the files it holds now, not by every file ever
 * read. A file forgotten so and listed again is read again, which adds nothing twice either.
 */
final class FileLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectReader ENTRIES = JSON.readerFor(Entry.class);
  private static final String SUFFIX = ".json";
  private static final Pattern ENTRY_NAME = Pattern.compile("[0-9]+\\.json");

  /** Batch entries kept before they are folded into one. */
  private static final int COMPACT_AFTER = 10;

  private final FileSystem fs;
  private final Path folder;
  private final Map<String, Entry> read = new HashMap<>();
  private long last = -1;
  private int entries;

  /**
   * One file as it was when read.
   *
   * @param runId the run (batch) that read it; null in logs from before entries named it
   */
  record Entry(String path, long size, long mtime, String runId) {
    static Entry of(InputFile file, String runId) {
      return new Entry(file.path(), file.size(), file.modificationTime(), runId);
    }

    /** Whether {@code file} is listed now as it was when this entry read it. */
    boolean unchanged(InputFile file) {
      return size == file.size() && mtime == file.modificationTime();
    }
  }

  private FileLog(FileSystem fs, Path folder) {
    this.fs = fs;
    this.folder = folder;
  }

  /** The log under {@code checkpoint}, loaded; empty if the checkpoint is new. */
  static FileLog load(Configuration hadoop, String checkpoint) {
    Path folder = new Path(checkpoint, "files");
    try {
      FileLog log = new FileLog(folder.getFileSystem(hadoop), folder);
      log.loadAll();
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the file log in " + checkpoint + ": " + e.getMessage(), e);
    }
  }

  /**
   * The listed files that are new or changed since they were read, in survivor order (modification
   * time, then path), so that batches taken in turn from the front keep the survivor rule of one
   * run over all of them.
   */
  List<InputFile> pending(Collection<InputFile> listed) {
    List<InputFile> pending = new ArrayList<>();
    for (InputFile file : listed) {
      Entry entry = read.get(file.path());
      if (entry == null || !entry.unchanged(file)) {
        pending.add(file);
      }
    }
    // In survivor order, the order a batch ranks its files in: split into batches, they win alike.
    pending.sort(Arrival.SURVIVOR_ORDER);
    return pending;
  }

  /**
   * Forgets the files that {@code listed} (a whole listing of the inputs) no longer holds, and
   * writes the log without them once they are a quarter of it: rewriting the log for a few would
   * cost more than keeping them.
   */
  void forgetUnlisted(Collection<InputFile> listed) {
    // Most runs list every file they read before: a lookup each says so without a set of them all.
    long stillListed = listed.stream().filter(file -> read.containsKey(file.path())).count();
    if (stillListed == read.size()) {
      return;
    }
    Set<String> paths = new HashSet<>();
    listed.forEach(file -> paths.add(file.path()));
    int before = read.size();
    read.keySet().retainAll(paths);
    int forgotten = before - read.size();
    if (forgotten > 0 && forgotten * 4L >= before) {
      if (read.isEmpty()) {
        clear();
      } else {
        compact();
      }
    }
  }

  /** How many files the log holds as read. */
  int size() {
    return read.size();
  }

  /** The files the log holds as read, each as it was read and by which run. */
  Collection<Entry> entries() {
    return java.util.Collections.unmodifiableCollection(read.values());
  }

  /**
   * Records {@code files} as read by the run {@code runId}, as they were listed, once their batch
   * is committed.
   */
  void record(List<InputFile> files, String runId) {
    if (files.isEmpty()) {
      return;
    }
    List<Entry> batch = files.stream().map(file -> Entry.of(file, runId)).toList();
    write(batch);
    batch.forEach(entry -> read.put(entry.path(), entry));
    if (entries > COMPACT_AFTER) {
      compact();
    }
  }

  /** Forgets every file read: the next run reads them all again. */
  void clear() {
    try {
      for (FileStatus status : entryFiles()) {
        fs.delete(status.getPath(), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot empty " + folder + ": " + e.getMessage(), e);
    }
    read.clear();
    entries = 0;
  }

  /** Folds every entry file into one, so that loading reads one file. */
  private void compact() {
    long upTo = last;
    write(List.copyOf(read.values()));
    try {
      for (FileStatus status : entryFiles()) {
        if (number(status.getPath()) <= upTo) {
          fs.delete(status.getPath(), false);
        }
      }
      entries = 1;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot compact " + folder + ": " + e.getMessage(), e);
    }
  }

  private void loadAll() throws IOException {
    List<FileStatus> files = entryFiles();
    files.sort(Comparator.comparingLong(status -> number(status.getPath())));
    for (FileStatus status : files) {
      // One parser over the whole file, not one per line: a log of a million files loads in a
      // second, not five.
      try (InputStream in = fs.open(status.getPath());
          MappingIterator<Entry> lines = ENTRIES.readValues(in)) {
        while (lines.hasNextValue()) {
          Entry entry = lines.nextValue();
          read.put(entry.path(), entry);
        }
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(
            "Cannot read the file log entry " + status.getPath() + ": " + e.getOriginalMessage(),
            e);
      }
      last = Math.max(last, number(status.getPath()));
    }
    entries = files.size();
  }

  private List<FileStatus> entryFiles() throws IOException {
    if (!fs.exists(folder)) {
      return new ArrayList<>();
    }
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus status : fs.listStatus(folder)) {
      String name = status.getPath().getName();
      if (status.isFile() && ENTRY_NAME.matcher(name).matches()) {
        files.add(status);
      }
    }
    return files;
  }

  private void write(List<Entry> batch) {
    long next = last + 1;
    Path target = new Path(folder, next + SUFFIX);
    Path temporary = new Path(folder, "." + next + SUFFIX + ".tmp");
    try {
      fs.mkdirs(folder);
      try (OutputStream out = fs.create(temporary, true)) {
        for (Entry entry : batch) {
          out.write(JSON.writeValueAsBytes(entry));
          out.write('\n');
        }
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("rename to " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot record the files read in " + folder + ": " + e.getMessage(), e);
    }
    last = next;
    entries++;
  }

  private static long number(Path entryFile) {
    String name = entryFile.getName();
    return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
  }
}
