نئے سبسکرائبر سے تصدیق کی درخواست۔
[[subject]]
براہ کرم تصدیق کریں: ${(list.name)!"ہماری میلنگ لسٹ"}
[[preheader]]
ایک کلک اور آپ فہرست میں شامل ہیں
[[html]]
<#import "macros" as m>
<p style="margin:0 0 16px;">السلام علیکم<#if (subscriber.firstName)??> ${subscriber.firstName}</#if>،</p>
<p style="margin:0 0 16px;">${(unit.name)!"چلڈرن سینٹر"} کی <strong>${(list.name)!"میلنگ لسٹ"}</strong> میں شامل ہونے کا شکریہ۔ براہ کرم تصدیق کریں کہ آپ ہم سے پیغامات حاصل کرنا چاہتے ہیں:</p>
<@m.button href=links.confirm label="جی ہاں، مجھے آگاہ رکھیں"/>
<p style="margin:16px 0 0;color:#666666;font-size:14px;">اگر آپ نے یہ درخواست نہیں کی تو اس پیغام کو نظر انداز کریں۔</p>
[[sms]]
${(unit.name)!"چلڈرن سینٹر"}: ہمارے پیغامات کی تصدیق کریں: ${links.confirm}
