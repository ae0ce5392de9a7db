package io.github.jsondedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages are the stages of a run, in the order of the README's code map: each imports only
 * those before it, so none imports one that imports it back, and none but {@code Main} the CLI.
 */
class PackageDependenciesTest {
  /** The README's code map, top to bottom. */
  private static final List<String> LAYERS =
      List.of(
          "sparkcompat",
          "schema",
          "config",
          "read",
          "report",
          "dedup",
          "output",
          "table",
          "job",
          "watch",
          "generate",
          "cli");

  private static final Path MAIN = sources().resolve("io/github/jsondedup");
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?io\\.github\\.jsondedup\\.([a-z]+)\\.", Pattern.MULTILINE);

  @Test
  void onlyTheCommandLineAndMainImportTheCommandLine() {
    Map<String, Set<String>> imports = importsByPackage();

    imports.forEach(
        (pkg, imported) -> {
          if (!pkg.equals("cli") && !pkg.isEmpty()) {
            assertThat(imported).as("packages imported by %s", pkg).doesNotContain("cli");
          }
        });
  }

  @Test
  void noPackageDependsOnItself() {
    Map<String, Set<String>> imports = importsByPackage();

    for (String pkg : imports.keySet()) {
      assertThat(reachableFrom(pkg, imports)).as("packages %s depends on", pkg).doesNotContain(pkg);
    }
  }

  @Test
  void eachPackageImportsOnlyThoseBeforeItInTheCodeMap() {
    Map<String, Set<String>> imports = importsByPackage();
    imports.remove("");

    assertThat(imports.keySet()).as("packages of the code map").isEqualTo(Set.copyOf(LAYERS));
    assertThat(importsOfLaterLayers(imports)).isEmpty();
  }

  @Test
  void anImportOfALaterPackageIsFound() {
    Map<String, Set<String>> imports = Map.of("read", Set.of("schema", "job"), "job", Set.of());

    assertThat(importsOfLaterLayers(imports)).containsExactly("read imports job");
  }

  /** Each import of a package listed after the importing one, as "a imports b". */
  private static List<String> importsOfLaterLayers(Map<String, Set<String>> imports) {
    List<String> found = new ArrayList<>();
    imports.forEach(
        (pkg, imported) -> {
          for (String other : imported) {
            if (LAYERS.indexOf(other) > LAYERS.indexOf(pkg)) {
              found.add(pkg + " imports " + other);
            }
          }
        });
    return found;
  }

  /** {@code src/main/java} of this build, found from the test classes, not the working folder. */
  private static Path sources() {
    try {
      Path testClasses =
          Path.of(
              PackageDependenciesTest.class
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI());
      return testClasses.getParent().getParent().resolve("src/main/java");
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> reachableFrom(String start, Map<String, Set<String>> imports) {
    Set<String> seen = new TreeSet<>();
    List<String> next = new ArrayList<>(imports.getOrDefault(start, Set.of()));
    while (!next.isEmpty()) {
      String pkg = next.remove(next.size() - 1);
      if (seen.add(pkg)) {
        next.addAll(imports.getOrDefault(pkg, Set.of()));
      }
    }
    return seen;
  }

  /** Each package ("" for the root) and the project's packages its classes import. */
  private static Map<String, Set<String>> importsByPackage() {
    Map<String, Set<String>> imports = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        String pkg = MAIN.relativize(file.getParent()).toString().replace('/', '.');
        Set<String> imported = imports.computeIfAbsent(pkg, key -> new TreeSet<>());
        Matcher matcher = IMPORT.matcher(Files.readString(file));
        while (matcher.find()) {
          if (!matcher.group(1).equals(pkg)) {
            imported.add(matcher.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(imports).containsKeys("cli", "job", "read", "dedup", "output");
    return imports;
  }
}
