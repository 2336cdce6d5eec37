package org.noticeboard.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads configuration with vertx-config. Later sources win: {@code config/noticeboard.json}
 * (when present), then the file named by {@code --config}, then environment variables, then
 * explicit overrides (used by tests and the bootstrap command).
 */
public final class ConfigLoader {
  public static final Path DEFAULT_FILE = Path.of("config", "noticeboard.json");

  private ConfigLoader() {}

  public static Future<NoticeboardConfig> load(Vertx vertx, Optional<Path> configFile, JsonObject overrides) {
    if (configFile.isPresent() && !Files.isRegularFile(configFile.get())) {
      return Future.failedFuture(new ConfigException(
          List.of("--config file " + configFile.get() + " does not exist or is not a file")));
    }
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0).setIncludeDefaultStores(false);
    if (Files.isRegularFile(DEFAULT_FILE)) {
      options.addStore(fileStore(DEFAULT_FILE));
    }
    configFile.ifPresent(f -> options.addStore(fileStore(f)));
    options.addStore(new ConfigStoreOptions().setType("env")
        .setConfig(new JsonObject().put("raw-data", true).put("keys", new JsonArray(ConfigKeys.ALL))));
    options.addStore(new ConfigStoreOptions().setType("json").setConfig(overrides));

    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .eventually(retriever::close)
        .recover(e -> Future.failedFuture(e instanceof ConfigException ? e
            : new ConfigException(List.of("cannot read configuration: " + e.getMessage()))))
        .map(ConfigParser::parse)
        .compose(config -> config.secretKey().isEmpty()
            ? vertx.executeBlocking(() -> withSecret(config, SecretKeyFile.loadOrCreate(config.dataDir())))
            : Future.succeededFuture(config));
  }

  private static ConfigStoreOptions fileStore(Path path) {
    return new ConfigStoreOptions().setType("file").setFormat("json")
        .setConfig(new JsonObject().put("path", path.toString()));
  }

  private static NoticeboardConfig withSecret(NoticeboardConfig c, String secret) {
    return c.withSecretKey(secret);
  }
}
