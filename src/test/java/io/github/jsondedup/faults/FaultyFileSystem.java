package io.github.jsondedup.faults;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under a scheme of its own, {@code faulty:}, failing as the {@link Faults}
 * plan says: a list, open, read, create, write, rename or delete of a path. Tests point inputs and
 * outputs at {@code faulty:/...} (registered as {@code spark.hadoop.fs.faulty.impl}), so that the
 * files stay ordinary local files that the test reads and writes directly.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "faulty";
  private static final URI NAME = URI.create(SCHEME + ":///");

  /** {@code path} (a local path) as this file system names it. */
  public static String uri(java.nio.file.Path path) {
    return SCHEME + ":" + path.toAbsolutePath();
  }

  @Override
  public URI getUri() {
    return NAME;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileStatus[] listStatus(Path path) throws IOException {
    Faults.check(Faults.Op.LIST, path);
    return super.listStatus(path);
  }

  @Override
  public FSDataInputStream open(Path path, int bufferSize) throws IOException {
    Faults.check(Faults.Op.OPEN, path);
    FSDataInputStream in = super.open(path, bufferSize);
    return new FSDataInputStream(new FailingInput(in, path));
  }

  @Override
  public FSDataOutputStream create(
      Path path,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    Faults.check(Faults.Op.CREATE, path);
    return failing(
        super.create(path, permission, overwrite, bufferSize, replication, blockSize, progress),
        path);
  }

  @Override
  public FSDataOutputStream create(
      Path path,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    Faults.check(Faults.Op.CREATE, path);
    return failing(
        super.create(path, overwrite, bufferSize, replication, blockSize, progress), path);
  }

  private static FSDataOutputStream failing(FSDataOutputStream out, Path path) {
    return new FSDataOutputStream(new FailingOutput(out, path), null);
  }

  @Override
  public boolean rename(Path from, Path to) throws IOException {
    Faults.check(Faults.Op.RENAME, from);
    return super.rename(from, to);
  }

  @Override
  public boolean delete(Path path, boolean recursive) throws IOException {
    Faults.check(Faults.Op.DELETE, path);
    return super.delete(path, recursive);
  }

  /** A file's bytes, each read asking the plan first. */
  private static final class FailingInput extends FSInputStream {
    private final FSDataInputStream in;
    private final Path path;

    FailingInput(FSDataInputStream in, Path path) {
      this.in = in;
      this.path = path;
    }

    @Override
    public int read() throws IOException {
      Faults.check(Faults.Op.READ, path);
      return in.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      Faults.check(Faults.Op.READ, path);
      // A few bytes at a time, so that a fault can come part-way through a small file.
      return in.read(buffer, offset, Math.min(length, Faults.readChunk()));
    }

    @Override
    public void seek(long position) throws IOException {
      if (position < 0) {
        throw new EOFException("Cannot seek to " + position);
      }
      in.seek(position);
    }

    @Override
    public long getPos() throws IOException {
      return in.getPos();
    }

    @Override
    public boolean seekToNewSource(long target) {
      return false;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** A file being written, each write asking the plan (and the disk's space) first. */
  private static final class FailingOutput extends OutputStream {
    private final FSDataOutputStream out;
    private final Path path;

    FailingOutput(FSDataOutputStream out, Path path) {
      this.out = out;
      this.path = path;
    }

    @Override
    public void write(int b) throws IOException {
      Faults.written(path, 1);
      out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      Faults.written(path, length);
      out.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
