package org.noticeboard.config;

import java.util.List;

/** Every configuration key. The same names are used in the JSON file and as environment variables. */
public final class ConfigKeys {
  public static final String HTTP_HOST = "NB_HTTP_HOST";
  public static final String HTTP_PORT = "NB_HTTP_PORT";
  public static final String HTTP_INSTANCES = "NB_HTTP_INSTANCES";
  public static final String BODY_LIMIT = "NB_BODY_LIMIT_BYTES";
  public static final String DATA_DIR = "NB_DATA_DIR";
  public static final String DATABASE_URL = "DATABASE_URL";
  public static final String DB_POOL_SIZE = "NB_DB_POOL_SIZE";
  public static final String PUBLIC_BASE_URL = "NB_PUBLIC_BASE_URL";
  public static final String SECRET_KEY = "NB_SECRET_KEY";
  public static final String SHUTDOWN_TIMEOUT = "NB_SHUTDOWN_TIMEOUT_SECONDS";
  public static final String SMTP_HOST = "NB_SMTP_HOST";
  public static final String SMTP_PORT = "NB_SMTP_PORT";
  public static final String SMTP_USERNAME = "NB_SMTP_USERNAME";
  public static final String SMTP_PASSWORD = "NB_SMTP_PASSWORD";
  public static final String SMTP_TLS = "NB_SMTP_TLS";
  public static final String SMTP_MAX_CONNECTIONS = "NB_SMTP_MAX_CONNECTIONS";
  public static final String SMTP_OWN_HOSTNAME = "NB_SMTP_OWN_HOSTNAME";
  public static final String SMTP_OAUTH2_TOKEN_URL = "NB_SMTP_OAUTH2_TOKEN_URL";
  public static final String SMTP_OAUTH2_CLIENT_ID = "NB_SMTP_OAUTH2_CLIENT_ID";
  public static final String SMTP_OAUTH2_CLIENT_SECRET = "NB_SMTP_OAUTH2_CLIENT_SECRET";
  public static final String SMTP_OAUTH2_REFRESH_TOKEN = "NB_SMTP_OAUTH2_REFRESH_TOKEN";
  public static final String SMTP_OAUTH2_SCOPE = "NB_SMTP_OAUTH2_SCOPE";
  public static final String SMS_MODE = "NB_SMS_MODE";
  public static final String SMS_WEBHOOK_URL = "NB_SMS_WEBHOOK_URL";
  public static final String SMS_WEBHOOK_SECRET = "NB_SMS_WEBHOOK_SECRET";
  public static final String LOG_FORMAT = "NB_LOG_FORMAT";
  public static final String MAIL_FROM = "NB_MAIL_FROM";
  public static final String MAIL_UNSUBSCRIBE_MAILTO = "NB_MAIL_UNSUBSCRIBE_MAILTO";
  public static final String DISCREET_SENDER_NAME = "NB_DISCREET_SENDER_NAME";
  public static final String DISCREET_SUBJECT = "NB_DISCREET_SUBJECT";
  public static final String DISCREET_PREHEADER = "NB_DISCREET_PREHEADER";
  public static final String SMS_FROM = "NB_SMS_FROM";
  public static final String EMAIL_PER_SECOND = "NB_EMAIL_PER_SECOND";
  public static final String SMS_PER_SECOND = "NB_SMS_PER_SECOND";
  public static final String SMTP_PER_SECOND = "NB_SMTP_MAX_PER_SECOND";
  public static final String SMTP_PER_CONNECTION = "NB_SMTP_MAX_PER_CONNECTION";
  public static final String DELIVERY_WORKERS = "NB_DELIVERY_WORKERS";
  public static final String DELIVERY_ENABLED = "NB_DELIVERY_ENABLED";
  public static final String CAMPAIGN_CHUNK_SIZE = "NB_CAMPAIGN_CHUNK_SIZE";
  public static final String CAMPAIGN_TICK_MS = "NB_CAMPAIGN_TICK_MS";
  public static final String DELIVERY_BATCH_SIZE = "NB_DELIVERY_BATCH_SIZE";
  public static final String DELIVERY_LEASE_SECONDS = "NB_DELIVERY_LEASE_SECONDS";
  public static final String DELIVERY_POLL_MS = "NB_DELIVERY_POLL_MS";
  public static final String DELIVERY_SEND_DEADLINE_MS = "NB_DELIVERY_SEND_DEADLINE_MS";
  public static final String DELIVERY_RENDER_DEADLINE_MS = "NB_DELIVERY_RENDER_DEADLINE_MS";
  public static final String RETRY_BASE_MS = "NB_DELIVERY_RETRY_BASE_MS";
  public static final String RETRY_MAX_MS = "NB_DELIVERY_RETRY_MAX_MS";
  public static final String MAX_ATTEMPTS = "NB_DELIVERY_MAX_ATTEMPTS";
  public static final String RETRY_HORIZON_HOURS = "NB_DELIVERY_RETRY_HORIZON_HOURS";
  public static final String SMS_TIMEOUT_MS = "NB_SMS_TIMEOUT_MS";
  public static final String TWILIO_ACCOUNT_SID = "NB_SMS_TWILIO_ACCOUNT_SID";
  public static final String TWILIO_AUTH_TOKEN = "NB_SMS_TWILIO_AUTH_TOKEN";
  public static final String TWILIO_BASE_URL = "NB_SMS_TWILIO_BASE_URL";
  public static final String MANAGEMENT_HOST = "NB_MANAGEMENT_HOST";
  public static final String MANAGEMENT_PORT = "NB_MANAGEMENT_PORT";
  public static final String METRICS_TOKEN = "NB_METRICS_TOKEN";

  public static final List<String> ALL = List.of(HTTP_HOST, HTTP_PORT, HTTP_INSTANCES, BODY_LIMIT,
      DATA_DIR, DATABASE_URL, DB_POOL_SIZE, PUBLIC_BASE_URL, SECRET_KEY, SHUTDOWN_TIMEOUT,
      SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_TLS, SMTP_MAX_CONNECTIONS,
      SMTP_OWN_HOSTNAME, SMTP_OAUTH2_TOKEN_URL, SMTP_OAUTH2_CLIENT_ID, SMTP_OAUTH2_CLIENT_SECRET,
      SMTP_OAUTH2_REFRESH_TOKEN, SMTP_OAUTH2_SCOPE, SMS_MODE, SMS_WEBHOOK_URL, SMS_WEBHOOK_SECRET, LOG_FORMAT,
      MAIL_FROM, MAIL_UNSUBSCRIBE_MAILTO, DISCREET_SENDER_NAME, DISCREET_SUBJECT, DISCREET_PREHEADER, SMS_FROM,
      EMAIL_PER_SECOND, SMS_PER_SECOND, SMTP_PER_SECOND, SMTP_PER_CONNECTION, DELIVERY_WORKERS, DELIVERY_ENABLED, CAMPAIGN_CHUNK_SIZE, CAMPAIGN_TICK_MS, DELIVERY_BATCH_SIZE,
      DELIVERY_LEASE_SECONDS, DELIVERY_POLL_MS, DELIVERY_SEND_DEADLINE_MS, DELIVERY_RENDER_DEADLINE_MS, RETRY_BASE_MS, RETRY_MAX_MS, MAX_ATTEMPTS, RETRY_HORIZON_HOURS,
      SMS_TIMEOUT_MS, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_BASE_URL,
      MANAGEMENT_HOST, MANAGEMENT_PORT, METRICS_TOKEN);

  private ConfigKeys() {}
}
