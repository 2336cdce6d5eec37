package org.noticeboard.audience;

import org.noticeboard.contact.Addresses;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.db.Db;

/**
 * Compiles a {@link SegmentDefinition} into a parameterised WHERE condition over {@code subscriber s}.
 * Every value — attribute names included — travels as a parameter ({@code s.attributes ->> $n}); the
 * SQL text is built only from fixed pieces. The condition always includes the tenant's organisation
 * and unit scope, so campaigns can fan out from it directly:
 * {@code SELECT s.id FROM subscriber s WHERE <sql>}.
 */
public final class SegmentSql {
  private SegmentSql() {}

  /** The tenant limits alone: organisation and, for a unit-scoped tenant, subscribers in its subtree. */
  public static SqlFragment visible(Tenant tenant, int firstParamIndex) {
    return where(tenant, SegmentDefinition.empty(), firstParamIndex, Instant.EPOCH);
  }

  /** @param now the service clock's time: ages ("under 12 months") count from today in the organisation's time zone */
  public static SqlFragment where(Tenant tenant, SegmentDefinition d, int firstParamIndex, Instant now) {
    Builder b = new Builder(firstParamIndex);
    String org = b.param(tenant.organisationId());
    b.and("s.organisation_id = " + org);
    String today = null;
    if (tenant.scoped()) { // subscribers without a unit are visible only to organisation-wide tenants
      b.and("EXISTS (SELECT 1 FROM unit su WHERE su.organisation_id = s.organisation_id AND su.id = s.unit_id AND su.path LIKE "
          + b.param(Db.likeLiteral(tenant.scope())) + " || '%')");
    }
    if (d.status() != null) {
      b.and("s.status = " + b.param(d.status()));
    }
    if (!d.tagsAny().isEmpty()) {
      b.and("s.tags && " + b.param(d.tagsAny().toArray(new String[0])) + "::text[]");
    }
    if (!d.tagsAll().isEmpty()) {
      b.and("s.tags @> " + b.param(d.tagsAll().toArray(new String[0])) + "::text[]");
    }
    if (!d.languages().isEmpty()) {
      b.and("s.language = ANY(" + b.param(d.languages().toArray(new String[0])) + "::text[])");
    }
    if (!d.unitIds().isEmpty()) {
      b.and("EXISTS (SELECT 1 FROM unit uu JOIN unit ur ON ur.organisation_id = uu.organisation_id AND uu.path LIKE ur.path || '%'"
          + " WHERE uu.organisation_id = s.organisation_id AND uu.id = s.unit_id AND ur.id = ANY("
          + b.param(d.unitIds().toArray(new Long[0])) + "::bigint[]))");
    }
    if (!d.listIds().isEmpty()) {
      b.and("EXISTS (SELECT 1 FROM subscription sl WHERE sl.organisation_id = s.organisation_id AND sl.subscriber_id = s.id"
          + " AND sl.status = 'confirmed' AND sl.list_id = ANY(" + b.param(d.listIds().toArray(new Long[0])) + "::bigint[]))");
    }
    for (SegmentDefinition.AttributeCondition c : d.attributes()) {
      String attr = "(s.attributes ->> " + b.param(c.name()) + "::text)";
      switch (c.op()) {
        case "exists" -> b.and(attr + " IS NOT NULL");
        case "equals" -> b.and(attr + " = " + b.param(c.value()) + "::text");
        case "notEquals" -> b.and(attr + " IS DISTINCT FROM " + b.param(c.value()) + "::text");
        case "in" -> b.and(attr + " = ANY(" + b.param(((List<?>) c.value()).stream().map(String::valueOf).toArray(String[]::new)) + "::text[])");
        case "before" -> b.and("nb_try_date" + attr + " < " + b.param(c.value()) + "::date");
        case "after" -> b.and("nb_try_date" + attr + " > " + b.param(c.value()) + "::date");
        // a child is under N months old when born after today minus N months
        case "ageMonthsUnder", "ageMonthsAtLeast" -> {
          if (today == null) { // one scalar subquery, run once: today's date where the organisation is
            today = "(SELECT (" + b.param(now.atOffset(ZoneOffset.UTC)) + "::timestamptz AT TIME ZONE o.timezone)::date"
                + " FROM organisation o WHERE o.id = " + org + ")";
          }
          b.and("nb_try_date" + attr + (c.op().equals("ageMonthsUnder") ? " > " : " <= ") + "(" + today
              + " - make_interval(months => " + b.param(c.value()) + "::int))");
        }
        default -> throw new IllegalArgumentException("unknown operator");
      }
    }
    if (d.text() != null && !d.text().isBlank()) {
      String like = b.param("%" + Db.likeLiteral(d.text().strip()) + "%");
      String phone = Addresses.phone(d.text()).orElse(null);
      b.and("(s.name ILIKE " + like + " OR s.email ILIKE " + like + " OR s.phone LIKE " + like
          + (phone == null ? "" : " OR s.phone = " + b.param(phone)) + ")");
    }
    return b.build();
  }

  private static final class Builder {
    private final int first;
    private final List<Object> params = new ArrayList<>();
    private final StringBuilder sql = new StringBuilder();

    Builder(int first) {
      this.first = first;
    }

    String param(Object value) {
      params.add(value instanceof LocalDate d ? d : value);
      return "$" + (first + params.size() - 1);
    }

    void and(String condition) {
      if (sql.length() > 0) {
        sql.append(" AND ");
      }
      sql.append(condition);
    }

    SqlFragment build() {
      return new SqlFragment("(" + sql + ")", List.copyOf(params));
    }
  }
}
