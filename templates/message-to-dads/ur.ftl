"سینٹر والد کے لیے بھی ہیں" فلائر۔
[[subject]]
سینٹر والد کے لیے بھی ہیں
[[preheader]]
${(unit.name)!"آپ کے چلڈرن سینٹر"} میں والد، دادا، نانا اور مرد نگہداشت کرنے والوں کو خوش آمدید
[[html]]
<#import "macros" as m>
<h1 style="font-size:24px;line-height:1.3;margin:0 0 16px;color:#2f6f4f;">سینٹر والد کے لیے بھی ہیں</h1>
<p style="margin:0 0 16px;">السلام علیکم<#if (subscriber.firstName)??> ${subscriber.firstName}</#if>،</p>
<p style="margin:0 0 16px;">چلڈرن سینٹر صرف ماؤں کے لیے نہیں ہیں۔ والد، دادا، نانا اور مرد نگہداشت کرنے والے بھی اتنے ہی خوش آمدید ہیں — کھیلنے، دوسرے والد سے ملنے، اور نیند سے لے کر پیسوں تک ہر چیز پر مشورہ لینے کے لیے۔</p>
<#if (campaign.sessions)?has_content>
<@m.heading>ضرور آئیں</@m.heading>
<ul style="margin:0 0 16px;padding-right:20px;">
<#list campaign.sessions as s>
<li style="margin:0 0 8px;"><strong>${s.title}</strong> — ${formatDate(s.startsAt, "EEEE d MMMM")}، ${formatTime(s.startsAt)}<#if (s.venue)??>، ${s.venue}</#if></li>
</#list>
</ul>
</#if>
<@m.infobox>زیادہ تر سیشنز کے لیے بکنگ کی ضرورت نہیں اور یہ مفت ہیں۔ بس اپنے بچے کو ساتھ لائیں۔</@m.infobox>
<p style="margin:16px 0 0;">کوئی سوال؟ ${(campaign.contactName)!"ٹیم کے کسی بھی رکن"} سے پوچھیں<#if (unit.phone)??>، فون: ${unit.phone}</#if>۔</p>
[[sms]]
${(unit.name)!"چلڈرن سینٹر"} میں والد بھی خوش آمدید ہیں! والد اور بچوں کے لیے مفت سیشنز۔<#if (unit.phone)??> فون: ${unit.phone}</#if>
