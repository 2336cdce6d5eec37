package org.noticeboard.audience;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.noticeboard.errors.FieldError;
import org.noticeboard.errors.Problem;
import org.noticeboard.web.Auth;
import org.noticeboard.web.Responses;

/** {@code POST /api/v1/imports?listId=&consentSource=&wording=&dryRun=} with a CSV body, streamed. */
final class ImportRoutes {
  private ImportRoutes() {}

  static void upload(RoutingContext ctx, ImportService imports) {
    ImportRequest req;
    try {
      req = request(ctx);
    } catch (Problem p) {
      ctx.request().resume(); // read (and drop) the upload so the answer reaches the client
      ctx.request().endHandler(v -> ctx.fail(p));
      return;
    }
    Responses.created(ctx, imports.run(Auth.tenant(ctx), req, ctx.request()), ImportJob::toJson, j -> "/api/v1/imports/" + j.id());
  }

  private static ImportRequest request(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && !type.toLowerCase().startsWith("text/csv") && !type.toLowerCase().startsWith("text/plain")
        && !type.toLowerCase().startsWith("application/csv") && !type.toLowerCase().startsWith("application/octet-stream")) {
      throw new Problem(Problem.Kind.BAD_REQUEST, "send the CSV file as the body with Content-Type: text/csv", List.of(), null);
    }
    Long listId = null;
    String l = ctx.queryParams().get("listId");
    if (l != null && !l.isEmpty()) {
      try {
        listId = Long.parseLong(l);
      } catch (NumberFormatException e) {
        errors.add(new FieldError("listId", "must be a list id"));
      }
    }
    String source = ctx.queryParams().get("consentSource");
    if (source == null || source.isEmpty()) {
      source = "import";
    } else if (!SubscriptionService.SOURCES.contains(source)) {
      errors.add(new FieldError("consentSource", "must be one of " + String.join(", ", SubscriptionService.SOURCES)));
    }
    String wording = ctx.queryParams().get("wording");
    if (wording != null && wording.length() > 2000) {
      errors.add(new FieldError("wording", "must be at most 2000 characters"));
    }
    String dry = ctx.queryParams().get("dryRun");
    if (dry != null && !dry.equals("true") && !dry.equals("false")) {
      errors.add(new FieldError("dryRun", "must be true or false"));
    }
    int batch = ImportRequest.DEFAULT_BATCH;
    String b = ctx.queryParams().get("batchSize");
    if (b != null) {
      try {
        batch = Integer.parseInt(b);
      } catch (NumberFormatException e) {
        batch = -1;
      }
      if (batch < 1 || batch > ImportRequest.MAX_BATCH) {
        errors.add(new FieldError("batchSize", "must be from 1 to " + ImportRequest.MAX_BATCH));
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors);
    }
    return new ImportRequest(listId, source, wording == null || wording.isBlank() ? null : wording.strip(), "true".equals(dry), batch);
  }
}
