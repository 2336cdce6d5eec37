package org.noticeboard.app;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.noticeboard.accounts.OrganisationService;
import org.noticeboard.config.ConfigException;
import org.noticeboard.config.ConfigLoader;
import org.noticeboard.config.NoticeboardConfig;

/**
 * Command line: {@code java -jar noticeboard.jar [serve] [--config FILE]} runs the service;
 * {@code bootstrap --organisation NAME} creates an organisation and prints its first owner token once.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if ("json".equalsIgnoreCase(System.getenv("NB_LOG_FORMAT")) && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    Arguments a;
    try {
      a = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("noticeboard: " + e.getMessage());
      System.err.println("usage: noticeboard [serve] [--config FILE] | bootstrap --organisation NAME [--config FILE]");
      System.exit(2);
      return;
    }
    Noticeboard app = Noticeboard.create();
    NoticeboardConfig config;
    try {
      config = ConfigLoader.load(app.vertx(), a.configFile(), new JsonObject()).await();
    } catch (ConfigException e) {
      System.err.println("noticeboard: " + e.getMessage());
      app.vertx().close();
      System.exit(2);
      return;
    }
    if (a.command().equals("bootstrap")) {
      bootstrap(app, config, a.organisation());
    } else {
      serve(app, config);
    }
  }

  private static void serve(Noticeboard app, NoticeboardConfig config) {
    // SIGTERM / Ctrl-C: stop accepting, finish requests in flight, then stop PostgreSQL cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> app.stop().await(), "noticeboard-shutdown"));
    try {
      app.start(config).await();
    } catch (RuntimeException e) {
      System.err.println("noticeboard: cannot start: " + rootMessage(e));
      System.exit(1);
    }
  }

  private static void bootstrap(Noticeboard app, NoticeboardConfig config, String organisation) {
    int status = 0;
    try {
      Services s = app.open(config).await();
      OrganisationService.Bootstrapped b = s.organisations().bootstrap(organisation).await();
      System.out.println("Created organisation " + b.organisation().id() + " \"" + b.organisation().name() + "\".");
      System.out.println("Owner API token (shown only now; keep it safe):");
      System.out.println(b.ownerToken().secret());
    } catch (RuntimeException e) {
      System.err.println("noticeboard: bootstrap failed: " + rootMessage(e));
      status = 1;
    } finally {
      app.stop().await();
    }
    System.exit(status);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  record Arguments(String command, Optional<Path> configFile, String organisation) {
    static Arguments parse(String[] args) {
      String command = "serve";
      Path config = null;
      String organisation = null;
      List<String> rest = new ArrayList<>(List.of(args));
      if (!rest.isEmpty() && !rest.get(0).startsWith("--")) {
        command = rest.remove(0);
      }
      for (int i = 0; i < rest.size(); i++) {
        String arg = rest.get(i);
        String value = i + 1 < rest.size() ? rest.get(i + 1) : null;
        switch (arg) {
          case "--config" -> config = Path.of(required(arg, value));
          case "--organisation" -> organisation = required(arg, value);
          default -> throw new IllegalArgumentException("unknown argument " + arg);
        }
        i++;
      }
      if (!command.equals("serve") && !command.equals("bootstrap")) {
        throw new IllegalArgumentException("unknown command " + command);
      }
      if (command.equals("bootstrap") && (organisation == null || organisation.isBlank())) {
        throw new IllegalArgumentException("bootstrap needs --organisation NAME");
      }
      return new Arguments(command, Optional.ofNullable(config), organisation);
    }

    private static String required(String flag, String value) {
      if (value == null) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return value;
    }
  }
}
