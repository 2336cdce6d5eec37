package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.TestApp;

/** A message reads a shared model only of its own organisation, whatever its model_id says. */
class SharedModelTest {
  static TestApp app;
  static long ours;
  static long theirs;

  @BeforeAll
  static void start() {
    app = TestApp.start(new JsonObject().put("NB_DELIVERY_ENABLED", false));
    app.bootstrap("Stacksteads Family Hub");
    app.bootstrap("Rawtenstall Family Hub");
    ours = app.count("SELECT id FROM organisation WHERE name = 'Stacksteads Family Hub'");
    theirs = app.count("SELECT id FROM organisation WHERE name = 'Rawtenstall Family Hub'");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static long model(long organisation, String title) {
    app.exec("INSERT INTO message_model (organisation_id, model) VALUES (" + organisation
        + ", '{\"campaign\": {\"title\": \"" + title + "\"}}')");
    return app.count("SELECT max(id) FROM message_model WHERE organisation_id = " + organisation);
  }

  static long message(long organisation, long modelId, String key) {
    app.exec("INSERT INTO message (organisation_id, channel, destination, source_kind, model_id, idempotency_key)"
        + " VALUES (" + organisation + ", 'email', 'parent@example.org', 'campaign', " + modelId + ", '" + key + "')");
    return app.count("SELECT id FROM message WHERE idempotency_key = '" + key + "'");
  }

  static JsonObject modelOf(long organisation, long message) {
    return Outbox.find(app.services().pool(), organisation, message).await().orElseThrow().model();
  }

  @Test
  void aMessageSeesItsOwnOrganisationsModelOnly() {
    long own = model(ours, "Stay and play");
    long foreign = model(theirs, "Refuge group news");
    assertEquals("Stay and play", modelOf(ours, message(ours, own, "shared-model:own"))
        .getJsonObject("campaign").getString("title"));
    JsonObject wrong = modelOf(ours, message(ours, foreign, "shared-model:foreign"));
    assertTrue(wrong.isEmpty(), "another organisation's model is never read: " + wrong.encode());
  }
}
