package io.github.jsondedup.model;

import io.github.jsondedup.read.InputFile;
import io.github.jsondedup.report.RunCounts;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The product contract as plain Java, written from the contract and not from the job: no Spark, no
 * parser, no shared code. It knows each input file as what was meant to be written in it (its
 * records, or what is wrong with it), and says what a run must store, count and audit.
 *
 * <p>Rules modelled: a record without id, with an empty id, without ts or with a ts that is not an
 * ISO-8601 instant of years 1 to 9999 is rejected; the key is (id, ts as an instant); a stored row
 * beats any new record, and among new records the earlier file (modification time, then path) and
 * the earlier position win; a record that is not the survivor is an exact duplicate when its data
 * equals the survivor's and a conflict otherwise, whether the survivor is stored or new; a file
 * that is not a document of records is quarantined, and one that breaks off keeps the records
 * before the break; incremental runs read each file that is new or whose size or modification time
 * changed, in survivor order, at most a given number of files per batch. Each model is for one key
 * ({@code id,ts} or {@code id}) and one reader: Spark's JSON reader keeps none of the records of a
 * file that breaks off. An id written as a JSON number is its canonical text (an integer as
 * written, any other number as a double's text), and rejected when a double cannot hold it.
 */
public final class ContractModel {
  /** Strict ISO-8601 with a zone and at most six fraction digits. */
  private static final Pattern ISO_INSTANT =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:\\d{2})");

  /**
   * One record as the producer wrote it; null fields are missing from the JSON. An id starting with
   * {@code #} is written as the JSON number that follows.
   */
  public record Rec(String id, String data, String ts) {}

  /** What a file holds. */
  public enum Kind {
    /** {@code {"records": [...]}}, possibly empty. */
    DOCUMENT,
    /** A document cut off inside the record after its {@code records}. */
    TRUNCATED,
    NOT_JSON,
    EMPTY,
    NO_RECORDS_ARRAY
  }

  /**
   * One input file as listed.
   *
   * @param records the whole records of the file: for a truncated one, those before the break
   */
  public record InputFile(String path, long mtime, long size, Kind kind, List<Rec> records) {
    boolean quarantined() {
      return kind != Kind.DOCUMENT;
    }
  }

  /** A stored row: the dataset's columns as text, and where it came from. */
  record Row(String id, String data, Instant ts) {
    String line() {
      return id + "|" + data + "|" + ts + "|" + ts.atOffset(ZoneOffset.UTC).toLocalDate();
    }
  }

  /** A conflict as audited: the record's id and data, and its survivor's data. */
  record Conflict(String id, String data, String survivorData) {
    String line() {
      return id + "|" + data + "|" + survivorData;
    }
  }

  /**
   * What one batch must give.
   *
   * @param verdicts each record's fate by {@code path#position}: its status, then its survivor's
   *     {@code path#position} ({@code stored} for a stored row; {@code -} when it is its own)
   */
  public record Outcome(
      RunCounts counts,
      List<String> conflicts,
      List<String> rejected,
      List<String> quarantined,
      Map<String, String> verdicts) {}

  /** A key: the id, and the instant when the key holds ts. */
  private record Key(String id, Instant ts) {}

  private final Map<Key, Row> stored = new LinkedHashMap<>();
  // By checkpoint: the files each has read, with their size and modification time.
  private final Map<String, Map<String, List<Long>>> readLogs = new HashMap<>();
  private final boolean keyHoldsTs;
  private final boolean readsBrokenFilesWhole;

  /**
   * @param keyHoldsTs whether the key is {@code id,ts} (else {@code id})
   * @param readsBrokenFilesWhole whether the reader keeps none of a broken file's records
   */
  public ContractModel(boolean keyHoldsTs, boolean readsBrokenFilesWhole) {
    this.keyHoldsTs = keyHoldsTs;
    this.readsBrokenFilesWhole = readsBrokenFilesWhole;
  }

  /** A full run over every listed file: one batch. */
  public Outcome fullRun(Collection<InputFile> listed) {
    return batch(inSurvivorOrder(listed));
  }

  /**
   * An incremental run: the files new or changed since read, in batches of at most {@code limit}.
   */
  List<Outcome> incrementalRun(Collection<InputFile> listed, int limit) {
    return incrementalRun(listed, limit, "");
  }

  /** {@link #incrementalRun(Collection, int)} with the checkpoint called {@code checkpoint}. */
  List<Outcome> incrementalRun(Collection<InputFile> listed, int limit, String checkpoint) {
    Map<String, List<Long>> readLog = readLogs.computeIfAbsent(checkpoint, name -> new HashMap<>());
    List<InputFile> pending = new ArrayList<>();
    for (InputFile file : inSurvivorOrder(listed)) {
      if (!List.of(file.size(), file.mtime()).equals(readLog.get(file.path()))) {
        pending.add(file);
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int from = 0; from < pending.size(); from += limit) {
      List<InputFile> files = pending.subList(from, Math.min(pending.size(), from + limit));
      outcomes.add(batch(files));
      files.forEach(file -> readLog.put(file.path(), List.of(file.size(), file.mtime())));
    }
    return outcomes;
  }

  /** Whether an incremental run on {@code checkpoint} would read {@code file}: new or changed. */
  boolean pending(InputFile file, String checkpoint) {
    return !List.of(file.size(), file.mtime())
        .equals(readLogs.getOrDefault(checkpoint, Map.of()).get(file.path()));
  }

  /** The dataset as sorted {@code id|data|ts|date} lines. */
  List<String> dataset() {
    return stored.values().stream().map(Row::line).sorted().toList();
  }

  private Outcome batch(List<InputFile> files) {
    Map<Key, Row> survivors = new LinkedHashMap<>();
    Map<Key, String> survivorRefs = new HashMap<>();
    Map<String, String> verdicts = new TreeMap<>();
    long read = 0;
    long duplicates = 0;
    long conflicts = 0;
    long alreadyStored = 0;
    long rejected = 0;
    List<String> conflictLines = new ArrayList<>();
    List<String> rejectedLines = new ArrayList<>();
    List<String> quarantinedLines = new ArrayList<>();
    for (InputFile file : files) {
      if (file.quarantined()) {
        quarantinedLines.add(file.path());
      }
      List<Rec> records =
          file.kind() == Kind.TRUNCATED && readsBrokenFilesWhole ? List.of() : file.records();
      for (int position = 0; position < records.size(); position++) {
        Rec rec = records.get(position);
        String ref = file.path() + "#" + position;
        read++;
        Instant ts = instant(rec.ts());
        String id = idText(rec.id());
        if (id == null || id.isEmpty() || ts == null) {
          rejected++;
          rejectedLines.add(file.path() + "|" + position);
          verdicts.put(ref, "rejected -");
          continue;
        }
        Key key = new Key(id, keyHoldsTs ? ts : null);
        Row survivor = stored.get(key);
        boolean isStored = survivor != null;
        if (survivor == null) {
          survivor = survivors.get(key);
        }
        String survivorRef = isStored ? "stored" : survivorRefs.get(key);
        if (survivor == null) {
          survivors.put(key, new Row(id, rec.data(), ts));
          survivorRefs.put(key, ref);
          verdicts.put(ref, "written -");
        } else if (Objects.equals(survivor.data(), rec.data()) && survivor.ts().equals(ts)) {
          if (isStored) {
            alreadyStored++;
            verdicts.put(ref, "already_stored -");
          } else {
            duplicates++;
            verdicts.put(ref, "duplicate " + survivorRef);
          }
        } else {
          conflicts++;
          conflictLines.add(new Conflict(id, rec.data(), survivor.data()).line());
          verdicts.put(ref, "conflict " + survivorRef);
        }
      }
    }
    stored.putAll(survivors);
    conflictLines.sort(null);
    rejectedLines.sort(null);
    quarantinedLines.sort(null);
    RunCounts counts =
        RunCounts.of()
            .files(files.size())
            .quarantinedFiles(quarantinedLines.size())
            .recordsRead(read)
            .written(survivors.size())
            .exactDuplicates(duplicates)
            .conflicts(conflicts)
            .alreadyStored(alreadyStored)
            .rejected(rejected)
            .build();
    return new Outcome(counts, conflictLines, rejectedLines, quarantinedLines, verdicts);
  }

  private static List<InputFile> inSurvivorOrder(Collection<InputFile> files) {
    List<InputFile> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparingLong(InputFile::mtime).thenComparing(InputFile::path));
    return sorted;
  }

  /**
   * The id's text: as written, or for a number ({@code #...}) its canonical text; null when there
   * is none, or when the number has no faithful text (a double cannot hold it).
   */
  static String idText(String id) {
    if (id == null || !id.startsWith("#")) {
      return id;
    }
    String number = id.substring(1);
    if (number.matches("-?[0-9]+")) {
      return number;
    }
    double value = Double.parseDouble(number);
    boolean underflow = value == 0 && number.matches("[-+]?[0.]*[1-9].*");
    return Double.isInfinite(value) || underflow ? null : Double.toString(value);
  }

  /** The instant {@code ts} names, or null if the contract does not accept it. */
  static Instant instant(String ts) {
    if (ts == null || !ISO_INSTANT.matcher(ts).matches()) {
      return null;
    }
    try {
      Instant instant = OffsetDateTime.parse(ts).toInstant();
      int year = instant.atOffset(ZoneOffset.UTC).getYear();
      return year >= 1 && year <= 9999 ? instant : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
