package org.noticeboard.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code noticeboard_delivery_queued{channel}} (gauge), {@code noticeboard_delivery_messages_total{channel,outcome}}
 * with outcome sent, failed, suppressed, retry, held, cancelled, and {@code noticeboard_delivery_send_seconds{channel}}.
 */
public final class DeliveryMetrics {
  private final MeterRegistry registry;
  private final Map<Channel, AtomicLong> queued = new EnumMap<>(Channel.class);
  private final Map<Channel, Timer> latency = new EnumMap<>(Channel.class);
  private final Map<String, Counter> counters = new ConcurrentHashMap<>(); // looked up once, not per message

  public DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Channel c : Channel.values()) {
      queued.put(c, registry.gauge("noticeboard.delivery.queued", Tags.of("channel", c.code()), new AtomicLong()));
      latency.put(c, Timer.builder("noticeboard.delivery.send").tag("channel", c.code())
          .description("time of one send attempt").register(registry));
    }
  }

  public void count(Channel c, String outcome, long n) {
    counters.computeIfAbsent(c.code() + ":" + outcome, k -> Counter.builder("noticeboard.delivery.messages")
        .tag("channel", c.code()).tag("outcome", outcome).register(registry)).increment(n);
  }

  public void queued(Channel c, long n) {
    queued.get(c).set(n);
  }

  public void sendTime(Channel c, long nanos) {
    latency.get(c).record(nanos, TimeUnit.NANOSECONDS);
  }
}
