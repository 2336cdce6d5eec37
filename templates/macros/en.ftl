Shared macros. The html part is used by HTML templates, the text part by plain-text ones.
[[html]]
<#macro button href label>
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:16px 0;"><tr><td style="background:#2f6f4f;border-radius:6px;"><a href="${href}" style="display:inline-block;padding:12px 20px;color:#ffffff;text-decoration:none;font-weight:bold;font-family:Arial,sans-serif;font-size:16px;">${label}</a></td></tr></table>
</#macro>
<#macro heading><h2 style="font-size:18px;line-height:1.3;margin:24px 0 8px;color:#2f6f4f;"><#nested></h2></#macro>
<#macro infobox><div style="background:#f4f1ea;border-radius:6px;padding:12px 16px;margin:16px 0;"><#nested></div></#macro>
[[text]]
<#macro button href label>${label}: ${href}</#macro>
<#macro heading><#nested>
</#macro>
<#macro infobox><#nested></#macro>
