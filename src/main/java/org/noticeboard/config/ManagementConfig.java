package org.noticeboard.config;

import java.util.Optional;

/**
 * Where operators read metrics. By default a second HTTP server on the loopback interface only
 * ({@code 127.0.0.1:9464}), so metrics never face the internet; {@code port} −1 turns it off. When
 * {@code metricsToken} is set, {@code /metrics} also answers on the public port, to that bearer token
 * only (and the management port asks for it too).
 */
public record ManagementConfig(String host, int port, Optional<String> metricsToken) {
  public static final int OFF = -1;

  public boolean enabled() {
    return port != OFF;
  }

  public ManagementConfig withPort(int p) {
    return new ManagementConfig(host, p, metricsToken);
  }

  @Override
  public String toString() {
    return "management=" + (enabled() ? host + ":" + port : "off") + (metricsToken.isPresent() ? " (metrics token set)" : "");
  }
}
