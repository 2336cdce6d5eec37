package org.noticeboard.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validation and normal forms of the two kinds of address: email, and mobile phone in E.164. */
public final class Addresses {
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Pattern EMAIL = Pattern.compile("[^@\\s\"<>,;]+@[^@\\s\"<>,;]+\\.[^@\\s\"<>,;.]{2,}");
  /** Numbers written without a country code are read as UK numbers. */
  public static final String DEFAULT_REGION = "GB";

  private Addresses() {}

  /** The trimmed address when it looks like an email address (one @, a dotted domain, no spaces). */
  public static Optional<String> email(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String e = raw.strip();
    return e.length() <= 320 && EMAIL.matcher(e).matches() ? Optional.of(e) : Optional.empty();
  }

  /** The number in E.164 (e.g. {@code +447700900123}) when libphonenumber finds it valid, else empty. */
  public static Optional<String> phone(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > 40) {
      return Optional.empty();
    }
    try {
      Phonenumber.PhoneNumber n = PHONES.parse(raw.strip(), DEFAULT_REGION);
      return valid(n) ? Optional.of(PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164)) : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /**
   * A valid phone number (mobile or landline) in the form people read: national for UK numbers
   * ({@code 01706 000000}), international otherwise ({@code +48 22 123 45 67}); empty when not valid.
   */
  public static Optional<String> displayPhone(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > 40) {
      return Optional.empty();
    }
    try {
      Phonenumber.PhoneNumber n = PHONES.parse(raw.strip(), DEFAULT_REGION);
      if (!valid(n)) {
        return Optional.empty();
      }
      boolean uk = n.getCountryCode() == PHONES.getCountryCodeForRegion(DEFAULT_REGION);
      return Optional.of(PHONES.format(n, uk ? PhoneNumberUtil.PhoneNumberFormat.NATIONAL : PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Same answer as {@code isValidNumber}, cheaper for the usual case: a number valid in its country
   * code's main region (GB for +44) is valid, without first trying each region that shares the code;
   * only the others (e.g. Jersey, +44 too) take the general path. Imports check every row's number.
   */
  private static boolean valid(Phonenumber.PhoneNumber n) {
    String main = PHONES.getRegionCodeForCountryCode(n.getCountryCode());
    return PHONES.isValidNumberForRegion(n, main) || PHONES.isValidNumber(n);
  }

  /** The key addresses are compared by: lower-case email, E.164 phone. */
  public static String key(String channel, String address) {
    return "email".equals(channel) ? address.strip().toLowerCase(java.util.Locale.ROOT) : address;
  }
}
