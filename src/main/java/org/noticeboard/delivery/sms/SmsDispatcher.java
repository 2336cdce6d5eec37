package org.noticeboard.delivery.sms;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.contact.SmsSenderId;
import org.noticeboard.content.RenderedMessage;
import org.noticeboard.content.SmsSegments;
import org.noticeboard.delivery.ClaimedMessage;
import org.noticeboard.delivery.Dispatcher;
import org.noticeboard.delivery.MessageModel;
import org.noticeboard.delivery.SendResult;

/** SMS: pick the sender id, count segments, post to the gateway; up to 16 requests in flight. */
public final class SmsDispatcher implements Dispatcher {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private final SmsGateway gateway;
  private final String fallbackSender;

  public SmsDispatcher(Vertx vertx, NoticeboardConfig config, Clock clock) {
    this(SmsGateway.create(vertx, config, clock), config.delivery().smsFrom());
  }

  SmsDispatcher(SmsGateway gateway, String fallbackSender) {
    this.gateway = gateway;
    this.fallbackSender = fallbackSender;
  }

  @Override
  public Future<Void> prepare(List<ClaimedMessage> batch) {
    return Future.succeededFuture();
  }

  @Override
  public Future<SendResult> send(ClaimedMessage m, RenderedMessage parts, MessageModel.Links links) {
    if (!E164.matcher(m.destination()).matches()) {
      return Future.succeededFuture(SendResult.permanent("the destination is not an E.164 phone number"));
    }
    String body = parts.sms();
    if (body == null || body.isBlank()) {
      return Future.succeededFuture(SendResult.permanent("the message has no SMS text"));
    }
    // a reply goes out from the number it answers; anything else from the unit's, organisation's or default sender
    String from = m.smsFrom() != null ? m.smsFrom() : SmsSenderId.choose(m.unitSender(), m.organisationSender(), fallbackSender);
    JsonObject metadata = new JsonObject().put("messageId", m.id()).put("organisationId", m.organisationId());
    return gateway.send(new SmsRequest("nb_" + m.id(), m.destination(), from, body, SmsSegments.count(body), metadata))
        .map(r -> r.from(from));
  }

  @Override
  public int inFlight() {
    return 16;
  }

  @Override
  public void close() {
    gateway.close();
  }
}
