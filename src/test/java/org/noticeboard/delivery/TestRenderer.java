package org.noticeboard.delivery;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.noticeboard.content.MessageRenderer;
import org.noticeboard.content.RenderOutcome;
import org.noticeboard.content.RenderRequest;
import org.noticeboard.content.RenderedMessage;

/**
 * A small renderer for tests: the request model's {@code fixture} holds subject/preheader/html/text/sms
 * strings in which {@code ${a.b}} is replaced from the model. {@code fixture.fail} makes one message fail.
 */
final class TestRenderer implements MessageRenderer {
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");
  final List<RenderRequest> seen = new CopyOnWriteArrayList<>();

  @Override
  public Future<List<RenderOutcome>> render(List<RenderRequest> batch) {
    seen.addAll(batch);
    List<RenderOutcome> out = new ArrayList<>();
    for (RenderRequest r : batch) {
      JsonObject f = r.model().getJsonObject("fixture", new JsonObject());
      if (f.containsKey("fail")) {
        out.add(RenderOutcome.failed(f.getString("fail")));
        continue;
      }
      out.add(RenderOutcome.ok(new RenderedMessage(r.languages().isEmpty() ? "en" : r.languages().get(0),
          fill(f.getString("subject"), r.model()), fill(f.getString("preheader"), r.model()),
          fill(f.getString("html"), r.model()), fill(f.getString("text"), r.model()), fill(f.getString("sms"), r.model()))));
    }
    return Future.succeededFuture(out);
  }

  static String fill(String s, JsonObject model) {
    if (s == null) {
      return null;
    }
    Matcher m = VAR.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      Object v = model;
      for (String part : m.group(1).split("\\.")) {
        v = v instanceof JsonObject j ? j.getValue(part) : null;
      }
      m.appendReplacement(b, Matcher.quoteReplacement(v == null ? "" : v.toString()));
    }
    m.appendTail(b);
    return b.toString();
  }
}
