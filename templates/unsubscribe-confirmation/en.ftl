Confirms an unsubscribe. Model: list.name, links.preferences, unit.
[[subject]]
You have been unsubscribed
[[preheader]]
You will not get ${(list.name)!"these messages"} any more
[[html]]
<p style="margin:0 0 16px;">Hello ${(subscriber.firstName)!"there"},</p>
<p style="margin:0 0 16px;">You have been unsubscribed from <strong>${(list.name)!"our messages"}</strong>. You will not get these messages any more.</p>
<#if (links.preferences)??><p style="margin:0 0 16px;">Changed your mind, or want to choose what you hear about? <a href="${links.preferences}" style="color:#2f6f4f;">Update your preferences</a>.</p></#if>
<p style="margin:0;">You are always welcome at ${(unit.name)!"your children's centre"}.</p>
[[sms]]
${(unit.name)!"Your children's centre"}: you have been unsubscribed<#if (list.name)??> from ${list.name}</#if>. You will not get these messages any more.
