package org.noticeboard.signup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.noticeboard.contact.Addresses;
import org.noticeboard.errors.FieldError;
import org.noticeboard.web.Pages;

/**
 * What a person typed into a subscribe form, as typed. {@link #check} gives the field errors, with
 * message keys of the page words rather than English text, so the form can show them in its language.
 */
public record Signup(String name, String email, String phone, String language, boolean consent) {
  static final int MAX_NAME = 200;

  /** Field errors whose message is a key of the page words ({@code error_email}, ...); empty when valid. */
  public List<FieldError> check() {
    List<FieldError> errors = new ArrayList<>();
    if (name.length() > MAX_NAME) {
      errors.add(new FieldError("name", "error_name"));
    }
    if (email.isEmpty() && phone.isEmpty()) {
      errors.add(new FieldError("email", "error_contact"));
    }
    if (!email.isEmpty() && emailAddress().isEmpty()) {
      errors.add(new FieldError("email", "error_email"));
    }
    if (!phone.isEmpty() && phoneNumber().isEmpty()) {
      errors.add(new FieldError("phone", "error_phone"));
    }
    if (!language.isEmpty() && !Pages.OFFERED_LANGUAGES.containsKey(language)) {
      errors.add(new FieldError("language", "error_language"));
    }
    if (!consent) {
      errors.add(new FieldError("consent", "error_consent"));
    }
    return errors;
  }

  public Optional<String> emailAddress() {
    return Addresses.email(email);
  }

  /** The number in E.164. */
  public Optional<String> phoneNumber() {
    return Addresses.phone(phone);
  }

  public Optional<String> chosenLanguage() {
    return language.isEmpty() ? Optional.empty() : Optional.of(language);
  }
}
