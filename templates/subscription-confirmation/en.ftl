Asks a new subscriber to confirm. Model: list.name, links.confirm, unit.
[[subject]]
Please confirm: ${(list.name)!"our mailing list"}
[[preheader]]
One click and you're on the list
[[html]]
<#import "macros" as m>
<p style="margin:0 0 16px;">Hello ${(subscriber.firstName)!"there"},</p>
<p style="margin:0 0 16px;">Thank you for joining <strong>${(list.name)!"our mailing list"}</strong> at ${(unit.name)!"your children's centre"}. Please confirm that you want to hear from us:</p>
<@m.button href=links.confirm label="Yes, keep me posted"/>
<p style="margin:16px 0 0;color:#666666;font-size:14px;">If you did not ask for this, ignore this message and you will not hear from us again.</p>
[[sms]]
${(unit.name)!"Your children's centre"}: confirm you want our messages${(list.name)?has_content?then(" (" + list.name + ")", "")}: ${links.confirm}
