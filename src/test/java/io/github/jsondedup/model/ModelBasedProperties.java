package io.github.jsondedup.model;

import io.github.jsondedup.check.Choices;
import io.github.jsondedup.check.ForAll;
import io.github.jsondedup.check.Gen;
import io.github.jsondedup.check.LeaveOut;
import io.github.jsondedup.config.ReaderKind;
import io.github.jsondedup.model.ContractModel.Kind;
import io.github.jsondedup.model.ContractModel.Rec;
import io.github.jsondedup.schema.Columns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * The job against {@link ContractModel} over random histories: producers add files, deliver copies
 * under new names or with old modification times, upload a file in two parts, correct files in
 * place and drop bad files and bad records, while full and incremental runs (random batch limits)
 * go on between them. After every run the dataset, the counts of each batch and its audit equal the
 * model's.
 *
 * <p>A history is drawn by QuickTheories as a list of steps, each step's action picked among those
 * possible in the world as it is then; a failure names the base seed ({@code -Djsondedup.seed=N}
 * replays the run) and the steps of the shortest failing history found by leaving steps out. {@link
 * #shortHistories} runs with the unit tests; {@link #longHistories} (tag {@code model-long}) on
 * demand: {@code bench/model}.
 */
class ModelBasedProperties {
  /** A few ids and instants, so that keys meet often; several spellings of one instant. */
  private static final List<String> IDS = List.of("a", "b", "c", "d");

  private static final List<String> GOOD_TS =
      List.of(
          "2019-04-23T10:00:00Z",
          "2019-04-23T12:00:00+02:00", // the instant above
          "2019-04-23T10:00:00.000Z", // and again
          "2019-04-23T23:30:00-02:00", // the next UTC date
          "2019-04-24T10:00:00.123456Z",
          "1899-12-31T23:59:59Z",
          "0001-01-01T00:00:00Z");

  private static final List<String> BAD_TS =
      List.of("2019-04-23 10:00:00", "2019-02-30T00:00:00Z", "yesterday");

  /**
   * Ids written as JSON numbers ({@link ContractModel.Rec}): canonical texts that meet ("7" and
   * "7.0" do not), and numbers a double cannot hold, two of which would read as one Infinity.
   */
  private static final List<String> NUMBER_IDS =
      List.of("#7", "#7.0", "#1.50", "#1e400", "#2e400", "#-1e400", "#1e-400");

  /** Steps of a history at most; {@code -Djsondedup.maxSteps} for more, shorter histories. */
  private static final int MAX_STEPS = Integer.getInteger("jsondedup.maxSteps", 14);

  /** More than the choices of any step (a document of 4 records takes 26). */
  private static final int CHOICES_PER_STEP = 40;

  private static final long CHOICE_RANGE = 1L << 30;

  private static final String SHRINK_MINUTES = "jsondedup.shrinkMinutes";

  @Test
  void shortHistories() {
    histories(5, producersAndRuns());
  }

  @Test
  void shortHistoriesWithKilledRuns() {
    histories(2, withKills(producersAndRuns()));
  }

  @Test
  void shortHistoriesWithFaults() {
    histories(2, withFaults(producersAndRuns()));
  }

  @Test
  @Tag("model-long")
  void longHistoriesWithFaults() {
    histories(
        Integer.getInteger("jsondedup.faultyHistories", 1000), withFaults(producersAndRuns()));
  }

  @Test
  @Tag("model-long")
  void longHistories() {
    histories(Integer.getInteger("jsondedup.histories", 500), producersAndRuns());
  }

  @Test
  @Tag("model-long")
  void longHistoriesWithKilledRuns() {
    histories(Integer.getInteger("jsondedup.killedHistories", 50), withKills(producersAndRuns()));
  }

  /** A step of a history: what it does, in words, and its doing. */
  record Step(String words, Consumer<World> action) {
    @Override
    public String toString() {
      return words;
    }
  }

  /** A kind of step: how often it is drawn, when it is possible, and the step it draws. */
  record Action(int weight, Predicate<World> possible, Function<World, Gen<Step>> steps) {
    static Action always(int weight, Gen<Step> steps) {
      return new Action(weight, world -> true, world -> steps);
    }
  }

  /**
   * A history as drawn: the world's reader, key and kind, and the choices of each step, a tape of
   * numbers. A step picks its action among those possible in the world as it is then, so a history
   * with a step less is still a history.
   */
  record Plan(ReaderKind reader, List<String> key, boolean intoTable, List<long[]> steps) {
    Plan withSteps(List<long[]> fewer) {
      return new Plan(reader, key, intoTable, fewer);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d steps of a world read by %s, key %s, into a %s",
          steps.size(),
          reader,
          key,
          intoTable ? "table" : "folder");
    }
  }

  /** What a history did: the steps taken, the runs of the job and those killed; its failure. */
  record Outcome(
      World world, List<Step> taken, int runs, int killed, int faulty, Throwable failure) {}

  /**
   * Plans drawn from one number each: QuickTheories would draw its first histories with every
   * choice at one end of its range (the same step again and again), and a history is shrunk by
   * leaving out steps ({@link #reduced}), not by changing its numbers.
   */
  private static Gen<Plan> plans(long base) {
    Gen<ReaderKind> reader = Gen.of(ReaderKind.values());
    Gen<List<String>> key = Gen.of(Columns.DEFAULT_KEY, List.of(Columns.ID));
    return Gen.longs()
        .map(
            drawn -> {
              // With the base seed in it, the first two (drawn at either end of the range) are
              // new histories on every run too.
              SplittableRandom random = new SplittableRandom(drawn ^ base);
              Choices choices = Choices.ofTape(random.longs(3, 0, CHOICE_RANGE).toArray());
              List<long[]> steps = new ArrayList<>();
              int length = random.nextInt(MAX_STEPS / 2, MAX_STEPS + 1);
              for (int i = 0; i < length; i++) {
                steps.add(random.longs(CHOICES_PER_STEP, 0, CHOICE_RANGE).toArray());
              }
              return new Plan(
                  reader.draw(choices), key.draw(choices), choices.nextInt(3) == 0, steps);
            });
  }

  /**
   * {@code count} histories drawn by QuickTheories from one base seed; prints what they did. A
   * failing history is replayed with fewer steps, one left out at a time, for as long as {@code
   * -Djsondedup.shrinkMinutes} (3 unless set) allows, and the shortest that still fails is shown
   * step by step.
   */
  private static void histories(int count, List<Action> actions) {
    long base = ForAll.baseSeed();
    Map<String, Integer> worlds = new TreeMap<>();
    long[] totals = new long[4];
    try {
      QuickTheory.qt()
          .withFixedSeed(base)
          // QuickTheories 0.26 tries one value fewer than it is told to.
          .withExamples(count + 1)
          // A history takes seconds: it is shrunk by leaving out steps instead (see reduced).
          .withShrinkCycles(0)
          .forAll((org.quicktheories.core.Gen<Plan>) source -> plans(base).draw(Choices.of(source)))
          .checkAssert(
              plan -> {
                Outcome outcome = history(plan, actions);
                if (outcome.failure() != null) {
                  throw failure(reduced(plan, actions, outcome));
                }
                worlds.merge(
                    outcome.world().toString().replace("a world read by ", ""), 1, Integer::sum);
                totals[0]++;
                totals[1] += outcome.runs();
                totals[2] += outcome.killed();
                totals[3] += outcome.faulty();
                if (totals[0] % 100 == 0) {
                  // A long run says how far it got, in case it is stopped before its end.
                  System.out.printf(
                      Locale.ROOT,
                      "%d histories, %d runs, 0 differences so far%n",
                      totals[0],
                      totals[1]);
                }
              });
    } catch (AssertionError failure) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "Replay with -Dtest=%s -D%s=%d: %s",
              ModelBasedProperties.class.getSimpleName(),
              "jsondedup.seed",
              base,
              failure.getMessage()),
          failure);
    }
    System.out.printf(
        Locale.ROOT,
        "%d histories (base seed %d), %d runs of the job (%d killed while running, %d under"
            + " faults), 0 differences from the model; histories per world: %s%n",
        totals[0],
        base,
        totals[1],
        totals[2],
        totals[3],
        worlds);
  }

  /**
   * Runs {@code plan}'s history, stopping at the first step after which the job and model differ.
   */
  private static Outcome history(Plan plan, List<Action> actions) {
    List<Step> taken = new ArrayList<>();
    World world = new World(plan.reader(), plan.key(), plan.intoTable());
    try (world) {
      for (long[] tape : plan.steps()) {
        Choices choices = Choices.ofTape(tape);
        List<Action> possible = actions.stream().filter(a -> a.possible().test(world)).toList();
        Step step = pick(possible, choices).steps().apply(world).draw(choices);
        taken.add(step);
        step.action().accept(world);
      }
      return new Outcome(
          world, taken, world.runs(), world.killedWhileRunning(), world.faultyRuns(), null);
    } catch (RuntimeException | AssertionError failure) {
      return new Outcome(
          world, taken, world.runs(), world.killedWhileRunning(), world.faultyRuns(), failure);
    }
  }

  /**
   * The shortest failing history found from {@code failed} (that of {@code plan}) by leaving out
   * steps ({@link LeaveOut}), within {@code -Djsondedup.shrinkMinutes}.
   */
  private static Outcome reduced(Plan plan, List<Action> actions, Outcome failed) {
    Outcome[] shortest = {failed};
    LeaveOut.shortestFailing(
        plan.steps().subList(0, failed.taken().size()),
        steps -> {
          Outcome tried = history(plan.withSteps(steps), actions);
          if (tried.failure() != null) {
            shortest[0] = tried;
          }
          return tried.failure() != null;
        },
        Duration.ofMinutes(Long.getLong(SHRINK_MINUTES, 3)));
    return shortest[0];
  }

  private static AssertionError failure(Outcome outcome) {
    StringBuilder steps = new StringBuilder();
    for (int i = 0; i < outcome.taken().size(); i++) {
      steps.append(String.format(Locale.ROOT, "%n  %2d. %s", i + 1, outcome.taken().get(i)));
    }
    return new AssertionError(
        String.format(
            Locale.ROOT,
            "A history of %s differs from the model at its last step (the shortest found):%s%n%s",
            outcome.world(),
            steps,
            outcome.failure().getMessage()),
        outcome.failure());
  }

  private static Action pick(List<Action> actions, Choices random) {
    int total = actions.stream().mapToInt(Action::weight).sum();
    int pick = random.nextInt(total);
    for (Action action : actions) {
      pick -= action.weight();
      if (pick < 0) {
        return action;
      }
    }
    throw new IllegalStateException("no action possible");
  }

  /** Histories where about one step in ten is a run killed at a random moment, then run again. */
  private static List<Action> withKills(List<Action> actions) {
    List<Action> all = new ArrayList<>(actions);
    all.add(killedRun());
    return all;
  }

  /**
   * Histories where about one step in four is a run under a fault of the file system (a file that
   * cannot be opened or fails part-way, on every try or on two, a folder that cannot be listed, a
   * full or unwritable output), with {@code --max-unread} 0 or 5; the steps after it run with the
   * faults cleared.
   */
  private static List<Action> withFaults(List<Action> actions) {
    List<Action> all = new ArrayList<>(actions);
    Gen<World.Fault> fault = Gen.of(World.Fault.values());
    Gen<Integer> maxUnread = Gen.of(0, 5);
    Gen<Long> diskBytes = Gen.longs(0, 3_000);
    Gen<Boolean> incremental = Gen.of(false, true);
    all.add(
        onAFile(
            6,
            name ->
                random -> {
                  World.Fault drawn = fault.draw(random);
                  int limit = maxUnread.draw(random);
                  long bytes = diskBytes.draw(random);
                  boolean batches = incremental.draw(random);
                  return step(
                      (batches ? "incremental" : "full")
                          + " run under "
                          + drawn
                          + " on "
                          + name
                          + " (--max-unread "
                          + limit
                          + (drawn == World.Fault.DISK_FULL ? ", " + bytes + " bytes free" : "")
                          + ")",
                      w -> w.runUnderFault(drawn, name, limit, bytes, batches));
                }));
    return all;
  }

  private static List<Action> producersAndRuns() {
    return List.of(
        Action.always(4, addDocument()),
        Action.always(1, documents().map(r -> step("backfill " + r, w -> w.backfill(r)))),
        onAFile(2, name -> Gen.just(step("redeliver " + name, w -> w.redeliver(name)))),
        onAFile(
            1, name -> Gen.just(step("copy keeping time " + name, w -> w.copyKeepingTime(name)))),
        new Action(1, world -> !world.hasUpload(), world -> startUpload()),
        new Action(
            1,
            World::hasUpload,
            world -> Gen.just(step("complete the upload", World::completeUpload))),
        onAFile(
            1,
            name ->
                documents().map(r -> step("rewrite " + name + " " + r, w -> w.rewrite(name, r)))),
        Action.always(
            1,
            Gen.of(Kind.NOT_JSON, Kind.EMPTY, Kind.NO_RECORDS_ARRAY)
                .map(kind -> step("bad file " + kind, w -> w.addBadFile(kind)))),
        whenFilesExist(2, Gen.just(step("full run", World::fullRun))),
        whenFilesExist(
            3,
            Gen.of(1, 2, 3, Integer.MAX_VALUE)
                .map(
                    limit ->
                        step(
                            "incremental run, batches of " + limit,
                            w -> w.incrementalRun(limit)))));
  }

  private static Step step(String words, Consumer<World> action) {
    return new Step(words, action);
  }

  private static Gen<Rec> records() {
    Gen<String> id =
        Gen.frequency(
            Gen.weighted(20, Gen.of(IDS)),
            Gen.weighted(2, Gen.of(NUMBER_IDS)),
            Gen.weighted(1, Gen.just("")),
            Gen.weighted(1, Gen.just((String) null)));
    Gen<String> ts =
        Gen.frequency(
            Gen.weighted(20, Gen.of(GOOD_TS)),
            Gen.weighted(2, Gen.of(BAD_TS)),
            Gen.weighted(1, Gen.just((String) null)));
    Gen<String> data = Gen.of("x", "y").orNull(0.1);
    return random -> new Rec(id.draw(random), data.draw(random), ts.draw(random));
  }

  private static Gen<List<Rec>> documents() {
    return records().list(0, 4);
  }

  private static Gen<Step> addDocument() {
    Gen<String> folder = Gen.of("", "a/", "z/");
    Gen<List<Rec>> records = documents();
    Gen<Long> advance = Gen.of(0L, 1L, 3L);
    return random -> {
      String in = folder.draw(random);
      List<Rec> recs = records.draw(random);
      long seconds = advance.draw(random);
      return step(
          "add " + in + " " + recs + " +" + seconds + "s",
          world -> world.addDocument(in, recs, seconds));
    };
  }

  private static Gen<Step> startUpload() {
    Gen<List<Rec>> complete = documents();
    Gen<Rec> cut = records();
    return random -> {
      List<Rec> whole = complete.draw(random);
      Rec inside = cut.draw(random);
      return step(
          "upload " + whole + " cut in " + inside, world -> world.startUpload(whole, inside));
    };
  }

  /** An action that runs the job: there must be input, or the run is a usage error. */
  private static Action whenFilesExist(int weight, Gen<Step> steps) {
    return new Action(weight, world -> !world.fileNames().isEmpty(), world -> steps);
  }

  /** An action on one of the files there. */
  private static Action onAFile(int weight, Function<String, Gen<Step>> on) {
    return new Action(
        weight,
        world -> !world.fileNames().isEmpty(),
        world -> Gen.of(world.fileNames()).flatMap(on));
  }

  private static Action killedRun() {
    // From before the JVM is up to after a small run is done (about 4 to 8 s here).
    Gen<Long> delay = Gen.longs(500, 9_000);
    Gen<Integer> limit = Gen.of(1, 2, Integer.MAX_VALUE).orNull(0.4);
    return whenFilesExist(
        2,
        random -> {
          Integer batches = limit.draw(random);
          long millis = delay.draw(random);
          return step(
              (batches == null ? "full" : "incremental (" + batches + ")")
                  + " run killed after "
                  + millis
                  + " ms, then run again",
              world -> world.killedRun(batches, millis));
        });
  }
}
