package io.github.jsondedup.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}), but setting permissions through {@code java.nio}.
 * Without Hadoop's native library, which no Maven artifact carries, its own starts a {@code chmod}
 * process for every file and folder it creates: a few milliseconds each, most of a run that writes
 * thousands of dates. The launcher and the tests make it the {@code file:} scheme's ({@code
 * spark.hadoop.fs.file.impl}).
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw file system underneath the checksums. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      // The sticky bit has no java.nio name; the rare folder that wants it gets Hadoop's chmod.
      if (permission.getStickyBit()) {
        super.setPermission(path, permission);
        return;
      }
      Files.setPosixFilePermissions(
          pathToFile(path).toPath(), PosixFilePermissions.fromString(permission.toString()));
    }
  }
}
