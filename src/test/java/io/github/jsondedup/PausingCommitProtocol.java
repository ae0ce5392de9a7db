package io.github.jsondedup;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.spark.internal.io.FileCommitProtocol;
import org.apache.spark.sql.execution.datasources.SQLHadoopMapReduceCommitProtocol;
import scala.collection.Seq;

/**
 * Spark's commit protocol, made to stop for good at one point of the first write, so that a crash
 * test can kill the process exactly there: {@code -Djsondedup.test.pauseAt=} {@code
 * after-task-commit}, {@code before-job-commit}, {@code mid-job-commit} (one task's files moved
 * into place, the rest not) or {@code after-job-commit}. It prints {@code PAUSED <point>} first.
 */
public class PausingCommitProtocol extends SQLHadoopMapReduceCommitProtocol {
  private static final long serialVersionUID = 1L;
  private static final String PAUSE_AT = System.getProperty("jsondedup.test.pauseAt", "");

  private final String path;

  public PausingCommitProtocol(String jobId, String path, boolean dynamicPartitionOverwrite) {
    super(jobId, path, dynamicPartitionOverwrite);
    this.path = path;
  }

  @Override
  public FileCommitProtocol.TaskCommitMessage commitTask(TaskAttemptContext taskContext) {
    FileCommitProtocol.TaskCommitMessage message = super.commitTask(taskContext);
    if (taskContext.getTaskAttemptID().getTaskID().getId() == 0) {
      pauseIf("after-task-commit");
    }
    return message;
  }

  @Override
  public void commitJob(JobContext jobContext, Seq<FileCommitProtocol.TaskCommitMessage> commits) {
    pauseIf("before-job-commit");
    if (PAUSE_AT.equals("mid-job-commit")) {
      moveOneTasksFilesIntoPlace(jobContext);
      pauseIf("mid-job-commit");
    }
    super.commitJob(jobContext, commits);
    pauseIf("after-job-commit");
  }

  // What Hadoop's v1 committer does for each committed task, done for the first one only.
  private void moveOneTasksFilesIntoPlace(JobContext jobContext) {
    try {
      Path output = new Path(path);
      FileSystem fs = output.getFileSystem(jobContext.getConfiguration());
      for (FileStatus task : fs.listStatus(new Path(output, "_temporary/0"))) {
        if (task.getPath().getName().startsWith("task_")) {
          merge(fs, task.getPath(), output);
          return;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void merge(FileSystem fs, Path from, Path to) throws IOException {
    for (FileStatus child : fs.listStatus(from)) {
      Path target = new Path(to, child.getPath().getName());
      if (child.isDirectory()) {
        fs.mkdirs(target);
        merge(fs, child.getPath(), target);
      } else {
        fs.rename(child.getPath(), target);
      }
    }
  }

  /** Stops this thread for good at {@code point}, if it is the one the test asked for. */
  static void pauseIf(String point) {
    if (PAUSE_AT.equals(point)) {
      System.out.println("PAUSED " + point);
      System.out.flush();
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
