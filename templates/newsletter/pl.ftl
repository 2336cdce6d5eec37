Newsletter (polski).
[[subject]]
${(campaign.title)!"Wiadomości z " + ((unit.name)!"Twojego centrum dla dzieci")}
[[preheader]]
${(campaign.summary)!"Co słychać u nas dla Ciebie i Twojej rodziny"}
[[html]]
<#import "macros" as m>
<p style="margin:0 0 16px;">Dzień dobry<#if (subscriber.firstName)??> ${subscriber.firstName}</#if>,</p>
<#if (campaign.intro)??><p style="margin:0 0 16px;">${campaign.intro}</p></#if>
<#list (campaign.items)![] as item>
<@m.heading>${item.title}</@m.heading>
<p style="margin:0 0 12px;">${item.body}</p>
<#if (item.link)??><@m.button href=item.link label=(item.linkText)!"Dowiedz się więcej"/></#if>
</#list>
<p style="margin:24px 0 0;">Do zobaczenia,<br>${(unit.name)!"Zespół"}</p>
