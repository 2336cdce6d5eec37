Layout: the message body arrives as ${content} (already HTML in the html part, text in the text part).
[[html]]
<!DOCTYPE html>
<html lang="${language}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${subject}</title>
</head>
<body style="margin:0;padding:0;background:#f4f1ea;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f1ea;">
<tr><td align="center" style="padding:12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" dir="${dir}" style="max-width:600px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:20px 24px;background:#2f6f4f;color:#ffffff;font-family:Arial,sans-serif;font-size:20px;font-weight:bold;border-radius:8px 8px 0 0;">
<#if (unit.logoUrl)??><img src="${unit.logoUrl}" alt="${(unit.name)!"آپ کا چلڈرن سینٹر"}" height="48" style="display:block;border:0;max-width:100%;"><#else>${(unit.name)!"آپ کا چلڈرن سینٹر"}</#if>
</td></tr>
<tr><td style="padding:24px;font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#222222;">
${content}
</td></tr>
<tr><td style="padding:16px 24px;font-family:Arial,sans-serif;font-size:13px;line-height:1.5;color:#666666;border-top:1px solid #e5e5e5;">
<p style="margin:0 0 8px;">${(unit.name)!"آپ کا چلڈرن سینٹر"}<#if (unit.address)??><br>${unit.address}</#if><#if (unit.phone)??><br>${unit.phone}</#if></p>
<#if (list.name)??><p style="margin:0 0 8px;">آپ کو یہ پیغام اس لیے ملا کیونکہ آپ “${list.name}” کی فہرست میں شامل ہیں۔</p></#if>
<p style="margin:0;"><#if (links.viewInBrowser)??><a href="${links.viewInBrowser}" style="color:#666666;">براؤزر میں دیکھیں</a> · </#if><#if (links.preferences)??><a href="${links.preferences}" style="color:#666666;">آپ کی ترجیحات</a> · </#if><#if (links.unsubscribe)??><a href="${links.unsubscribe}" style="color:#666666;">ان سبسکرائب کریں</a></#if></p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
[[text]]
${(unit.name)!"آپ کا چلڈرن سینٹر"}

${content}

--
${(unit.name)!"آپ کا چلڈرن سینٹر"}<#if (unit.address)??>, ${unit.address}</#if><#if (unit.phone)??>, ${unit.phone}</#if>
<#if (links.preferences)??>آپ کی ترجیحات: ${links.preferences}
</#if><#if (links.unsubscribe)??>ان سبسکرائب کریں: ${links.unsubscribe}
</#if>
