package org.noticeboard.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Docker build context: the secret key and the embedded database under {@code data/} and the build
 * output never enter it, and everything the Dockerfile copies does. No Docker engine runs here, so the
 * {@code .dockerignore} rules are read the way Docker reads them (the last matching rule wins; a rule
 * matching a directory matches everything in it; {@code !} makes an exception).
 */
class DockerContextTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();

  record Rule(String glob, boolean exception) {}

  @Test
  void secretsDataAndBuildOutputStayOutOfTheContext() throws IOException {
    List<Rule> rules = rules();
    for (String path : List.of("data/secret.key", "data/postgres/PG_VERSION", "data/mail/1.eml",
        "target/noticeboard.jar", "target/classes/org/noticeboard/app/Main.class", ".git/config", "file-uploads/x.csv")) {
      assertTrue(excluded(rules, path), path + " must not be sent to the Docker daemon");
    }
  }

  @Test
  void everythingTheDockerfileCopiesIsInTheContext() throws IOException {
    List<Rule> rules = rules();
    List<String> sources = copiedSources();
    assertFalse(sources.isEmpty());
    for (String source : sources) {
      Path p = ROOT.resolve(source);
      assertTrue(Files.exists(p), source + " (COPY in the Dockerfile) exists");
      try (var files = Files.walk(p)) {
        files.filter(Files::isRegularFile).limit(200).forEach(f -> {
          String rel = ROOT.relativize(f).toString().replace('\\', '/');
          assertFalse(excluded(rules, rel), rel + " is needed by the image build");
        });
      }
    }
  }

  private static List<Rule> rules() throws IOException {
    List<Rule> rules = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve(".dockerignore"))) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      boolean exception = l.startsWith("!");
      String glob = (exception ? l.substring(1) : l).replaceAll("^/+|/+$", "");
      rules.add(new Rule(glob, exception));
    }
    return rules;
  }

  /** Docker's reading: a rule matches a path when it matches the path or one of its parent directories. */
  static boolean excluded(List<Rule> rules, String path) {
    boolean excluded = false;
    for (Rule r : rules) {
      var matcher = FileSystems.getDefault().getPathMatcher("glob:" + r.glob());
      String[] parts = path.split("/");
      StringBuilder prefix = new StringBuilder();
      for (String part : parts) {
        prefix.append(prefix.length() == 0 ? "" : "/").append(part);
        if (matcher.matches(Path.of(prefix.toString()))) {
          excluded = !r.exception();
          break;
        }
      }
    }
    return excluded;
  }

  /** The local sources of the Dockerfile's COPY lines (not those copied from another stage). */
  private static List<String> copiedSources() throws IOException {
    Pattern copy = Pattern.compile("^COPY\\s+(?!--from)(\\S+)\\s+\\S+\\s*$");
    List<String> sources = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
      Matcher m = copy.matcher(line.strip());
      if (m.matches()) {
        sources.add(m.group(1).replaceAll("^\\./|/$", ""));
      }
    }
    return sources;
  }
}
