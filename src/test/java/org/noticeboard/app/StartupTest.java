package org.noticeboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.noticeboard.config.ConfigParser;
import org.noticeboard.db.DatabaseServer;
import org.noticeboard.db.Migrations;
import org.noticeboard.support.TestApp;
import org.noticeboard.support.TestDatabase;

class StartupTest {

  @Test
  void migratesAnEmptyDatabaseAndKeepsDataAcrossRestarts() {
    String url = TestDatabase.freshEmpty();
    String token;
    try (TestApp app = TestApp.start(new JsonObject().put("DATABASE_URL", url))) {
      token = app.bootstrap("Haslingden Family Hub");
      assertEquals(201, app.as(token).post("units", new JsonObject().put("kind", "centre").put("name", "Haslingden")).status());
    }
    try (TestApp again = TestApp.start(new JsonObject().put("DATABASE_URL", url))) {
      var units = again.as(token).get("units");
      assertEquals(200, units.status());
      assertEquals("Haslingden", units.items().getJsonObject(0).getString("name"));
    }
  }

  @Test
  void embeddedDatabaseLivesInTheDataDirectoryAndSurvivesRestart(@TempDir Path dataDir) throws Exception {
    var config = ConfigParser.parse(new JsonObject().put("NB_DATA_DIR", dataDir.toString()));
    try (DatabaseServer db = DatabaseServer.start(config)) {
      assertTrue(db.embedded());
      Migrations.apply(db);
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        c.createStatement().execute("INSERT INTO organisation (name) VALUES ('Bacup Children''s Centre')");
      }
    }
    assertTrue(dataDir.resolve("postgres").resolve("PG_VERSION").toFile().isFile());
    try (DatabaseServer db = DatabaseServer.start(config)) {
      assertEquals(0, Migrations.apply(db).migrationsExecuted);
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
           ResultSet rs = c.createStatement().executeQuery("SELECT name FROM organisation")) {
        assertTrue(rs.next());
        assertEquals("Bacup Children's Centre", rs.getString(1));
        assertFalse(rs.next());
      }
    }
  }

  @Test
  void theServicesEmbeddedDatabaseIsDurable(@TempDir Path dataDir) throws Exception {
    var config = ConfigParser.parse(new JsonObject().put("NB_DATA_DIR", dataDir.toString()));
    try (DatabaseServer db = DatabaseServer.start(config);
         Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
          rs.next();
          assertEquals("on", rs.getString(1), setting + ": a power cut must not lose committed work");
        }
      }
    }
  }

  @Test
  void aSecondProcessOfTheSameDataDirectoryUsesTheRunningDatabase(@TempDir Path dataDir) throws Exception {
    var config = ConfigParser.parse(new JsonObject().put("NB_DATA_DIR", dataDir.toString()));
    try (DatabaseServer server = DatabaseServer.start(config)) {
      Migrations.apply(server);
      // e.g. `bootstrap` while the service runs: the data directory is locked, so it joins instead of failing
      try (DatabaseServer second = DatabaseServer.start(config)) {
        assertFalse(second.embedded(), "not ours to stop");
        try (Connection c = DriverManager.getConnection(second.jdbcUrl(), second.user(), second.password())) {
          c.createStatement().execute("INSERT INTO organisation (name) VALUES ('Joined')");
        }
      }
      try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
           ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM organisation WHERE name = 'Joined'")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "the first server still runs and sees the row");
      }
    }
  }
}
