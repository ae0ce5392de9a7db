package io.github.jsondedup.read;

import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.Settings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A record's place in survivor order as one number (contract rule 4): the rank of its file among
 * the batch's files (modification time, then path) and its position in the file, packed so that
 * comparing two numbers compares the records. Rows carry it through the shuffle and the sort
 * instead of their file's path and modification time; the audit maps ranks back to paths.
 */
public final class Arrival {
  /**
   * The order files are ranked in: earlier modification time first, then path as Spark spells it.
   */
  public static final Comparator<InputFile> SURVIVOR_ORDER =
      Comparator.comparingLong(InputFile::modificationTime).thenComparing(InputFile::sparkPath);

  static final int POSITION_BITS = 39;
  private static final long POSITION_MASK = (1L << POSITION_BITS) - 1;

  /** The position part of a row that stands for its whole file (a file problem): after all. */
  static final long FILE_ROW = POSITION_MASK;

  /** Files a batch may rank: the rest of a long's bits, less the sign. */
  static final int MAX_FILES = 1 << (63 - POSITION_BITS);

  /** A stored row's arrival: before every record of the batch. */
  public static final long STORED = -1;

  private Arrival() {}

  /** {@code files} in survivor order: a file's index is its rank. */
  public static List<InputFile> ranked(List<InputFile> files) {
    if (files.size() > MAX_FILES) {
      throw new InvalidSettingException(
          Settings.INPUT.name(),
          "a batch holds at most "
              + MAX_FILES
              + " files, and this one has "
              + files.size()
              + ": split it into batches, with a checkpoint and max-files-per-batch");
    }
    List<InputFile> ranked = new ArrayList<>(files);
    ranked.sort(SURVIVOR_ORDER);
    return List.copyOf(ranked);
  }

  static long ofRecord(int rank, long position) {
    if (position < 0 || position >= FILE_ROW) {
      throw new IllegalArgumentException("Position out of range: " + position);
    }
    return ((long) rank << POSITION_BITS) | position;
  }

  static long ofFile(int rank) {
    return ((long) rank << POSITION_BITS) | FILE_ROW;
  }

  public static int rank(long arrival) {
    return (int) (arrival >>> POSITION_BITS);
  }

  /** The record's position in its file, or null for a row that stands for the file. */
  public static Long position(long arrival) {
    long position = arrival & POSITION_MASK;
    return position == FILE_ROW ? null : position;
  }

  public static boolean isFileRow(long arrival) {
    return (arrival & POSITION_MASK) == FILE_ROW;
  }

  /** Whether the row is first of its file: its first record, or the row for a file problem. */
  public static boolean opensFile(long arrival) {
    long position = arrival & POSITION_MASK;
    return position == 0 || position == FILE_ROW;
  }
}
