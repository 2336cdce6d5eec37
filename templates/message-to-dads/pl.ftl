Ulotka "Centra są także dla ojców".
[[subject]]
Centra są także dla ojców
[[preheader]]
Ojcowie, dziadkowie i opiekunowie są mile widziani w ${(unit.name)!"Twoim centrum dla dzieci"}
[[html]]
<#import "macros" as m>
<h1 style="font-size:24px;line-height:1.3;margin:0 0 16px;color:#2f6f4f;">Centra są także dla ojców</h1>
<p style="margin:0 0 16px;">Cześć<#if (subscriber.firstName)??> ${subscriber.firstName}</#if>,</p>
<p style="margin:0 0 16px;">Centra dla dzieci są nie tylko dla mam. Ojcowie, dziadkowie, ojczymowie i opiekunowie są tak samo mile widziani — by się bawić, poznać innych ojców i uzyskać poradę we wszystkim, od snu po finanse.</p>
<#if (campaign.sessions)?has_content>
<@m.heading>Zapraszamy</@m.heading>
<ul style="margin:0 0 16px;padding-left:20px;">
<#list campaign.sessions as s>
<li style="margin:0 0 8px;"><strong>${s.title}</strong> — ${formatDate(s.startsAt, "EEEE, d MMMM")}, godz. ${formatTime(s.startsAt)}<#if (s.venue)??>, ${s.venue}</#if></li>
</#list>
</ul>
</#if>
<@m.infobox>Na większość zajęć nie trzeba się zapisywać i są bezpłatne. Wystarczy przyjść z dzieckiem.</@m.infobox>
<p style="margin:16px 0 0;">Masz pytania? Zapytaj ${(campaign.contactName)!"kogokolwiek z zespołu"}<#if (unit.phone)??>, tel. ${unit.phone}</#if>.</p>
[[sms]]
Ojcowie też są mile widziani w ${(unit.name)!"centrum dla dzieci"}! Bezpłatne zajęcia dla ojców i dzieci.<#if (unit.phone)??> Tel. ${unit.phone}</#if>
