package io.github.jsondedup.read;

import static io.github.jsondedup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jsondedup.Fixtures;
import io.github.jsondedup.config.InvalidSettingException;
import io.github.jsondedup.config.ReadRetries;
import io.github.jsondedup.faults.FaultyFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class InputDiscoveryTest {
  private final Configuration hadoop = new Configuration();

  @TempDir Path input;

  @Test
  void listsEveryFileBelowTheInputRecursively() {
    write(input, "a.json", 0, "{}");
    write(input, "2019/04/23/b.json.gz", 0, "{}");

    assertThat(names(list(input.toString()))).containsExactly("2019/04/23/b.json.gz", "a.json");
  }

  @Test
  void skipsFilesAndFoldersStartingWithUnderscoreOrDot() {
    write(input, "kept.json", 0, "{}");
    write(input, "_SUCCESS", 0, "");
    write(input, ".kept.json.crc", 0, "");
    write(input, "_temporary/0/part.json", 0, "{}");
    write(input, ".hidden/c.json", 0, "{}");

    assertThat(names(list(input.toString()))).containsExactly("kept.json");
    assertThat(
            InputDiscovery.listing(hadoop, List.of(input.toString()), ReadRetries.ONCE)
                .skippedByName())
        // Hadoop's checksummed local file system does not list .crc files at all.
        .as("_SUCCESS and the two folders, each once")
        .isEqualTo(3);
  }

  @Test
  void keepsModificationTimeAndSize() {
    write(input, "a.json", 42, "{\"records\": []}");

    InputFile file = list(input.toString()).get(0);

    assertThat(file.modificationTime()).isEqualTo(Fixtures.EPOCH.plusSeconds(42).toEpochMilli());
    assertThat(file.size()).isEqualTo(15);
  }

  @Test
  void listsAFileNamedTwiceOnce() {
    write(input, "day/a.json", 0, "{}");

    List<InputFile> files = list(input.toString(), input.resolve("day").toString());

    assertThat(names(files)).containsExactly("day/a.json");
  }

  @Test
  void acceptsHadoopGlobs() {
    write(input, "2019-04-23/a.json", 0, "{}");
    write(input, "2019-04-24/b.json", 0, "{}");
    write(input, "2019-05-01/c.json", 0, "{}");

    assertThat(names(list(input.resolve("2019-04-*").toString())))
        .containsExactly("2019-04-23/a.json", "2019-04-24/b.json");
  }

  @Test
  void anInputThatDoesNotExistIsAUsageError() {
    String missing = input.resolve("nope").toString();

    assertThatThrownBy(() -> list(missing))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(missing + " does not exist");
  }

  @Test
  void aGlobThatMatchesNothingSaysSo() {
    String glob = input.resolve("2019-13-*").toString();

    assertThatThrownBy(() -> list(glob))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("the glob " + glob + " matches no path");
  }

  @Test
  void anInputWithNoFilesIsAUsageError() throws IOException {
    Files.createDirectories(input.resolve("empty/sub"));
    write(input, "empty/_SUCCESS", 0, "");

    assertThatThrownBy(() -> list(input.resolve("empty").toString()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("no input files under " + input.resolve("empty"));
  }

  @Test
  @Timeout(60)
  void twoLinksBackUpTheTreeEndTheListingWithEachRealFileOnce() throws IOException {
    write(input, "a.json", 0, "{}");
    write(input, "s1/b.json", 0, "{}");
    write(input, "s2/c.json", 0, "{}");
    Files.createSymbolicLink(input.resolve("s1/up"), Path.of(".."));
    Files.createSymbolicLink(input.resolve("s2/up"), Path.of(".."));

    assertThat(names(list(input.toString()))).containsExactly("a.json", "s1/b.json", "s2/c.json");
  }

  @Test
  void aFileOrFolderReachedByTwoNamesIsListedOnceUnderTheFirstName() throws IOException {
    write(input, "real/a.json", 0, "{}");
    Files.createSymbolicLink(input.resolve("link"), Path.of("real"));
    Files.createSymbolicLink(input.resolve("real/b.json"), Path.of("a.json"));

    assertThat(names(list(input.toString()))).containsExactly("link/a.json");
    assertThat(names(list(input.resolve("real").toString(), input.resolve("link").toString())))
        .as("two inputs naming one folder: the first name in path order, as one input")
        .containsExactly("link/a.json");
  }

  @Test
  void aLinkToAFolderOutsideTheInputIsFollowed(@TempDir Path elsewhere) throws IOException {
    write(elsewhere, "x.json", 0, "{}");
    Files.createSymbolicLink(input.resolve("today"), elsewhere);

    assertThat(names(list(input.toString()))).containsExactly("today/x.json");
  }

  @Test
  void aLocalFolderIsListedWithTheNamesTimesAndSizesOfHadoopsOwnListing() throws IOException {
    // Names a URI would escape or a Path would parse, in nested folders (links: the tests above).
    List<String> names =
        List.of(
            "sp ace.json",
            "a:b.json",
            "per%20cent.json",
            "ünï/cödé.json",
            "h#sh.json",
            "q?x.json",
            "back\\slash.json",
            "[br]{ce}*.json",
            "2019/04/23/deep.json.gz",
            "x/_SUCCESS");
    for (int i = 0; i < names.size(); i++) {
      write(input, names.get(i), i, "{\"n\": " + i + "}");
    }
    hadoop.set("fs." + FaultyFileSystem.SCHEME + ".impl", FaultyFileSystem.class.getName());

    List<InputFile> local = list(input.toString());
    // The faulty: scheme is Hadoop's RawLocalFileSystem listing the same folder its own way.
    List<InputFile> hadoops =
        InputDiscovery.list(hadoop, List.of(FaultyFileSystem.uri(input))).stream()
            .map(
                file ->
                    new InputFile(
                        file.path().replaceFirst("^faulty:", "file:"),
                        file.modificationTime(),
                        file.size()))
            .toList();

    assertThat(local).hasSize(names.size() - 1).isEqualTo(hadoops);
  }

  private List<InputFile> list(String... inputs) {
    return InputDiscovery.list(hadoop, List.of(inputs));
  }

  private List<String> names(List<InputFile> files) {
    String root = "file:" + input.toAbsolutePath() + "/";
    return files.stream().map(file -> file.path().replace(root, "")).toList();
  }
}
