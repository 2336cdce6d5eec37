Potwierdzenie wypisania.
[[subject]]
Wypisano Cię z listy
[[preheader]]
Nie będziesz już otrzymywać wiadomości ${(list.name)!""}
[[html]]
<p style="margin:0 0 16px;">Dzień dobry<#if (subscriber.firstName)??> ${subscriber.firstName}</#if>,</p>
<p style="margin:0 0 16px;">Wypisaliśmy Cię z listy <strong>${(list.name)!"naszych wiadomości"}</strong>. Nie będziesz już otrzymywać tych wiadomości.</p>
<#if (links.preferences)??><p style="margin:0 0 16px;">Zmiana zdania albo chcesz wybrać, o czym słyszysz? <a href="${links.preferences}" style="color:#2f6f4f;">Zmień ustawienia</a>.</p></#if>
<p style="margin:0;">Zawsze zapraszamy do ${(unit.name)!"naszego centrum dla dzieci"}.</p>
[[sms]]
${(unit.name)!"Centrum dla dzieci"}: wypisano Cię<#if (list.name)??> z listy ${list.name}</#if>. Nie będziesz już otrzymywać tych wiadomości.
