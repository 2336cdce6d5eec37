چائلڈ مائنڈر نیٹ ورک بلیٹن۔
[[subject]]
${(campaign.title)!((unit.name)!"چائلڈ مائنڈر نیٹ ورک") + " بلیٹن"}
[[preheader]]
چائلڈ مائنڈرز کے لیے خبریں، تربیت اور یاد دہانیاں
[[html]]
<#import "macros" as m>
<p style="margin:0 0 16px;">محترم ${(subscriber.firstName)!"چائلڈ مائنڈر"}،</p>
<#if (campaign.intro)??><p style="margin:0 0 16px;">${campaign.intro}</p></#if>
<#list (campaign.items)![] as item>
<@m.heading>${item.title}</@m.heading>
<p style="margin:0 0 12px;">${item.body}<#if (item.link)??> <a href="${item.link}" style="color:#2f6f4f;">مزید پڑھیں</a></#if></p>
</#list>
<#if (campaign.training)?has_content>
<@m.heading>آنے والی تربیت</@m.heading>
<ul style="margin:0 0 16px;padding-right:20px;">
<#list campaign.training as t>
<li style="margin:0 0 8px;"><strong>${t.title}</strong> — ${formatDate(t.startsAt, "EEEE d MMMM")}، ${formatTime(t.startsAt)}<#if (t.venue)??>، ${t.venue}</#if></li>
</#list>
</ul>
</#if>
<@m.infobox>سوالات؟ ${(unit.phone)!"اپنے نیٹ ورک کوآرڈینیٹر"} پر فون کریں<#if (unit.email)??> یا <a href="mailto:${unit.email}" style="color:#2f6f4f;">${unit.email}</a> پر ای میل کریں</#if>۔</@m.infobox>
<p style="margin:24px 0 0;">آپ کی محنت کا شکریہ،<br>${(unit.name)!"آپ کا نیٹ ورک کوآرڈینیٹر"}</p>
