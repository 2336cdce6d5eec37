package org.noticeboard.contact;

import java.util.regex.Pattern;

/**
 * An SMS sender: an alphanumeric id (1–11 of A-Z, a-z, 0-9 and space, at least one letter) or an
 * E.164 number. Chosen per unit, falling back to the organisation, then to {@code NB_SMS_FROM}.
 */
public final class SmsSenderId {
  private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9 ]{1,11}");
  private static final Pattern LETTER = Pattern.compile(".*[A-Za-z].*");
  private static final Pattern NUMBER = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private SmsSenderId() {}

  public static boolean valid(String s) {
    return s != null && (NUMBER.matcher(s).matches()
        || ALPHANUMERIC.matcher(s).matches() && LETTER.matcher(s).matches());
  }

  public static String choose(String unitSender, String organisationSender, String fallback) {
    if (valid(unitSender)) {
      return unitSender;
    }
    return valid(organisationSender) ? organisationSender : fallback;
  }
}
