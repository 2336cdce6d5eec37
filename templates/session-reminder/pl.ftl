Przypomnienie o zajęciach.
[[subject]]
Przypomnienie: ${session.title}, ${formatDate(session.startsAt, "EEEE, d MMMM")}, godz. ${formatTime(session.startsAt)}
[[preheader]]
${session.title} — ${(session.venue.name)!"w centrum"}. Daj nam znać, czy przyjdziesz
[[html]]
<#import "macros" as m>
<p style="margin:0 0 16px;">Dzień dobry<#if (subscriber.firstName)??> ${subscriber.firstName}</#if>,</p>
<p style="margin:0 0 16px;">Przypominamy o zajęciach <strong>${session.title}</strong>.</p>
<@m.infobox>
<strong>Kiedy:</strong> ${formatDate(session.startsAt, "full")}, godz. ${formatTime(session.startsAt)}<#if (session.endsAt)??>–${formatTime(session.endsAt)}</#if><br>
<strong>Gdzie:</strong> ${(session.venue.name)!"w centrum"}<#if (session.venue.address)??>, ${session.venue.address}</#if>
</@m.infobox>
<#if (session.whatToBring)?has_content>
<p style="margin:0 0 8px;"><strong>Co zabrać:</strong></p>
<ul style="margin:0 0 16px;padding-left:20px;"><#list session.whatToBring as thing><li>${thing}</li></#list></ul>
</#if>
<#if (session.notes)??><p style="margin:0 0 16px;">${session.notes}</p></#if>
<#if (links.rsvpYes)??>
<p style="margin:16px 0 0;">Czy przyjdziesz?</p>
<@m.button href=links.rsvpYes label="Tak, będę"/>
<#if (links.rsvpNo)??><p style="margin:0;"><a href="${links.rsvpNo}" style="color:#2f6f4f;">Niestety nie mogę</a></p></#if>
</#if>
[[text]]
<#import "macros" as m>
Dzień dobry<#if (subscriber.firstName)??> ${subscriber.firstName}</#if>,

Przypominamy o zajęciach ${session.title}.

Kiedy: ${formatDate(session.startsAt, "full")}, godz. ${formatTime(session.startsAt)}<#if (session.endsAt)??>-${formatTime(session.endsAt)}</#if>
Gdzie: ${(session.venue.name)!"w centrum"}<#if (session.venue.address)??>, ${session.venue.address}</#if>
<#if (session.whatToBring)?has_content>

Co zabrać:
<#list session.whatToBring as thing>- ${thing}
</#list></#if>
<#if (session.notes)??>
${session.notes}
</#if>
<#if (links.rsvpYes)??>

<@m.button href=links.rsvpYes label="Tak, będę"/>
<#if (links.rsvpNo)??><@m.button href=links.rsvpNo label="Niestety nie mogę"/></#if>
</#if>
[[sms]]
Przypomnienie: ${session.title} ${formatDate(session.startsAt, "d.MM")} godz. ${formatTime(session.startsAt)}, ${(session.venue.name)!"centrum"}.<#if (links.rsvp)??> Przyjdziesz? ${links.rsvp}</#if>
