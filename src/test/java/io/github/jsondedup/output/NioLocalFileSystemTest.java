package io.github.jsondedup.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file: scheme with permissions set in the JVM: what Hadoop's own would have set. */
class NioLocalFileSystemTest {
  @TempDir Path folder;

  private FileSystem fileSystem() throws Exception {
    Configuration hadoop = new Configuration();
    hadoop.set("fs.file.impl", NioLocalFileSystem.class.getName());
    hadoop.setBoolean("fs.file.impl.disable.cache", true);
    FileSystem fs = FileSystem.get(folder.toUri(), hadoop);
    assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
    return fs;
  }

  @Test
  void newFilesAndFoldersGetHadoopsPermissionsLessTheUmask() throws Exception {
    try (FileSystem fs = fileSystem()) {
      org.apache.hadoop.fs.Path file =
          new org.apache.hadoop.fs.Path(folder.resolve("date=2026-01-01/part-0.parquet").toUri());
      try (FSDataOutputStream out = fs.create(file)) {
        out.writeBytes("rows");
      }

      // Hadoop's default umask is 022: 644 for files, 755 for folders.
      assertThat(posix(folder.resolve("date=2026-01-01/part-0.parquet"))).isEqualTo("rw-r--r--");
      assertThat(posix(folder.resolve("date=2026-01-01"))).isEqualTo("rwxr-xr-x");
      assertThat(Files.readString(folder.resolve("date=2026-01-01/part-0.parquet")))
          .isEqualTo("rows");
    }
  }

  @Test
  void setsAnyPermissionAsked() throws Exception {
    try (FileSystem fs = fileSystem()) {
      Path file = Files.writeString(folder.resolve("report.json"), "{}");

      fs.setPermission(new org.apache.hadoop.fs.Path(file.toUri()), new FsPermission((short) 0640));
      assertThat(posix(file)).isEqualTo("rw-r-----");
      assertThat(fs.getFileStatus(new org.apache.hadoop.fs.Path(file.toUri())).getPermission())
          .isEqualTo(new FsPermission((short) 0640));
    }
  }

  @Test
  void keepsTheStickyBitThroughHadoop() throws Exception {
    try (FileSystem fs = fileSystem()) {
      org.apache.hadoop.fs.Path shared =
          new org.apache.hadoop.fs.Path(folder.resolve("shared").toUri());
      fs.mkdirs(shared);

      fs.setPermission(shared, new FsPermission((short) 01777));
      assertThat(fs.getFileStatus(shared).getPermission().getStickyBit()).isTrue();
    }
  }

  private static String posix(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
