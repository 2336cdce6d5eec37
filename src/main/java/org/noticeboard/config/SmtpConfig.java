package org.noticeboard.config;

import java.util.Optional;

/**
 * SMTP relay settings. With no host, mail goes to the development sink under the data directory.
 */
public record SmtpConfig(
    Optional<String> host,
    int port,
    Optional<String> username,
    Optional<String> password,
    Tls tls,
    int maxConnections,
    String ownHostname) {

  public enum Tls { NONE, STARTTLS, TLS }

  public boolean configured() {
    return host.isPresent();
  }

  @Override
  public String toString() { // never print the password
    return "SmtpConfig[host=" + host.orElse("(dev sink)") + ", port=" + port + ", tls=" + tls
        + ", username=" + username.orElse("") + ", maxConnections=" + maxConnections + "]";
  }
}
