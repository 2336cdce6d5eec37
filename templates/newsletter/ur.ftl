Newsletter (اردو). The layout sets dir="rtl".
[[subject]]
${(campaign.title)!((unit.name)!"آپ کے چلڈرن سینٹر") + " کی خبریں"}
[[preheader]]
${(campaign.summary)!"آپ اور آپ کے خاندان کے لیے کیا ہو رہا ہے"}
[[html]]
<#import "macros" as m>
<p style="margin:0 0 16px;">السلام علیکم<#if (subscriber.firstName)??> ${subscriber.firstName}</#if>،</p>
<#if (campaign.intro)??><p style="margin:0 0 16px;">${campaign.intro}</p></#if>
<#list (campaign.items)![] as item>
<@m.heading>${item.title}</@m.heading>
<p style="margin:0 0 12px;">${item.body}</p>
<#if (item.link)??><@m.button href=item.link label=(item.linkText)!"مزید جانیں"/></#if>
</#list>
<p style="margin:24px 0 0;">جلد ملاقات ہوگی،<br>${(unit.name)!"ٹیم"}</p>
