package org.noticeboard.content;

/** The result of one {@link RenderRequest}: a message, or why it could not be rendered. */
public record RenderOutcome(RenderedMessage message, String error) {
  public static RenderOutcome ok(RenderedMessage m) {
    return new RenderOutcome(m, null);
  }

  public static RenderOutcome failed(String error) {
    return new RenderOutcome(null, error);
  }

  public boolean succeeded() {
    return message != null;
  }
}
