Biuletyn sieci opiekunek dziennych.
[[subject]]
${(campaign.title)!"Biuletyn: " + ((unit.name)!"sieć opiekunek dziennych")}
[[preheader]]
Wiadomości, szkolenia i przypomnienia dla opiekunek dziennych
[[html]]
<#import "macros" as m>
<p style="margin:0 0 16px;">Drogi/Droga ${(subscriber.firstName)!"Opiekunko"},</p>
<#if (campaign.intro)??><p style="margin:0 0 16px;">${campaign.intro}</p></#if>
<#list (campaign.items)![] as item>
<@m.heading>${item.title}</@m.heading>
<p style="margin:0 0 12px;">${item.body}<#if (item.link)??> <a href="${item.link}" style="color:#2f6f4f;">Czytaj dalej</a></#if></p>
</#list>
<#if (campaign.training)?has_content>
<@m.heading>Nadchodzące szkolenia</@m.heading>
<ul style="margin:0 0 16px;padding-left:20px;">
<#list campaign.training as t>
<li style="margin:0 0 8px;"><strong>${t.title}</strong> — ${formatDate(t.startsAt, "EEEE, d MMMM")}, godz. ${formatTime(t.startsAt)}<#if (t.venue)??>, ${t.venue}</#if></li>
</#list>
</ul>
</#if>
<@m.infobox>Pytania? Zadzwoń: ${(unit.phone)!"do koordynatora sieci"}<#if (unit.email)??> lub napisz: <a href="mailto:${unit.email}" style="color:#2f6f4f;">${unit.email}</a></#if>.</@m.infobox>
<p style="margin:24px 0 0;">Dziękujemy za Twoją pracę,<br>${(unit.name)!"Koordynator sieci"}</p>
