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
  public static final String SMS_MODE = "NB_SMS_MODE";
  public static final String SMS_WEBHOOK_URL = "NB_SMS_WEBHOOK_URL";
  public static final String SMS_WEBHOOK_SECRET = "NB_SMS_WEBHOOK_SECRET";
  public static final String LOG_FORMAT = "NB_LOG_FORMAT";

  public static final List<String> ALL = List.of(HTTP_HOST, HTTP_PORT, HTTP_INSTANCES, BODY_LIMIT,
      DATA_DIR, DATABASE_URL, DB_POOL_SIZE, PUBLIC_BASE_URL, SECRET_KEY, SHUTDOWN_TIMEOUT,
      SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_TLS, SMTP_MAX_CONNECTIONS,
      SMTP_OWN_HOSTNAME, SMS_MODE, SMS_WEBHOOK_URL, SMS_WEBHOOK_SECRET, LOG_FORMAT);

  private ConfigKeys() {}
}
