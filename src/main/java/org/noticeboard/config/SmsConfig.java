package org.noticeboard.config;

import java.util.Optional;

/** SMS gateway settings: a generic signed webhook or a Twilio-compatible API. */
public record SmsConfig(Mode mode, Optional<String> webhookUrl, Optional<String> webhookSecret) {

  public enum Mode { WEBHOOK, TWILIO }

  @Override
  public String toString() { // never print the secret
    return "SmsConfig[mode=" + mode + ", webhookUrl=" + webhookUrl.orElse("(none)") + "]";
  }
}
