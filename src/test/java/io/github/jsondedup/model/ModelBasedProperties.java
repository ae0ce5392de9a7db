package io.github.jsondedup.model;

import io.github.jsondedup.model.ContractModel.Kind;
import io.github.jsondedup.model.ContractModel.Rec;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

/**
 * The job against {@link ContractModel} over random histories: producers add files, deliver copies
 * under new names or with old modification times, upload a file in two parts, correct files in
 * place and drop bad files and bad records, while full and incremental runs (random batch limits)
 * go on between them. After every run the dataset, the counts of each batch and its audit equal the
 * model's.
 *
 * <p>{@link #shortHistories} runs with the unit tests; {@link #longHistories} (tag {@code
 * model-long}) on demand: {@code bench/model}.
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

  private final List<World> worlds = new ArrayList<>();

  @Property(tries = 6, shrinking = ShrinkingMode.OFF)
  void shortHistories(@ForAll("histories") ActionChain<World> history) {
    countRuns(history.run());
  }

  @Property(tries = 2, shrinking = ShrinkingMode.OFF)
  void shortHistoriesWithKilledRuns(@ForAll("historiesWithKills") ActionChain<World> history) {
    countRuns(history.run());
  }

  @Property(tries = 500, shrinking = ShrinkingMode.OFF)
  @Tag("model-long")
  void longHistories(@ForAll("histories") ActionChain<World> history) {
    countRuns(history.run());
  }

  @Property(tries = 50, shrinking = ShrinkingMode.OFF)
  @Tag("model-long")
  void longHistoriesWithKilledRuns(@ForAll("historiesWithKills") ActionChain<World> history) {
    countRuns(history.run());
  }

  /** jqwik prints, after the property, how many runs of the job the histories checked. */
  private static void countRuns(World world) {
    Statistics.label("runs of the job per history").collect(world.runs());
  }

  @AfterTry
  void removeWorlds() {
    worlds.forEach(World::close);
    worlds.clear();
  }

  @Provide
  ActionChainArbitrary<World> histories() {
    return producersAndRuns();
  }

  /** Histories where about one step in ten is a run killed at a random moment, then run again. */
  @Provide
  ActionChainArbitrary<World> historiesWithKills() {
    return producersAndRuns().withAction(2, killedRun());
  }

  private ActionChainArbitrary<World> producersAndRuns() {
    return ActionChain.<World>startWith(
            () -> {
              World world = new World();
              worlds.add(world);
              return world;
            })
        .withAction(4, addDocument())
        .withAction(1, backfill())
        .withAction(2, new Redeliver())
        .withAction(1, new CopyKeepingTime())
        .withAction(1, startUpload())
        .withAction(1, new CompleteUpload())
        .withAction(1, new Rewrite())
        .withAction(1, addBadFile())
        .withAction(2, fullRun())
        .withAction(3, incrementalRun())
        .withMaxTransformations(14);
  }

  private static Arbitrary<Rec> records() {
    Arbitrary<String> id =
        Arbitraries.frequencyOf(
            Tuple.of(20, Arbitraries.of(IDS)),
            Tuple.of(1, Arbitraries.just("")),
            Tuple.of(1, Arbitraries.just((String) null)));
    Arbitrary<String> ts =
        Arbitraries.frequencyOf(
            Tuple.of(20, Arbitraries.of(GOOD_TS)),
            Tuple.of(2, Arbitraries.of(BAD_TS)),
            Tuple.of(1, Arbitraries.just((String) null)));
    Arbitrary<String> data = Arbitraries.of("x", "y").injectNull(0.1);
    return Combinators.combine(id, data, ts).as(Rec::new);
  }

  private static Arbitrary<List<Rec>> documents() {
    return records().list().ofMinSize(0).ofMaxSize(4);
  }

  private static Action.Independent<World> addDocument() {
    return () ->
        Combinators.combine(Arbitraries.of("", "a/", "z/"), documents(), Arbitraries.of(0L, 1L, 3L))
            .as(
                (folder, records, advance) ->
                    Transformer.mutate(
                        "add " + folder + " " + records + " +" + advance + "s",
                        world -> world.addDocument(folder, records, advance)));
  }

  private static Action.Independent<World> backfill() {
    return () ->
        documents()
            .map(records -> Transformer.mutate("backfill " + records, w -> w.backfill(records)));
  }

  private static Action.Independent<World> startUpload() {
    return new Action.Independent<>() {
      @Override
      public boolean precondition(World world) {
        return !world.hasUpload();
      }

      @Override
      public Arbitrary<Transformer<World>> transformer() {
        return Combinators.combine(documents(), records())
            .as(
                (complete, cut) ->
                    Transformer.mutate(
                        "upload " + complete + " cut in " + cut,
                        world -> world.startUpload(complete, cut)));
      }
    };
  }

  private static Action.Independent<World> addBadFile() {
    return () ->
        Arbitraries.of(Kind.NOT_JSON, Kind.EMPTY, Kind.NO_RECORDS_ARRAY)
            .map(kind -> Transformer.mutate("bad file " + kind, w -> w.addBadFile(kind)));
  }

  private static Action.Independent<World> fullRun() {
    return whenFilesExist(Arbitraries.just(Transformer.mutate("full run", World::fullRun)));
  }

  private static Action.Independent<World> incrementalRun() {
    return whenFilesExist(
        Arbitraries.of(1, 2, 3, Integer.MAX_VALUE)
            .map(
                limit ->
                    Transformer.mutate(
                        "incremental run, batches of " + limit, w -> w.incrementalRun(limit))));
  }

  /** An action that runs the job: there must be input, or the run is a usage error. */
  private static Action.Independent<World> whenFilesExist(
      Arbitrary<Transformer<World>> transformers) {
    return new Action.Independent<>() {
      @Override
      public boolean precondition(World world) {
        return !world.fileNames().isEmpty();
      }

      @Override
      public Arbitrary<Transformer<World>> transformer() {
        return transformers;
      }
    };
  }

  private static Action.Independent<World> killedRun() {
    // From before the JVM is up to after a small run is done (about 4 to 8 s here).
    Arbitrary<Long> delay = Arbitraries.longs().between(500, 9_000);
    Arbitrary<Integer> limit = Arbitraries.of(1, 2, Integer.MAX_VALUE).injectNull(0.4);
    return whenFilesExist(
        Combinators.combine(limit, delay)
            .as(
                (batches, millis) ->
                    Transformer.mutate(
                        (batches == null ? "full" : "incremental (" + batches + ")")
                            + " run killed after "
                            + millis
                            + " ms, then run again",
                        w -> w.killedRun(batches, millis))));
  }

  /** An action on one of the files there. */
  private abstract static class OnAFile implements Action.Dependent<World> {
    @Override
    public boolean precondition(World world) {
      return !world.fileNames().isEmpty();
    }

    @Override
    public Arbitrary<Transformer<World>> transformer(World world) {
      return Arbitraries.of(world.fileNames()).flatMap(this::on);
    }

    abstract Arbitrary<Transformer<World>> on(String name);
  }

  private static final class Redeliver extends OnAFile {
    @Override
    Arbitrary<Transformer<World>> on(String name) {
      return Arbitraries.just(Transformer.mutate("redeliver " + name, w -> w.redeliver(name)));
    }
  }

  private static final class CopyKeepingTime extends OnAFile {
    @Override
    Arbitrary<Transformer<World>> on(String name) {
      return Arbitraries.just(
          Transformer.mutate("copy keeping time " + name, w -> w.copyKeepingTime(name)));
    }
  }

  private static final class Rewrite extends OnAFile {
    @Override
    Arbitrary<Transformer<World>> on(String name) {
      return documents()
          .map(
              records ->
                  Transformer.mutate(
                      "rewrite " + name + " " + records, w -> w.rewrite(name, records)));
    }
  }

  private static final class CompleteUpload implements Action.Independent<World> {
    @Override
    public boolean precondition(World world) {
      return world.hasUpload();
    }

    @Override
    public Arbitrary<Transformer<World>> transformer() {
      return Arbitraries.just(Transformer.mutate("complete the upload", World::completeUpload));
    }
  }
}
