package org.noticeboard.audience;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** An import's options, progress counters, state and (when read singly) its row problems. */
public record ImportJob(JsonObject json) {
  static final String COLUMNS = "j.id, j.list_id, j.consent_source, j.wording, j.dry_run, j.state, j.rows_read, j.created, j.updated, "
      + "j.unchanged, j.skipped, j.errors, j.subscribed, j.failure, j.created_at, j.finished_at";

  static ImportJob from(Row r) {
    return new ImportJob(new JsonObject().put("id", r.getLong("id")).put("listId", r.getLong("list_id"))
        .put("consentSource", r.getString("consent_source")).put("wording", r.getString("wording"))
        .put("dryRun", r.getBoolean("dry_run")).put("state", r.getString("state"))
        .put("rowsRead", r.getInteger("rows_read")).put("created", r.getInteger("created")).put("updated", r.getInteger("updated"))
        .put("unchanged", r.getInteger("unchanged")).put("skipped", r.getInteger("skipped")).put("errors", r.getInteger("errors"))
        .put("subscribed", r.getInteger("subscribed")).put("failure", r.getString("failure"))
        .put("createdAt", r.getOffsetDateTime("created_at").toString())
        .put("finishedAt", r.getOffsetDateTime("finished_at") == null ? null : r.getOffsetDateTime("finished_at").toString()));
  }

  public long id() {
    return json.getLong("id");
  }

  public String state() {
    return json.getString("state");
  }

  ImportJob withProblems(JsonArray problems) {
    return new ImportJob(json.copy().put("problems", problems));
  }

  public JsonObject toJson() {
    return json;
  }
}
