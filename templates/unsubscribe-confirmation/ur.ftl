ان سبسکرائب کی تصدیق۔
[[subject]]
آپ کو ان سبسکرائب کر دیا گیا ہے
[[preheader]]
اب آپ کو ${(list.name)!"یہ پیغامات"} نہیں ملیں گے
[[html]]
<p style="margin:0 0 16px;">السلام علیکم<#if (subscriber.firstName)??> ${subscriber.firstName}</#if>،</p>
<p style="margin:0 0 16px;">آپ کو <strong>${(list.name)!"ہمارے پیغامات"}</strong> سے ان سبسکرائب کر دیا گیا ہے۔ اب آپ کو یہ پیغامات نہیں ملیں گے۔</p>
<#if (links.preferences)??><p style="margin:0 0 16px;">ارادہ بدل گیا، یا منتخب کرنا چاہتے ہیں کہ آپ کو کیا ملے؟ <a href="${links.preferences}" style="color:#2f6f4f;">اپنی ترجیحات تبدیل کریں</a>۔</p></#if>
<p style="margin:0;">${(unit.name)!"چلڈرن سینٹر"} میں آپ کو ہمیشہ خوش آمدید ہے۔</p>
[[sms]]
${(unit.name)!"چلڈرن سینٹر"}: آپ کو ان سبسکرائب کر دیا گیا ہے۔ اب آپ کو یہ پیغامات نہیں ملیں گے۔
