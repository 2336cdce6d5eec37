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
    String ownHostname,
    Optional<OAuth2> oauth2) {

  public enum Tls { NONE, STARTTLS, TLS }

  /**
   * {@code AUTH XOAUTH2} (Microsoft 365, Google Workspace): an access token from {@code tokenUrl}, by
   * the client-credentials grant, or by the refresh-token grant when {@code refreshToken} is given.
   */
  public record OAuth2(String tokenUrl, String clientId, Optional<String> clientSecret, Optional<String> refreshToken,
                       Optional<String> scope) {
    @Override
    public String toString() { // never print the secret or the refresh token
      return "OAuth2[" + tokenUrl + ", clientId=" + clientId + ", grant=" + (refreshToken.isPresent() ? "refresh_token" : "client_credentials") + "]";
    }
  }

  public boolean configured() {
    return host.isPresent();
  }

  @Override
  public String toString() { // never print the password
    return "SmtpConfig[host=" + host.orElse("(dev sink)") + ", port=" + port + ", tls=" + tls
        + ", username=" + username.orElse("") + ", maxConnections=" + maxConnections
        + oauth2.map(o -> ", " + o).orElse("") + "]";
  }
}
