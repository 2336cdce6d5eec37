package org.noticeboard.content;

import freemarker.cache.TemplateLoader;
import java.io.Reader;
import java.io.StringReader;
import java.util.concurrent.atomic.AtomicReference;

/**
 * FreeMarker's view of one organisation's importable templates. It reads only from the in-memory
 * {@link Partials} snapshot of that organisation (never the database on a render thread, never
 * another organisation), so {@code <#include>} and {@code <#import>} cannot reach anything else.
 */
final class PartialLoader implements TemplateLoader {
  /** Equal when the text is equal, so FreeMarker's cache reuses a compiled partial until it changes. */
  record Source(String name, String text) {}

  private final AtomicReference<Partials> partials;
  private final boolean htmlPurpose;

  PartialLoader(AtomicReference<Partials> partials, boolean htmlPurpose) {
    this.partials = partials;
    this.htmlPurpose = htmlPurpose;
  }

  @Override
  public Object findTemplateSource(String name) {
    return partials.get().source(name, htmlPurpose).map(text -> new Source(name, text)).orElse(null);
  }

  @Override
  public long getLastModified(Object source) {
    return ((Source) source).text().hashCode();
  }

  @Override
  public Reader getReader(Object source, String encoding) {
    return new StringReader(((Source) source).text());
  }

  @Override
  public void closeTemplateSource(Object source) {}
}
