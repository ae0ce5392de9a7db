package io.github.jsondedup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;

/**
 * The temporary folders of one property try, removed after it (JUnit's {@code TempDir} is one per
 * test method, not per try): pass {@link #removeAll} to {@code ForAll.check} as what runs after
 * each.
 */
public final class TempDirs {
  private final List<Path> made = new ArrayList<>();

  public Path create(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      made.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void removeAll() {
    made.forEach(dir -> FileUtils.deleteQuietly(dir.toFile()));
    made.clear();
  }
}
