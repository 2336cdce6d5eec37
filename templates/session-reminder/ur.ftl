سیشن کی یاد دہانی۔
[[subject]]
یاد دہانی: ${session.title}، ${formatDate(session.startsAt, "EEEE d MMMM")}، ${formatTime(session.startsAt)}
[[preheader]]
${session.title}، ${(session.venue.name)!"سینٹر"} — ہمیں بتائیں کہ کیا آپ آ سکتے ہیں
[[html]]
<#import "macros" as m>
<p style="margin:0 0 16px;">السلام علیکم<#if (subscriber.firstName)??> ${subscriber.firstName}</#if>،</p>
<p style="margin:0 0 16px;">یہ <strong>${session.title}</strong> کی یاد دہانی ہے۔</p>
<@m.infobox>
<strong>کب:</strong> ${formatDate(session.startsAt, "full")}، ${formatTime(session.startsAt)}<#if (session.endsAt)??>–${formatTime(session.endsAt)}</#if><br>
<strong>کہاں:</strong> ${(session.venue.name)!"سینٹر"}<#if (session.venue.address)??>، ${session.venue.address}</#if>
</@m.infobox>
<#if (session.whatToBring)?has_content>
<p style="margin:0 0 8px;"><strong>ساتھ کیا لائیں:</strong></p>
<ul style="margin:0 0 16px;padding-right:20px;"><#list session.whatToBring as thing><li>${thing}</li></#list></ul>
</#if>
<#if (session.notes)??><p style="margin:0 0 16px;">${session.notes}</p></#if>
<#if (links.rsvpYes)??>
<p style="margin:16px 0 0;">کیا آپ آ سکتے ہیں؟</p>
<@m.button href=links.rsvpYes label="جی ہاں، میں آؤں گا/گی"/>
<#if (links.rsvpNo)??><p style="margin:0;"><a href="${links.rsvpNo}" style="color:#2f6f4f;">معذرت، میں نہیں آ سکتا/سکتی</a></p></#if>
</#if>
[[sms]]
یاد دہانی: ${session.title}، ${formatDate(session.startsAt, "d MMM")}، ${formatTime(session.startsAt)}، ${(session.venue.name)!"سینٹر"}۔<#if (links.rsvp)??> کیا آپ آئیں گے؟ ${links.rsvp}</#if>
