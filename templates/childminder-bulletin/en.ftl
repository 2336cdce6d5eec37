Childminder network bulletin. Model: campaign.title, campaign.intro, campaign.items [{title, body, link}], campaign.training [{title, startsAt, venue}].
[[subject]]
${(campaign.title)!((unit.name)!"Childminder network") + " bulletin"}
[[preheader]]
News, training and reminders for childminders
[[html]]
<#import "macros" as m>
<p style="margin:0 0 16px;">Dear ${(subscriber.firstName)!"childminder"},</p>
<#if (campaign.intro)??><p style="margin:0 0 16px;">${campaign.intro}</p></#if>
<#list (campaign.items)![] as item>
<@m.heading>${item.title}</@m.heading>
<p style="margin:0 0 12px;">${item.body}<#if (item.link)??> <a href="${item.link}" style="color:#2f6f4f;">Read more</a></#if></p>
</#list>
<#if (campaign.training)?has_content>
<@m.heading>Training coming up</@m.heading>
<ul style="margin:0 0 16px;padding-left:20px;">
<#list campaign.training as t>
<li style="margin:0 0 8px;"><strong>${t.title}</strong> — ${formatDate(t.startsAt, "EEEE d MMMM")}, ${formatTime(t.startsAt)}<#if (t.venue)??>, ${t.venue}</#if></li>
</#list>
</ul>
</#if>
<@m.infobox>Questions? Call ${(unit.phone)!"your network coordinator"}<#if (unit.email)??> or email <a href="mailto:${unit.email}" style="color:#2f6f4f;">${unit.email}</a></#if>.</@m.infobox>
<p style="margin:24px 0 0;">Thank you for all you do,<br>${(unit.name)!"Your network coordinator"}</p>
