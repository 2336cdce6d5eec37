package org.noticeboard.campaigns;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** draft → scheduled → running → finished; paused and cancelled from scheduled or running. */
public enum CampaignState {
  DRAFT, SCHEDULED, RUNNING, PAUSED, FINISHED, CANCELLED;

  public String code() {
    return name().toLowerCase();
  }

  public static Optional<CampaignState> parse(String s) {
    return Arrays.stream(values()).filter(v -> v.code().equals(s)).findFirst();
  }

  public static List<String> codes() {
    return Arrays.stream(values()).map(CampaignState::code).toList();
  }
}
