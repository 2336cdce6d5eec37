package org.noticeboard.delivery.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.noticeboard.db.Db;

/**
 * Which organisation a reply is for, decided by the number it was sent to ({@code to}):
 * <ul>
 *   <li>a number configured as the sender of an organisation or of one of its units belongs to that
 *       organisation alone: every reply to it is that organisation's;</li>
 *   <li>the service-wide default ({@code NB_SMS_FROM}) is shared: STOP and START apply to every
 *       organisation that texted the person from it or would (it has them and no sender of its own
 *       for them); HELP goes to the one that texted them from it last;</li>
 *   <li>any other number counts only if we texted the person from it (a sender since changed): then as
 *       for the shared number, without the "would";</li>
 *   <li>otherwise nobody: the reply is acknowledged and nothing is applied.</li>
 * </ul>
 */
final class ReplyRouting {
  /** An organisation a reply is for; {@code unitId} is whose contact details answer HELP (null: the organisation's). */
  record Target(long organisationId, Long unitId) {}

  private record Texted(long organisationId, Long unitId, OffsetDateTime sentAt, long messageId) {}

  private final SqlClient tx;
  private final String phone;
  private final String to;
  private final boolean shared;

  ReplyRouting(SqlClient tx, String phone, String to, String sharedSender) {
    this.tx = tx;
    this.phone = phone;
    this.to = to;
    this.shared = to.equals(sharedSender);
  }

  /** The organisations a STOP or START to {@code to} applies to. */
  Future<List<Long>> consentTargets() {
    if (shared) {
      return texted().compose(texted -> wouldText().map(would -> {
        Set<Long> all = new LinkedHashSet<>();
        texted.forEach(t -> all.add(t.organisationId()));
        all.addAll(would);
        return List.copyOf(all);
      }));
    }
    return owner().compose(owner -> owner.isPresent() ? Future.succeededFuture(List.of(owner.get().organisationId()))
        : texted().map(texted -> texted.stream().map(Texted::organisationId).toList()));
  }

  /** The one organisation a HELP (or any conversational reply) to {@code to} is for. */
  Future<Optional<Target>> conversationTarget() {
    Future<Optional<Target>> owner = shared ? Future.succeededFuture(Optional.empty()) : owner();
    return owner.compose(o -> texted().map(texted -> {
      if (o.isEmpty()) {
        return texted.stream().findFirst().map(t -> new Target(t.organisationId(), t.unitId()));
      }
      if (o.get().unitId() != null) {
        return o;
      }
      // the organisation's own number: answer for the centre that last texted them from it
      Long unit = texted.stream().filter(t -> t.organisationId() == o.get().organisationId()).findFirst()
          .map(Texted::unitId).orElse(null);
      return Optional.of(new Target(o.get().organisationId(), unit));
    }));
  }

  /** Who has {@code to} configured; a unit only when its organisation does not have it itself and no other unit does. */
  private Future<Optional<Target>> owner() {
    return tx.preparedQuery("""
            SELECT id AS organisation_id, NULL::bigint AS unit_id FROM organisation WHERE sms_sender = $1
            UNION ALL
            SELECT organisation_id, id FROM unit WHERE sms_sender = $1""")
        .execute(Tuple.of(to))
        .map(rows -> {
          List<Row> owners = Db.list(rows, r -> r);
          if (owners.isEmpty()) {
            return Optional.empty();
          }
          long org = owners.get(0).getLong("organisation_id");
          boolean oneUnit = owners.size() == 1 && owners.get(0).getLong("unit_id") != null;
          return Optional.of(new Target(org, oneUnit ? owners.get(0).getLong("unit_id") : null));
        });
  }

  /** The organisations that texted {@code phone} from {@code to}, the most recent first, with the unit that did. */
  private Future<List<Texted>> texted() {
    return tx.preparedQuery("""
            SELECT DISTINCT ON (m.organisation_id) m.organisation_id, coalesce(m.unit_id, l.unit_id, s.unit_id) AS unit_id,
                   m.sent_at, m.id
            FROM message m
            LEFT JOIN mailing_list l ON l.organisation_id = m.organisation_id AND l.id = m.list_id
            LEFT JOIN subscriber s ON s.organisation_id = m.organisation_id AND s.id = m.subscriber_id
            WHERE m.channel = 'sms' AND m.destination = $1 AND m.sms_from = $2 AND m.sent_at IS NOT NULL
            ORDER BY m.organisation_id, m.sent_at DESC, m.id DESC""")
        .execute(Tuple.of(phone, to))
        .map(rows -> {
          List<Texted> all = new ArrayList<>(Db.list(rows, r -> new Texted(r.getLong("organisation_id"), r.getLong("unit_id"),
              r.getOffsetDateTime("sent_at"), r.getLong("id"))));
          all.sort(Comparator.comparing(Texted::sentAt).thenComparing(Texted::messageId).reversed());
          return all;
        });
  }

  /** Organisations that have {@code phone} and would text it from the shared number: no sender of their own for them. */
  private Future<List<Long>> wouldText() {
    return tx.preparedQuery("""
            SELECT DISTINCT s.organisation_id FROM subscriber s
            JOIN organisation o ON o.id = s.organisation_id
            LEFT JOIN unit u ON u.organisation_id = s.organisation_id AND u.id = s.unit_id
            WHERE s.phone = $1 AND coalesce(u.sms_sender, o.sms_sender) IS NULL
            ORDER BY 1""")
        .execute(Tuple.of(phone))
        .map(rows -> Db.list(rows, r -> r.getLong(0)));
  }
}
