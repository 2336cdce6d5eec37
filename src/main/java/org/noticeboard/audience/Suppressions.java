package org.noticeboard.audience;

import org.noticeboard.contact.Addresses;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.noticeboard.security.AddressHasher;

/** Looks up addresses in the suppression list by their keyed hash (erased people leave nothing else). */
public final class Suppressions {
  private final AddressHasher hasher;

  public Suppressions(AddressHasher hasher) {
    this.hasher = hasher;
  }

  public Buffer hash(String channel, String address) {
    return Buffer.buffer(hasher.hash(channel, address));
  }

  /** The suppression reason of an email or phone, if it is suppressed. */
  public Future<Optional<String>> reason(SqlClient client, long organisationId, String channel, String address) {
    if (address == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return client.preparedQuery("SELECT reason FROM suppression WHERE organisation_id = $1 AND channel = $2 AND value_hash = $3")
        .execute(Tuple.of(organisationId, channel, hash(channel, address)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("reason")));
  }

  /**
   * Keyed hashes of many addresses, as {hex hash → "email:" + lower-case email or "sms:" + E.164}.
   * CPU work (one HMAC each): call it off the event loop for large batches.
   */
  public Map<String, String> hashes(List<String> emails, List<String> phones) {
    Map<String, String> byHash = new HashMap<>();
    for (String e : emails) {
      byHash.put(hex(hash("email", e)), "email:" + Addresses.key("email", e));
    }
    for (String p : phones) {
      byHash.put(hex(hash("sms", p)), "sms:" + p);
    }
    return byHash;
  }

  /** The suppression reasons among {@link #hashes}, keyed like its values ("email:…", "sms:…"). */
  public Future<Map<String, String>> reasons(SqlClient client, long organisationId, Map<String, String> hashes) {
    if (hashes.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<Buffer> values = new ArrayList<>();
    hashes.keySet().forEach(h -> values.add(Buffer.buffer(java.util.HexFormat.of().parseHex(h))));
    // naming both channels lets the (organisation_id, channel, value_hash) index find each hash
    // instead of comparing every suppression of the organisation with the whole array
    return client.preparedQuery("SELECT channel, value_hash, reason FROM suppression"
            + " WHERE organisation_id = $1 AND channel IN ('email', 'sms') AND value_hash = ANY($2)")
        .execute(Tuple.of(organisationId, (Object) values.toArray(new Buffer[0])))
        .map(rows -> {
          Map<String, String> out = new HashMap<>();
          for (Row r : rows) {
            String key = hashes.get(hex(r.getBuffer("value_hash")));
            if (key != null && key.startsWith(r.getString("channel") + ":")) {
              out.put(key, r.getString("reason"));
            }
          }
          return out;
        });
  }

  private static String hex(Buffer b) {
    return java.util.HexFormat.of().formatHex(b.getBytes());
  }

  static String describe(String reason) {
    return switch (reason) {
      case "erasure" -> "was erased at the person's request and will not be added again";
      case "sms-stop" -> "asked to receive no more text messages";
      case "hard-bounce" -> "bounced permanently";
      case "complaint" -> "reported our messages as spam";
      default -> "is on the suppression list";
    };
  }
}
