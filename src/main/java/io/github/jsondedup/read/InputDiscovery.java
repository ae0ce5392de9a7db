package io.github.jsondedup.read;

import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists the input files (contract rule 1): every regular file below each input, recursively,
 * skipping names that start with {@code _} or {@code .} (Hadoop's convention for hidden and
 * in-progress files). Inputs may be Hadoop globs. An input that matches nothing, or holds no file,
 * is a usage error rather than an empty success.
 */
public final class InputDiscovery {
  private InputDiscovery() {}

  /**
   * What a listing found: the files to read, and how many names it skipped for starting with {@code
   * _} or {@code .} (a skipped folder counts once, whatever it holds).
   */
  public record Listing(List<InputFile> files, long skippedByName) {}

  /** The files under all inputs, each once, sorted by path; an input without files is refused. */
  public static List<InputFile> list(Configuration hadoop, List<String> inputs) {
    return listing(hadoop, inputs).files();
  }

  /** {@link #list}, with the count of names skipped. */
  public static Listing listing(Configuration hadoop, List<String> inputs) {
    return list(hadoop, inputs, true);
  }

  /**
   * The files under all inputs, each once, sorted by path; none if the inputs are empty now (a
   * watching run whose files were moved away after they were read).
   */
  public static List<InputFile> listPresent(Configuration hadoop, List<String> inputs) {
    return list(hadoop, inputs, false).files();
  }

  private static Listing list(Configuration hadoop, List<String> inputs, boolean filesRequired) {
    Map<String, InputFile> files = new LinkedHashMap<>();
    long[] skipped = {0};
    for (String input : inputs) {
      List<InputFile> found = listOne(hadoop, input, skipped);
      if (found.isEmpty() && filesRequired) {
        throw new InvalidSettingException(
            Settings.INPUT.name(),
            "no input files under " + input + " (names starting with _ or . are skipped)");
      }
      found.forEach(file -> files.putIfAbsent(file.path(), file));
    }
    List<InputFile> sorted = new ArrayList<>(files.values());
    sorted.sort(Comparator.comparing(InputFile::path));
    return new Listing(sorted, skipped[0]);
  }

  private static List<InputFile> listOne(Configuration hadoop, String input, long[] skipped) {
    Path path = new Path(input);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        throw new InvalidSettingException(
            Settings.INPUT.name(),
            isGlob(input) ? "the glob " + input + " matches no path" : input + " does not exist");
      }
      List<InputFile> found = new ArrayList<>();
      for (FileStatus match : matches) {
        // A file named explicitly is read even if its name is hidden: the user asked for it.
        collect(fs, match, found, skipped);
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list input " + input + ": " + e.getMessage(), e);
    }
  }

  // listStatus per directory, not listFiles(recursive): on local disk listFiles loads each file's
  // permissions one by one and was ten times slower here.
  private static void collect(
      FileSystem fs, FileStatus status, List<InputFile> found, long[] skipped) throws IOException {
    if (status.isFile()) {
      found.add(
          new InputFile(
              status.getPath().toString(), status.getModificationTime(), status.getLen()));
      return;
    }
    for (FileStatus child : fs.listStatus(status.getPath())) {
      if (isHidden(child.getPath().getName())) {
        skipped[0]++;
      } else {
        collect(fs, child, found, skipped);
      }
    }
  }

  // Hadoop's glob characters; a path without them names one file or folder.
  private static boolean isGlob(String input) {
    return input.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
  }

  static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }
}
