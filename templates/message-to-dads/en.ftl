"Centres are for dads too" flier. Model: campaign.sessions [{title, startsAt, venue}], campaign.contactName.
[[subject]]
Centres are for dads too
[[preheader]]
Dads, granddads and male carers are welcome at ${(unit.name)!"your children's centre"}
[[html]]
<#import "macros" as m>
<h1 style="font-size:24px;line-height:1.3;margin:0 0 16px;color:#2f6f4f;">Centres are for dads too</h1>
<p style="margin:0 0 16px;">Hi ${(subscriber.firstName)!"there"},</p>
<p style="margin:0 0 16px;">Children's centres are not just for mums. Dads, granddads, step-dads and male carers are just as welcome — to play, to meet other dads, and to get advice on anything from sleep to money.</p>
<#if (campaign.sessions)?has_content>
<@m.heading>Come along</@m.heading>
<ul style="margin:0 0 16px;padding-left:20px;">
<#list campaign.sessions as s>
<li style="margin:0 0 8px;"><strong>${s.title}</strong> — ${formatDate(s.startsAt, "EEEE d MMMM")}, ${formatTime(s.startsAt)}<#if (s.venue)??>, ${s.venue}</#if></li>
</#list>
</ul>
</#if>
<@m.infobox>No need to book for most sessions, and they are free. Just bring your little one.</@m.infobox>
<p style="margin:16px 0 0;">Any questions? Ask for ${(campaign.contactName)!"any of the team"}<#if (unit.phone)??> on ${unit.phone}</#if>.</p>
[[sms]]
Dads are welcome at ${(unit.name)!"your children's centre"} too! Free sessions to play and meet other dads.<#if (unit.phone)??> Ask us: ${unit.phone}</#if>
