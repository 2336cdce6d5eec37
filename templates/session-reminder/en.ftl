Session reminder. Model: session.title, session.startsAt, session.endsAt, session.venue.name, session.venue.address,
session.whatToBring [..], session.notes; links.rsvpYes, links.rsvpNo (links.rsvp for SMS).
[[subject]]
Reminder: ${session.title}, ${formatDate(session.startsAt, "EEEE d MMMM")} at ${formatTime(session.startsAt)}
[[preheader]]
${session.title} at ${(session.venue.name)!"the centre"} — let us know if you can come
[[html]]
<#import "macros" as m>
<p style="margin:0 0 16px;">Hello ${(subscriber.firstName)!"there"},</p>
<p style="margin:0 0 16px;">This is a reminder about <strong>${session.title}</strong>.</p>
<@m.infobox>
<strong>When:</strong> ${formatDate(session.startsAt, "full")}, ${formatTime(session.startsAt)}<#if (session.endsAt)??>–${formatTime(session.endsAt)}</#if><br>
<strong>Where:</strong> ${(session.venue.name)!"the centre"}<#if (session.venue.address)??>, ${session.venue.address}</#if>
</@m.infobox>
<#if (session.whatToBring)?has_content>
<p style="margin:0 0 8px;"><strong>What to bring:</strong></p>
<ul style="margin:0 0 16px;padding-left:20px;"><#list session.whatToBring as thing><li>${thing}</li></#list></ul>
</#if>
<#if (session.notes)??><p style="margin:0 0 16px;">${session.notes}</p></#if>
<#if (links.rsvpYes)??>
<p style="margin:16px 0 0;">Can you come?</p>
<@m.button href=links.rsvpYes label="Yes, I'll be there"/>
<#if (links.rsvpNo)??><p style="margin:0;"><a href="${links.rsvpNo}" style="color:#2f6f4f;">Sorry, I can't make it</a></p></#if>
</#if>
[[text]]
<#import "macros" as m>
Hello ${(subscriber.firstName)!"there"},

This is a reminder about ${session.title}.

When: ${formatDate(session.startsAt, "full")}, ${formatTime(session.startsAt)}<#if (session.endsAt)??>-${formatTime(session.endsAt)}</#if>
Where: ${(session.venue.name)!"the centre"}<#if (session.venue.address)??>, ${session.venue.address}</#if>
<#if (session.whatToBring)?has_content>

What to bring:
<#list session.whatToBring as thing>- ${thing}
</#list></#if>
<#if (session.notes)??>
${session.notes}
</#if>
<#if (links.rsvpYes)??>

<@m.button href=links.rsvpYes label="Yes, I'll be there"/>
<#if (links.rsvpNo)??><@m.button href=links.rsvpNo label="Sorry, I can't make it"/></#if>
</#if>
[[sms]]
Reminder: ${session.title} ${formatDate(session.startsAt, "EEE d MMM")} ${formatTime(session.startsAt)} at ${(session.venue.name)!"the centre"}.<#if (links.rsvp)??> Can you come? ${links.rsvp}</#if>
