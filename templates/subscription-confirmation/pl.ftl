Prośba o potwierdzenie zapisu.
[[subject]]
Prosimy o potwierdzenie: ${(list.name)!"nasza lista"}
[[preheader]]
Jedno kliknięcie i jesteś na liście
[[html]]
<#import "macros" as m>
<p style="margin:0 0 16px;">Dzień dobry<#if (subscriber.firstName)??> ${subscriber.firstName}</#if>,</p>
<p style="margin:0 0 16px;">Dziękujemy za zapisanie się na listę <strong>${(list.name)!"wiadomości"}</strong> w ${(unit.name)!"centrum dla dzieci"}. Prosimy potwierdzić, że chcesz otrzymywać od nas wiadomości:</p>
<@m.button href=links.confirm label="Tak, chcę otrzymywać wiadomości"/>
<p style="margin:16px 0 0;color:#666666;font-size:14px;">Jeśli to nie Ty, zignoruj tę wiadomość — nie będziemy się więcej odzywać.</p>
[[sms]]
${(unit.name)!"Centrum dla dzieci"}: potwierdź, że chcesz otrzymywać nasze wiadomości: ${links.confirm}
