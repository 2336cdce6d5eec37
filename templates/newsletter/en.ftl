Newsletter. Model: campaign.title, campaign.summary, campaign.intro, campaign.items [{title, body, link, linkText}].
[[subject]]
${(campaign.title)!"News from " + ((unit.name)!"your children's centre")}
[[preheader]]
${(campaign.summary)!"What's on for you and your family"}
[[html]]
<#import "macros" as m>
<p style="margin:0 0 16px;">Hello ${(subscriber.firstName)!"there"},</p>
<#if (campaign.intro)??><p style="margin:0 0 16px;">${campaign.intro}</p></#if>
<#list (campaign.items)![] as item>
<@m.heading>${item.title}</@m.heading>
<p style="margin:0 0 12px;">${item.body}</p>
<#if (item.link)??><@m.button href=item.link label=(item.linkText)!"Find out more"/></#if>
</#list>
<p style="margin:24px 0 0;">See you soon,<br>${(unit.name)!"The team"}</p>
