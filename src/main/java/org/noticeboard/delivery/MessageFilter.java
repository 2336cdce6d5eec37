package org.noticeboard.delivery;

/** Filters of the message log; any may be null. {@code after} is the cursor (the last id seen, newest first). */
public record MessageFilter(String status, Channel channel, String sourceKind, Long sourceId, Long subscriberId,
                           Long after, int limit) {}
