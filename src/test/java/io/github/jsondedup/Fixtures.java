package io.github.jsondedup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;

/** Input files for tests, each with the modification time the test needs. */
public final class Fixtures {
  /** A modification time long before any test ran, so that ordering is the test's choice. */
  public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  private Fixtures() {}

  /** One record as JSON, from non-null parts only; {@code id} and {@code ts} as given. */
  public static String record(String id, String data, String ts) {
    StringBuilder json = new StringBuilder("{");
    if (id != null) {
      json.append("\"id\": \"").append(id).append("\", ");
    }
    if (data != null) {
      json.append("\"data\": \"").append(data).append("\", ");
    }
    if (ts != null) {
      json.append("\"ts\": \"").append(ts).append("\", ");
    }
    if (json.length() > 1) {
      json.setLength(json.length() - 2);
    }
    return json.append("}").toString();
  }

  /** A document {@code {"records": [...]}} holding the given records' JSON. */
  public static String document(String... records) {
    return "{\"records\": [\n  " + String.join(",\n  ", records) + "\n]}\n";
  }

  /**
   * {@code files} files {@code batch-N.json} of 20 records each, from 1,000 ids, 3 data values and
   * 20 instants over 10 dates, the same every time: keys meet often within and across files.
   */
  public static void writeRandomBatches(Path dir, int files) {
    java.util.Random random = new java.util.Random(20190423);
    for (int file = 0; file < files; file++) {
      String[] records = new String[20];
      for (int i = 0; i < records.length; i++) {
        String day = String.format(Locale.ROOT, "2019-04-%02d", 10 + random.nextInt(10));
        records[i] =
            record(
                "id-" + random.nextInt(1000),
                "v" + random.nextInt(3),
                day + "T1" + random.nextInt(2) + ":00:00Z");
      }
      write(dir, "batch-" + file + ".json", file, document(records));
    }
  }

  /** Writes {@code text} to {@code dir/name} with modification time {@code EPOCH + seconds}. */
  public static Path write(Path dir, String name, long seconds, String text) {
    return write(dir, name, seconds, text.getBytes(StandardCharsets.UTF_8));
  }

  public static Path write(Path dir, String name, long seconds, byte[] bytes) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(bytes);
      }
      Files.setLastModifiedTime(file, FileTime.from(EPOCH.plusSeconds(seconds)));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies the bundled data-sample to {@code dir}, each file one second younger than the one before
   * in path order, as a fresh git checkout leaves them.
   */
  public static Path copyDataSample(Path dir) {
    Path sample = Path.of(System.getProperty("jsondedup.projectDir", ".")).resolve("data-sample");
    try (Stream<Path> files = Files.walk(sample)) {
      long second = 0;
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        write(dir, sample.relativize(file).toString(), second++, Files.readAllBytes(file));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies the files under {@code dir} to {@code target} on another file system one after another
   * in name order (Hadoop's directory copy goes in listing order), then gives each local file the
   * modification time its copy got there (the upload time, in seconds on S3): a local run over
   * {@code dir} then sees the same survivor order as a run over {@code target}.
   */
  public static void upload(Path dir, FileSystem fileSystem, String target) {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
      for (Path file : sorted) {
        FileUtil.copy(
            file.toFile(), fileSystem, remote(dir, file, target), false, fileSystem.getConf());
      }
      for (Path file : sorted) {
        long uploaded = fileSystem.getFileStatus(remote(dir, file, target)).getModificationTime();
        Files.setLastModifiedTime(file, FileTime.fromMillis(uploaded));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static org.apache.hadoop.fs.Path remote(Path dir, Path file, String target) {
    return new org.apache.hadoop.fs.Path(target, dir.relativize(file).toString());
  }

  /** {@code bytes} gzip-compressed, as a producer's {@code .gz} upload. */
  public static byte[] gzip(byte[] bytes) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
