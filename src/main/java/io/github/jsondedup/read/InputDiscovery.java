package io.github.jsondedup.read;

import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.ReadRetries;
import io.github.jsondedup.config.Settings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
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
        matches = withRetries("list", path, () -> fs.globStatus(path));
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
        InputFile file =
            new InputFile(path.toString(), status.getModificationTime(), status.getLen());
        Object identity = identity(fs, path);
        InputFile seen = files.get(identity);
        if (seen == null || file.path().compareTo(seen.path()) < 0) {
          files.put(identity, file);
        }
        return;
      }
      if (!folders.add(identity(fs, path))) {
        return;
      }
      FileStatus[] children;
      try {
        children = withRetries("list", path, () -> fs.listStatus(path));
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
     * What makes a local file or folder itself whatever links lead to it: its device and inode;
     * elsewhere (HDFS, S3, which have no links here) its path.
     */
    private static Object identity(FileSystem fs, Path path) {
      if (!(fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem)) {
        return path.toString();
      }
      try {
        java.nio.file.Path local = java.nio.file.Paths.get(path.toUri());
        Object key = Files.readAttributes(local, BasicFileAttributes.class).fileKey();
        return key == null ? local.toRealPath().toString() : key;
      } catch (IOException | RuntimeException e) {
        // Gone or not ours to look at: its listing or its read says so, with retries.
        return path.toString();
      }
    }

    private <T> T withRetries(String what, Path path, IoCall<T> call) throws IOException {
      Backoff backoff = new Backoff(retries);
      while (true) {
        try {
          return call.call();
        } catch (FileNotFoundException e) {
          // Gone since it was listed (or never there): no try will find it.
          throw e;
        } catch (IOException e) {
          if (!backoff.waitAfter(e, what, path.toString())) {
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
