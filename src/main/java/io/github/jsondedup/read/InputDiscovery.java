package io.github.jsondedup.read;

import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.ReadRetries;
import io.github.jsondedup.config.Settings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Lists the input files (contract rule 1): every regular file below each input, recursively,
 * skipping names that start with {@code _} or {@code .} (Hadoop's convention for hidden and
 * in-progress files). Inputs may be Hadoop globs. An input that matches nothing, or holds no file,
 * is a usage error rather than an empty success.
 *
 * <p>A listing ends, and names each real file once (contract rule 6): on the local file system a
 * symbolic link to a folder is followed only into a folder not listed yet (by its device and inode,
 * so two links back up the tree end), and a file reached by several names is listed under the first
 * of them in path order. A folder the file system fails to list, after the retries, is {@link
 * Unread}: its files are left for the next run, as an unreadable file's are.
 */
public final class InputDiscovery {
  private InputDiscovery() {}

  /**
   * What a listing found: the files to read, how many names it skipped for starting with {@code _}
   * or {@code .} (a skipped folder counts once, whatever it holds), and the folders it could not
   * list.
   */
  public record Listing(List<InputFile> files, long skippedByName, List<Unread> unread) {}

  /** The files under all inputs, each once, sorted by path; an input without files is refused. */
  public static List<InputFile> list(Configuration hadoop, List<String> inputs) {
    return listing(hadoop, inputs, ReadRetries.ONCE).files();
  }

  /** {@link #list}, with the count of names skipped and the folders left unread. */
  public static Listing listing(Configuration hadoop, List<String> inputs, ReadRetries retries) {
    return list(hadoop, inputs, true, retries);
  }

  /**
   * The files under all inputs, each once, sorted by path; none if the inputs are empty now (a
   * watching run whose files were moved away after they were read).
   */
  public static Listing listPresent(
      Configuration hadoop, List<String> inputs, ReadRetries retries) {
    return list(hadoop, inputs, false, retries);
  }

  private static Listing list(
      Configuration hadoop, List<String> inputs, boolean filesRequired, ReadRetries retries) {
    Walk walk = new Walk(retries);
    for (String input : inputs) {
      int unreadBefore = walk.unread.size();
      long found = walk.input(hadoop, input);
      if (filesRequired && found == 0 && walk.unread.size() == unreadBefore) {
        throw new InvalidSettingException(
            Settings.INPUT.name(),
            "no input files under " + input + " (names starting with _ or . are skipped)");
      }
    }
    List<InputFile> sorted = new ArrayList<>(walk.files.values());
    sorted.sort(Comparator.comparing(InputFile::path));
    return new Listing(sorted, walk.skipped, List.copyOf(walk.unread));
  }

  /** One listing's state: what it found, and the real folders and files it has seen. */
  private static final class Walk {
    private final ReadRetries retries;
    // By real identity, the first name in path order; every name of a file not on local disk.
    private final Map<Object, InputFile> files = new LinkedHashMap<>();
    // The real folders listed for the input at hand: two inputs may name one folder.
    private final Set<Object> folders = new HashSet<>();
    private final List<Unread> unread = new ArrayList<>();
    private long skipped;
    private long found;

    Walk(ReadRetries retries) {
      this.retries = retries;
    }

    /** Lists {@code input}; how many names of files it holds (some maybe listed already). */
    long input(Configuration hadoop, String input) {
      folders.clear();
      found = 0;
      Path path = new Path(input);
      FileSystem fs;
      FileStatus[] matches;
      try {
        fs = path.getFileSystem(hadoop);
        matches = withRetries("list", path.toString(), () -> fs.globStatus(path));
      } catch (IOException e) {
        unread.add(new Unread(path.toString(), ReadFailure.describe(e)));
        return 0;
      }
      if (matches == null || matches.length == 0) {
        throw new InvalidSettingException(
            Settings.INPUT.name(),
            isGlob(input) ? "the glob " + input + " matches no path" : input + " does not exist");
      }
      for (FileStatus match : matches) {
        // A file named explicitly is read even if its name is hidden: the user asked for it.
        collect(fs, match);
      }
      return found;
    }

    // listStatus per directory, not listFiles(recursive): on local disk listFiles loads each
    // file's permissions one by one and was ten times slower here.
    private void collect(FileSystem fs, FileStatus status) {
      Path path = status.getPath();
      if (status.isFile()) {
        found++;
        add(identity(fs, path), path.toString(), status.getModificationTime(), status.getLen());
        return;
      }
      if (isLocal(fs)) {
        Object key = identity(fs, path);
        collectLocal(fs, path.toString(), java.nio.file.Paths.get(path.toUri()), key);
        return;
      }
      if (!folders.add(identity(fs, path))) {
        return;
      }
      FileStatus[] children;
      try {
        children = withRetries("list", path.toString(), () -> fs.listStatus(path));
      } catch (IOException e) {
        unread.add(new Unread(path.toString(), ReadFailure.describe(e)));
        return;
      }
      // By name, so that of two names of one folder or file the same one is taken every run.
      Arrays.sort(children, Comparator.comparing(child -> child.getPath().getName()));
      for (FileStatus child : children) {
        if (isHidden(child.getPath().getName())) {
          skipped++;
        } else {
          collect(fs, child);
        }
      }
    }

    /**
     * A local folder, walked with one {@code stat} per name: Hadoop's local listing makes a {@code
     * Path} and four {@code stat} calls per file, and a million files took 45 s so, most of a
     * one-new-file run. The names are Hadoop's: the folder's as listed, then {@code /name}.
     */
    private void collectLocal(FileSystem fs, String uri, java.nio.file.Path folder, Object key) {
      if (!folders.add(key)) {
        return;
      }
      List<String> names;
      try {
        names = withRetries("list", uri, () -> namesIn(folder));
      } catch (IOException e) {
        unread.add(new Unread(uri, ReadFailure.describe(e)));
        return;
      }
      // By name, so that of two names of one folder or file the same one is taken every run.
      names.sort(Comparator.naturalOrder());
      String prefix = uri.endsWith("/") ? uri : uri + "/";
      List<String> shown = new ArrayList<>(names.size());
      for (String name : names) {
        if (isChecksum(fs, name)) {
          continue;
        }
        if (isHidden(name)) {
          skipped++;
        } else {
          shown.add(name);
        }
      }
      // On every core: the stat calls are most of the listing of a large folder.
      List<Stat> stats =
          shown.parallelStream().map(name -> stat(prefix + name, folder.resolve(name))).toList();
      for (Stat stat : stats) {
        if (stat.error() instanceof NoSuchFileException) {
          // Gone since the folder was listed, or a link to nothing: Hadoop's listing skips it too.
          continue;
        }
        if (stat.error() != null) {
          unread.add(new Unread(stat.uri(), ReadFailure.describe(stat.error())));
        } else if (stat.attributes().isDirectory()) {
          collectLocal(fs, stat.uri(), stat.path(), stat.key());
        } else {
          found++;
          BasicFileAttributes attributes = stat.attributes();
          add(stat.key(), stat.uri(), attributes.lastModifiedTime().toMillis(), attributes.size());
        }
      }
    }

    /** A listed name's {@code stat}: what it is, its identity, or why the file system failed. */
    private record Stat(
        String uri,
        java.nio.file.Path path,
        BasicFileAttributes attributes,
        Object key,
        IOException error) {}

    private Stat stat(String uri, java.nio.file.Path path) {
      try {
        BasicFileAttributes attributes =
            withRetries("list", uri, () -> Files.readAttributes(path, BasicFileAttributes.class));
        return new Stat(uri, path, attributes, key(attributes, path), null);
      } catch (IOException e) {
        return new Stat(uri, path, null, null, e);
      }
    }

    /** Keeps the first name of a file in path order. */
    private void add(Object identity, String path, long modificationTime, long size) {
      InputFile seen = files.get(identity);
      if (seen == null || path.compareTo(seen.path()) < 0) {
        files.put(identity, new InputFile(path, modificationTime, size));
      }
    }

    private static List<String> namesIn(java.nio.file.Path folder) throws IOException {
      List<String> names = new ArrayList<>();
      try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(folder)) {
        entries.forEach(entry -> names.add(entry.getFileName().toString()));
      } catch (DirectoryIteratorException e) {
        throw e.getCause();
      }
      return names;
    }

    // Hadoop's checksummed local file system hides its .crc files rather than listing them.
    private static boolean isChecksum(FileSystem fs, String name) {
      return name.endsWith(".crc")
          && fs instanceof ChecksumFileSystem
          && ChecksumFileSystem.isChecksumFile(new Path(name));
    }

    private static boolean isLocal(FileSystem fs) {
      return "file".equals(fs.getScheme());
    }

    /**
     * What makes a local file or folder itself whatever links lead to it: its device and inode;
     * elsewhere (HDFS, S3, which have no links here) its path.
     */
    private static Object identity(FileSystem fs, Path path) {
      if (!(fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem)) {
        return path.toString();
      }
      try {
        java.nio.file.Path local = java.nio.file.Paths.get(path.toUri());
        return key(Files.readAttributes(local, BasicFileAttributes.class), local);
      } catch (IOException | RuntimeException e) {
        // Gone or not ours to look at: its listing or its read says so, with retries.
        return path.toString();
      }
    }

    private static Object key(BasicFileAttributes attributes, java.nio.file.Path local)
        throws IOException {
      Object key = attributes.fileKey();
      return key == null ? local.toRealPath().toString() : key;
    }

    private <T> T withRetries(String what, String path, IoCall<T> call) throws IOException {
      Backoff backoff = new Backoff(retries);
      while (true) {
        try {
          return call.call();
        } catch (FileNotFoundException | NoSuchFileException e) {
          // Gone since it was listed (or never there): no try will find it.
          throw e;
        } catch (IOException e) {
          if (!backoff.waitAfter(e, what, path)) {
            throw e;
          }
        }
      }
    }
  }

  @FunctionalInterface
  private interface IoCall<T> {
    T call() throws IOException;
  }

  // Hadoop's glob characters; a path without them names one file or folder.
  private static boolean isGlob(String input) {
    return input.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
  }

  static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }
}
