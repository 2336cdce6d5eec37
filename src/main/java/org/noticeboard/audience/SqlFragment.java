package org.noticeboard.audience;

import io.vertx.sqlclient.Tuple;
import java.util.List;

/** A piece of SQL with {@code $n} placeholders and the values for them, in order. */
public record SqlFragment(String sql, List<Object> params) {
  /** The parameters appended to a tuple that already holds the ones before {@code firstParamIndex}. */
  public Tuple addTo(Tuple tuple) {
    params.forEach(tuple::addValue);
    return tuple;
  }

  public int nextParamIndex(int firstParamIndex) {
    return firstParamIndex + params.size();
  }
}
